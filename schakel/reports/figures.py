"""The figures of the reports, counted in SQL per region (PRODUCT.md section 15).

Nothing here returns a person or a case: only counts per group, durations in days, and
averages. The region comes from the reader's own organisation (schakel.reports.views);
year, regietafel and municipality narrow it down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    ExtractQuarter,
    ExtractYear,
    TruncDate,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.cases.lifecycle import OPEN_STATES
from schakel.cases.models import Case as CaseModel
from schakel.cases.models import CasePerson, LifeDomain, PersonRole
from schakel.closure.models import Closure, Outcome
from schakel.followup.models import ProgressMeasurement
from schakel.incidents.models import PoliceIncident
from schakel.nazorg.models import DetentionNotice
from schakel.organisations.models import Municipality
from schakel.persons.models import Gender, Person
from schakel.plans.models import DomainAnalysis, DomainStatus, PlanVersion
from schakel.referrals.models import Referral, ReferralSource
from schakel.reports.tables import ReportTable
from schakel.retention.models import RetainedCaseStatistic
from schakel.tables.models import Table
from schakel.triage.models import TriageDecision, TriageOutcome

NO_TABLE = "__geen__"


@dataclass(frozen=True)
class Scope:
    """Which part of the region a report covers."""

    region_id: int
    year: int
    table_id: int | None = None
    municipality_id: int | None = None

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    def during(self, field: str) -> dict[str, datetime.datetime]:
        """The lookups for a moment (`field`, a datetime) in the year, local time: as
        `field__date__range=period`, but on the column itself, so the database estimates
        the rows from its statistics and may use an index (a date computed per row has
        neither, and at 100,000 cases the planner chose nested loops for 100,000 rows)."""
        start = timezone.make_aware(datetime.datetime(self.year, 1, 1))
        end = timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))
        return {f"{field}__gte": start, f"{field}__lt": end}

    def cases(self, prefix: str = "") -> Q:
        """The condition on a case (reached through `prefix`) of this scope."""
        condition = Q(**{f"{prefix}region_id": self.region_id})
        if self.table_id is not None:
            condition &= Q(**{f"{prefix}table_id": self.table_id})
        if self.municipality_id is not None:
            condition &= Q(**{f"{prefix}municipality_id": self.municipality_id})
        return condition


def _retained(scope: Scope) -> QuerySet[RetainedCaseStatistic]:
    """The anonymous statistics of the scope's removed cases (schakel.retention): what a
    case still counts for after its personal data went at the end of its retention."""
    rows = RetainedCaseStatistic.objects.filter(region_id=scope.region_id)
    if scope.table_id is not None:
        rows = rows.filter(table_id=scope.table_id)
    if scope.municipality_id is not None:
        rows = rows.filter(municipality_id=scope.municipality_id)
    return rows


def _add(counts: dict[tuple, int], rows, *keys: str, default=None) -> None:
    """Add grouped statistics rows to the live counts."""
    for row in rows.values(*keys).annotate(n=Count("pk")).order_by():
        key = tuple(row[k] if row[k] not in (None, "") else default for k in keys)
        counts[key] = counts.get(key, 0) + row["n"]


def _tables(scope: Scope) -> list[Table]:
    tables = Table.objects.filter(region_id=scope.region_id).order_by("name")
    if scope.table_id is not None:
        tables = tables.filter(pk=scope.table_id)
    return list(tables)


def _grid(counts: dict[tuple, int], row_keys, column_keys) -> list[list[int]]:
    return [[counts.get((r, c), 0) for c in column_keys] for r in row_keys]


# --- Productie ------------------------------------------------------------------------


def referrals_by_source(scope: Scope) -> ReportTable:
    """Meldingen received in the year, per municipality and source."""
    start, end = scope.period
    rows = (
        Referral.objects.filter(scope.cases("case__"), received_on__range=(start, end))
        .values("case__municipality__name", "source")
        .annotate(n=Count("pk"))
    )
    counts = {(r["case__municipality__name"], r["source"]): r["n"] for r in rows}
    _add(
        counts,
        _retained(scope).filter(received_on__range=(start, end)).exclude(referral_source=""),
        "municipality__name",
        "referral_source",
    )
    municipalities = sorted({m for m, _s in counts})
    sources = list(ReferralSource.values)
    grid = _grid(counts, municipalities, sources)
    return ReportTable(
        title=_("Meldingen per gemeente en bron"),
        row_label=_("Gemeente"),
        columns=[str(ReferralSource(s).label) for s in sources],
        rows=list(zip(municipalities, grid, strict=True)),
        unit=_("meldingen"),
    )


def triage_outcomes(scope: Scope) -> ReportTable:
    """Triage decisions taken in the year, per regietafel (none for the other outcomes)."""
    start, end = scope.period
    rows = (
        TriageDecision.objects.filter(scope.cases("case__"), **scope.during("decided_at"))
        .values("table_id", "outcome")
        .annotate(n=Count("pk"))
    )
    counts = {(r["table_id"] or NO_TABLE, r["outcome"]): r["n"] for r in rows}
    _add(
        counts,
        _retained(scope).filter(triaged_on__range=(start, end)).exclude(triage_outcome=""),
        "table_id",
        "triage_outcome",
        default=NO_TABLE,
    )
    tables = _tables(scope)
    keys = [t.pk for t in tables] + [NO_TABLE]
    labels = [t.name for t in tables] + [_("Zonder regietafel")]
    outcomes = list(TriageOutcome.values)
    return ReportTable(
        title=_("Triagebesluiten per regietafel"),
        row_label=_("Regietafel"),
        columns=[str(TriageOutcome(o).label) for o in outcomes],
        rows=list(zip(labels, _grid(counts, keys, outcomes), strict=True)),
        unit=_("besluiten"),
    )


def plans_and_cases(scope: Scope) -> ReportTable:
    """Per regietafel: plans van aanpak first agreed in the year, and cases running now."""
    start, end = scope.period
    new_plans = dict(
        PlanVersion.objects.filter(
            scope.cases("plan__case__"), number=1, **scope.during("agreed_at")
        )
        .values_list("plan__case__table_id")
        .annotate(n=Count("pk"))
        .values_list("plan__case__table_id", "n")
    )
    for row in (
        _retained(scope)
        .filter(plan_agreed_on__range=(start, end))
        .values("table_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        new_plans[row["table_id"]] = new_plans.get(row["table_id"], 0) + row["n"]
    running = dict(
        CaseModel.objects.filter(scope.cases(), state__in=OPEN_STATES, table__isnull=False)
        .values_list("table_id")
        .annotate(n=Count("pk"))
        .values_list("table_id", "n")
    )
    tables = _tables(scope)
    return ReportTable(
        title=_("Plannen van aanpak en lopende casussen per regietafel"),
        row_label=_("Regietafel"),
        columns=[_("Nieuwe plannen van aanpak"), _("Nu lopende casussen")],
        rows=[(t.name, [new_plans.get(t.pk, 0), running.get(t.pk, 0)]) for t in tables],
        totals=False,
        unit=_("casussen"),
    )


def closures_by_result(scope: Scope) -> ReportTable:
    """Cases closed in the year, per regietafel and result against the hoofddoel."""
    start, end = scope.period
    rows = (
        Closure.objects.filter(scope.cases("case__"), **scope.during("closed_at"))
        .values("case__table_id", "outcome")
        .annotate(n=Count("pk"))
    )
    counts = {(r["case__table_id"] or NO_TABLE, r["outcome"]): r["n"] for r in rows}
    _add(
        counts,
        _retained(scope).filter(closed_on__range=(start, end)).exclude(main_goal_outcome=""),
        "table_id",
        "main_goal_outcome",
        default=NO_TABLE,
    )
    tables = _tables(scope)
    keys = [t.pk for t in tables]
    outcomes = list(Outcome.values)
    return ReportTable(
        title=_("Afgesloten casussen per resultaat op het hoofddoel"),
        row_label=_("Regietafel"),
        columns=[str(Outcome(o).label) for o in outcomes],
        rows=list(zip([t.name for t in tables], _grid(counts, keys, outcomes), strict=True)),
        unit=_("casussen"),
    )


def cases_by_municipality(scope: Scope) -> ReportTable:
    """New cases in the year per municipality and regietafel (or still without one)."""
    rows = (
        CaseModel.objects.filter(scope.cases(), **scope.during("created_at"))
        .values("municipality__name", "table_id")
        .annotate(n=Count("pk"))
    )
    counts = {(r["municipality__name"], r["table_id"] or NO_TABLE): r["n"] for r in rows}
    _add(
        counts,
        _retained(scope).filter(year=scope.year),
        "municipality__name",
        "table_id",
        default=NO_TABLE,
    )
    municipalities = sorted({m for m, _t in counts})
    tables = _tables(scope)
    keys = [t.pk for t in tables] + [NO_TABLE]
    return ReportTable(
        title=_("Nieuwe casussen per gemeente en regietafel"),
        row_label=_("Gemeente"),
        columns=[t.name for t in tables] + [_("Nog zonder regietafel")],
        rows=list(zip(municipalities, _grid(counts, municipalities, keys), strict=True)),
        unit=_("casussen"),
    )


# --- Doorlooptijden -------------------------------------------------------------------


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the value at a fraction of the ordered column, with
    linear interpolation between the two nearest values."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class _Days(Func):
    """A duration as a number of days, on PostgreSQL and on SQLite alike."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a duration as microseconds.
        return self.as_sql(
            compiler, connection, template="(%(expressions)s) / 86400000000.0", **extra
        )


@dataclass(frozen=True)
class LeadTime:
    label: str
    count: int
    median: float | None
    p90: float | None


def _percentiles(*sources: QuerySet) -> tuple[int, float | None, float | None]:
    """Count, median and 90th percentile of the column `d` over all sources together (live
    cases and the statistics of removed ones), computed in the database."""
    # The SQL is the ORM's own for each source, with every value passed as a parameter:
    # nothing typed by a user is put into the text (hence the S608 exemptions below).
    parts: list[str] = []
    params: list[Any] = []
    for source in sources:
        sql, source_params = source.order_by().values("d").query.sql_with_params()
        parts.append(f"SELECT d FROM ({sql}) AS part WHERE d IS NOT NULL")  # noqa: S608
        params.extend(source_params)
    union = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            percentiles = (
                "SELECT COUNT(d), percentile_cont(0.5) WITHIN GROUP (ORDER BY d), "
                "percentile_cont(0.9) WITHIN GROUP (ORDER BY d) FROM ({}) AS lead"
            )
            cursor.execute(percentiles.format(union), params)
            count, median, p90 = cursor.fetchone()
            return count, median, p90
        # SQLite has no percentile function: the two positions are read with ORDER BY and
        # OFFSET, and interpolated linearly as percentile_cont does.
        cursor.execute(f"SELECT COUNT(d) FROM ({union}) AS lead", params)  # noqa: S608
        (count,) = cursor.fetchone()
        if not count:
            return 0, None, None

        def at(fraction: float) -> float:
            position = fraction * (count - 1)
            low = int(position)
            cursor.execute(
                f"SELECT d FROM ({union}) AS lead ORDER BY d LIMIT 2 OFFSET %s",  # noqa: S608
                [*params, low],
            )
            pair = [float(row[0]) for row in cursor.fetchall()]
            if len(pair) == 1 or position == low:
                return pair[0]
            return pair[0] + (pair[1] - pair[0]) * (position - low)

        return count, at(0.5), at(0.9)


def _days(later: str, earlier: str) -> _Days:
    return _Days(ExpressionWrapper(F(later) - F(earlier), output_field=DurationField()))


def lead_times(scope: Scope) -> list[LeadTime]:
    """Days from melding to the first triage decision, from that decision to the first
    agreed plan van aanpak, and from melding to plan, for the steps taken in the year;
    removed cases count through their statistics rows (dates only)."""
    start, end = scope.period
    # Each step starts from the rows of the year (triage decisions, first plan versions),
    # not from every case of the region with a subquery per case: at 100,000 cases that
    # was seconds, this is one scan of the decisions and a few hundred plan versions.
    earlier_triage = TriageDecision.objects.filter(case=OuterRef("case")).filter(
        Q(decided_at__lt=OuterRef("decided_at"))
        | Q(decided_at=OuterRef("decided_at"), pk__lt=OuterRef("pk"))
    )
    first_triages = TriageDecision.objects.filter(
        scope.cases("case__"), **scope.during("decided_at")
    ).exclude(Exists(earlier_triage))
    first_triage = (
        TriageDecision.objects.filter(case=OuterRef("plan__case"))
        .order_by("decided_at", "pk")
        .values("decided_at")[:1]
    )
    first_plans = PlanVersion.objects.filter(
        scope.cases("plan__case__"), number=1, **scope.during("agreed_at")
    )
    kept = _retained(scope)
    steps = [
        (
            _("Melding → triage"),
            first_triages.annotate(d=_days("decided_at", "case__created_at")),
            kept.filter(triaged_on__range=(start, end)).annotate(
                d=_days("triaged_on", "received_on")
            ),
        ),
        (
            _("Triage → plan van aanpak"),
            first_plans.annotate(triaged_at=Subquery(first_triage))
            .filter(triaged_at__isnull=False)
            .annotate(d=_days("agreed_at", "triaged_at")),
            kept.filter(plan_agreed_on__range=(start, end)).annotate(
                d=_days("plan_agreed_on", "triaged_on")
            ),
        ),
        (
            _("Melding → plan van aanpak"),
            first_plans.annotate(d=_days("agreed_at", "plan__case__created_at")),
            kept.filter(plan_agreed_on__range=(start, end)).annotate(
                d=_days("plan_agreed_on", "received_on")
            ),
        ),
    ]
    result = []
    for label, live, removed in steps:
        count, median, p90 = _percentiles(live, removed)
        result.append(LeadTime(label=label, count=count, median=median, p90=p90))
    return result


# --- Trends ---------------------------------------------------------------------------

AGE_GROUPS = (
    ("0-17", _("jonger dan 18")),
    ("18-23", _("18 tot en met 23")),
    ("24+", _("24 en ouder")),
    ("?", _("onbekend")),
)


# The finer age groups of a removed case's statistics, folded into the report's groups.
RETAINED_AGE_GROUPS = {
    "0-11": "0-17",
    "12-17": "0-17",
    "18-23": "18-23",
    "24-29": "24+",
    "30-49": "24+",
    "50+": "24+",
}


class _AgeInYears(Func):
    """Whole years from the second date (birth) to the first, on PostgreSQL and SQLite
    alike: below 18 exactly while the 18th birthday is still to come (born on 29 February,
    one has it on 1 March in other years).

    PostgreSQL's age() reads both dates once; the yyyymmdd numbers (see _date_key) read
    each date three times, and the reports compute this for every case of a year.
    """

    output_field = IntegerField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date_part('year', age(%(expressions)s))", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        on, born = self.source_expressions
        on_sql, on_params = compiler.compile(_date_key(on))
        born_sql, born_params = compiler.compile(_date_key(born))
        return f"(({on_sql} - {born_sql}) / 10000)", (*on_params, *born_params)


def _age_at_case_start(born: str) -> _AgeInYears:
    """The person's age in whole years on the (local) day the case began, in SQL."""
    return _AgeInYears(TruncDate("case__created_at"), F(born))


def _age_group(born: str) -> Case:
    return Case(
        When(**{f"{born}__isnull": True}, then=Value("?")),
        When(age__lt=18, then=Value("0-17")),
        When(age__lt=24, then=Value("18-23")),
        default=Value("24+"),
    )


def _people_at_start(scope: Scope, roles: list[str]) -> QuerySet:
    links = CasePerson.objects.filter(
        scope.cases("case__"), role__in=roles, **scope.during("case__created_at")
    )
    born = "person__birth_date"
    return links.annotate(age=_age_at_case_start(born)).annotate(age_group=_age_group(born))


def age_and_gender(scope: Scope) -> ReportTable:
    """Hoofdpersonen of the cases begun in the year, by age group and gender."""
    rows = (
        _people_at_start(scope, [PersonRole.HOOFDPERSOON])
        .values("age_group", "person__gender")
        .annotate(n=Count("pk"))
    )
    counts = {(r["age_group"], r["person__gender"]): r["n"] for r in rows}
    for row in (
        _retained(scope)
        .filter(year=scope.year)
        .values("age_group", "gender")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (RETAINED_AGE_GROUPS.get(row["age_group"], "?"), row["gender"] or Gender.ONBEKEND)
        counts[key] = counts.get(key, 0) + row["n"]
    genders = list(Gender.values)
    return ReportTable(
        title=_("Leeftijd en geslacht van de hoofdpersonen"),
        row_label=_("Leeftijd bij de start van de casus"),
        columns=[str(Gender(g).label) for g in genders],
        rows=[
            (str(label), row)
            for (key, label), row in zip(
                AGE_GROUPS, _grid(counts, [k for k, _l in AGE_GROUPS], genders), strict=True
            )
        ],
        unit=_("personen"),
    )


def youth_suspects_by_gender(scope: Scope) -> ReportTable:
    """Youth (under 24) as pleger or hoofdpersoon in the cases begun in the year, by gender:
    the share of girls among youth suspects that the administration follows (kerntaak 3)."""
    rows = (
        _people_at_start(scope, [PersonRole.PLEGER, PersonRole.HOOFDPERSOON])
        # Under 24 on a day of the year means born after 1 January 24 years before it: a
        # condition on the column itself, so the database leaves the older ones out
        # before computing anyone's age.
        .filter(person__birth_date__gt=datetime.date(scope.year - 24, 1, 1))
        .filter(age_group__in=["0-17", "18-23"])
        .values("person__gender")
        .annotate(n=Count("person_id", distinct=True))
    )
    counts = {r["person__gender"]: r["n"] for r in rows}
    labels = {
        Gender.VROUW: _("Meisjes en jonge vrouwen"),
        Gender.MAN: _("Jongens en jonge mannen"),
        Gender.ANDERS: _("Anders"),
        Gender.ONBEKEND: _("Onbekend"),
    }
    return ReportTable(
        title=_("Jeugdige verdachten (jonger dan 24) naar geslacht"),
        row_label=_("Geslacht"),
        columns=[_("Personen")],
        rows=[(str(labels[Gender(g)]), [counts.get(g, 0)]) for g in Gender.values],
        unit=_("personen"),
    )


def recurring_life_domains(scope: Scope) -> ReportTable:
    """How often each leefgebied was judged in the analysis of the plans of cases begun in
    the year: the leefgebieden that keep coming back."""
    rows = (
        DomainAnalysis.objects.filter(
            scope.cases("plan__case__"), **scope.during("plan__case__created_at")
        )
        .values("life_domain_id", "status")
        .annotate(n=Count("pk"))
    )
    counts = {(r["life_domain_id"], r["status"]): r["n"] for r in rows}
    domains = list(LifeDomain.objects.all())
    statuses = list(DomainStatus.values)
    grid = _grid(counts, [d.pk for d in domains], statuses)
    return ReportTable(
        title=_("Leefgebieden in de analyse van de plannen van aanpak"),
        row_label=_("Leefgebied"),
        columns=[str(DomainStatus(s).label) for s in statuses],
        rows=[(d.name, row) for d, row in zip(domains, grid, strict=True)],
        totals=False,
        unit=_("plannen"),
    )


@dataclass(frozen=True)
class Attainment:
    quarter: int
    count: int
    main_goal: float | None
    cooperation: float | None


def goal_attainment(scope: Scope) -> list[Attainment]:
    """Stappenmeter: the average score on the hoofddoel and on the cooperation (1–5) per
    quarter of the year, with how many measurements each rests on."""
    start, end = scope.period
    rows = (
        ProgressMeasurement.objects.filter(scope.cases("case__"), measured_on__range=(start, end))
        .annotate(quarter=ExtractQuarter("measured_on"))
        .values("quarter")
        .annotate(n=Count("pk"), main=Avg("main_goal_score"), cooperation=Avg("cooperation"))
    )
    by_quarter = {r["quarter"]: r for r in rows}
    result = []
    for quarter in (1, 2, 3, 4):
        row = by_quarter.get(quarter)
        result.append(
            Attainment(
                quarter=quarter,
                count=row["n"] if row else 0,
                main_goal=row["main"] if row else None,
                cooperation=row["cooperation"] if row else None,
            )
        )
    return result


def years(region_id: int) -> list[int]:
    """The years with cases in the region, newest first (at least the current one)."""
    first = CaseModel.objects.filter(region_id=region_id).aggregate(first=Min("created_at"))[
        "first"
    ]
    this_year = datetime.date.today().year
    start = first.year if first else this_year
    return list(range(this_year, start - 1, -1))


# --- Nazorg ---------------------------------------------------------------------------

# The outflow table of seed 002 sets four years side by side; so does this one.
OUTFLOW_YEARS = 4


def detainee_outflow(scope: Scope) -> ReportTable:
    """Uitstroom gedetineerden (seed 002, source DJI): detentiemeldingen per municipality
    of return, by the year of release, for the chosen year and the three before it.

    The date that counts is the notice's expected release date: the one release date
    Schakel keeps. The ZVH moves it (nazorg.services.change_release_date) when the release
    is brought forward or postponed, so once a detainee is out it is the actual day of
    release, and before that the best known one. The municipality filter narrows to the
    municipality of return, the regietafel filter to the table of the notice's case.
    Removed cases keep no release date in their statistics: they drop out.
    """
    first_year = scope.year - OUTFLOW_YEARS + 1
    notices = DetentionNotice.objects.filter(
        region_id=scope.region_id,
        expected_release_on__range=(datetime.date(first_year, 1, 1), scope.period[1]),
    )
    if scope.table_id is not None:
        notices = notices.filter(case__table_id=scope.table_id)
    if scope.municipality_id is not None:
        notices = notices.filter(return_municipality_id=scope.municipality_id)
    rows = (
        notices.annotate(release_year=ExtractYear("expected_release_on"))
        .values("return_municipality__name", "release_year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(r["return_municipality__name"], r["release_year"]): r["n"] for r in rows}
    municipalities = Municipality.objects.filter(region_id=scope.region_id)
    if scope.municipality_id is not None:
        municipalities = municipalities.filter(pk=scope.municipality_id)
    # Every municipality of the region, also one without outflow, as in the DJI table.
    names = sorted(set(municipalities.values_list("name", flat=True)) | {m for m, _y in counts})
    year_keys = list(range(first_year, scope.year + 1))
    return ReportTable(
        title=_("Uitstroom gedetineerden per gemeente van terugkeer"),
        row_label=_("Gemeente van terugkeer"),
        columns=[str(y) for y in year_keys],
        rows=list(zip(names, _grid(counts, names, year_keys), strict=True)),
        unit=_("gedetineerden"),
    )


# --- Rendementsanalyse ----------------------------------------------------------------

ALL_AGES = "alle"


@dataclass(frozen=True)
class Incidence:
    """Police incidents of a group of persons in the 12 months before and after their
    reference date: how many persons, and the incidents of all of them together."""

    persons: int
    before: int
    after: int

    def _per_person(self, incidents: int) -> float | None:
        return incidents / self.persons if self.persons else None

    @property
    def average_before(self) -> float | None:
        return self._per_person(self.before)

    @property
    def average_after(self) -> float | None:
        return self._per_person(self.after)

    @property
    def change(self) -> float | None:
        """After − before, as an average per person."""
        return self._per_person(self.after - self.before)


@dataclass(frozen=True)
class Rendement:
    age_group: str
    label: str
    plan: Incidence
    control: Incidence

    @property
    def difference_of_differences(self) -> float | None:
        """The plan group's change minus the control group's: below zero, the persons with
        a plan van aanpak came less often into contact with the police than the control
        group, their situation before the start taken into account."""
        if self.plan.change is None or self.control.change is None:
            return None
        return self.plan.change - self.control.change


class _NextDay(Func):
    """The day after a date, on PostgreSQL and on SQLite alike."""

    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s + 1)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, '+1 day')", **extra
        )


class _DateKey(Func):
    """A date as the number yyyymmdd, on PostgreSQL and on SQLite alike.

    On PostgreSQL date_part (a float) rather than EXTRACT (a numeric since version 14,
    several times slower): the reports compute it for every case or incident of a year.
    """

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # The date is named three times: its parameters (a time zone) three times too.
        return (
            f"(date_part('year', {sql}) * 10000 + date_part('month', {sql}) * 100"
            f" + date_part('day', {sql}))",
            (*params, *params, *params),
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(REPLACE(date(%(expressions)s), '-', '') AS INTEGER)",
            **extra,
        )


def _date_key(field: str | Expression) -> _DateKey:
    """A date as the number yyyymmdd. The same calendar day a year earlier is this number
    minus 10000, on every database: that is what "12 months" means here (from 29 February
    a year back is 29 February's number, so the window begins on 1 March). The difference
    of two such numbers divided by 10000 is an age in whole years (below 18 exactly when
    the 18th birthday is still to come)."""
    return _DateKey(field)


def _incidence_by_age(persons: QuerySet) -> dict[str, Incidence]:
    """Per age group at the reference date: the persons (annotated with `reference`, one
    row each) and their incidents in the window before and after it, in one SQL query.

    Windows, with R the reference date: before = [R − 12 months, R), after =
    [R, R + 12 months). An incident on R counts as after; one exactly 12 months before R
    as before; one exactly 12 months after R no longer counts.
    """
    # First each person once, with the reference date's number and the age group: the
    # reference is a subquery, which must be evaluated per person, not per incident. Then
    # the incidents joined to them, counted per window. MATERIALIZED keeps the database
    # (SQLite as PostgreSQL) from folding the per-person subquery into the join.
    people = (
        persons.annotate(age=(_date_key("reference") - _date_key("birth_date")) / 10000)
        .annotate(age_group=_age_group("birth_date"), reference_day=_date_key("reference"))
        .values("pk", "age_group", "reference_day")
        .order_by()
    )
    incidents = (
        PoliceIncident.objects.annotate(day=_date_key("occurred_on"))
        .values("person_id", "day")
        .order_by()
    )
    people_sql, people_params = people.query.sql_with_params()
    incidents_sql, incidents_params = incidents.query.sql_with_params()

    # Each person's incidents counted per window by a subquery on the person's own
    # incidents (the index on person and date), not by joining every incident of the
    # region: a few rows per person instead of all of them.
    def window(low: str, high: str) -> str:
        return (
            f"(SELECT COUNT(*) FROM ({incidents_sql}) AS incident "  # noqa: S608
            "WHERE incident.person_id = people.person_id "
            f"AND incident.day >= {low} AND incident.day < {high})"
        )

    # The SQL is the ORM's own for both parts, every value a parameter (hence S608 below).
    query = (
        f"WITH people (person_id, age_group, reference_day) AS MATERIALIZED ({people_sql}) "  # noqa: S608
        "SELECT age_group, COUNT(*), SUM(n_before), SUM(n_after) FROM ("
        "SELECT people.age_group, "
        f"{window('people.reference_day - 10000', 'people.reference_day')} AS n_before, "
        f"{window('people.reference_day', 'people.reference_day + 10000')} AS n_after "
        "FROM people) AS counted GROUP BY age_group"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner's cost of the control group (every person of the region) sets off
            # JIT compilation, which took longer than the query it was meant to speed up.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, [*people_params, *incidents_params, *incidents_params])
        rows = cursor.fetchall()
    return {
        age_group: Incidence(persons=n, before=int(n_before or 0), after=int(n_after or 0))
        for age_group, n, n_before, n_after in rows
    }


def plan_group(scope: Scope) -> QuerySet[Person]:
    """The persons with a plan van aanpak: hoofdpersoon of a case of the scope whose first
    plan version was agreed in the chosen year. Their reference date is the day of that
    agreement, the plan's start; with two such plans in the year, the first one."""
    # One grouped query over the join (no subquery per person): the conditions in one
    # filter() call, so the Min below reads the same plan versions.
    return (
        Person.objects.filter(
            scope.cases("case_links__case__"),
            region_id=scope.region_id,
            case_links__role=PersonRole.HOOFDPERSOON,
            case_links__case__plan__versions__number=1,
            **scope.during("case_links__case__plan__versions__agreed_at"),
        )
        .annotate(reference=Min(TruncDate("case_links__case__plan__versions__agreed_at")))
        .order_by()
    )


def control_group(scope: Scope) -> QuerySet[Person]:
    """The control group: persons of the region with a police incident in the chosen year
    who were never discussed, that is: never a person (in any role) of a case that was
    placed on a regietafel or has a plan van aanpak. Persons merged into another are left
    out (their incidents moved along).

    Their reference date is the day after their first incident in the year. A plan group
    person comes to the ZVH after an incident, which then lies before the start; the day
    after puts the control group's first incident on the same side.

    The municipality filter narrows the control group to the persons living in that
    municipality (Person.municipality; someone whose municipality is unknown then drops
    out), as it narrows the plan group to the cases of that municipality. The regietafel
    filter does not narrow it: who was never discussed was at no table, so the control
    group stays everyone of the region (or municipality) never discussed; the age groups
    are what make the comparison with a table's own population fair.
    """
    start, end = scope.period
    discussed = CasePerson.objects.filter(person=OuterRef("pk")).filter(
        Q(case__table__isnull=False) | Q(case__plan__isnull=False)
    )
    persons = Person.objects.filter(region_id=scope.region_id, merged_into__isnull=True)
    if scope.municipality_id is not None:
        persons = persons.filter(municipality_id=scope.municipality_id)
    # From the year's incidents, grouped per person (not a subquery per person of the
    # region): the condition and the Min in one filter() call read the same incidents.
    return (
        persons.filter(police_incidents__occurred_on__range=(start, end))
        .exclude(Exists(discussed))
        .annotate(reference=_NextDay(Min("police_incidents__occurred_on")))
        .order_by()
    )


def rendement(scope: Scope) -> list[Rendement]:
    """The rendementsanalyse (seed 001, Verwey-Jonker; PRODUCT.md section 15): police
    incidents in the 12 months before and after the reference date, for the persons with a
    plan van aanpak against the control group, per age group at the reference date and for
    all ages together. Counted in SQL; only the per-group sums are added up here.

    Removed cases drop out: their statistics keep no person, so no incidents.
    """
    plan = _incidence_by_age(plan_group(scope))
    control = _incidence_by_age(control_group(scope))
    empty = Incidence(persons=0, before=0, after=0)

    def together(groups: dict[str, Incidence]) -> Incidence:
        return Incidence(
            persons=sum(g.persons for g in groups.values()),
            before=sum(g.before for g in groups.values()),
            after=sum(g.after for g in groups.values()),
        )

    result = [Rendement(ALL_AGES, _("Alle leeftijden"), together(plan), together(control))]
    result.extend(
        Rendement(key, str(label), plan.get(key, empty), control.get(key, empty))
        for key, label in AGE_GROUPS
    )
    return result
