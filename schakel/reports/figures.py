"""The figures of the reports, counted in SQL per region (PRODUCT.md section 15).

Nothing here returns a person or a case: only counts per group, durations in days, and
averages. The region comes from the reader's own organisation (schakel.reports.views);
year, regietafel and municipality narrow it down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    DurationField,
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
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _

from schakel.cases.lifecycle import OPEN_STATES
from schakel.cases.models import Case as CaseModel
from schakel.cases.models import CasePerson, LifeDomain, PersonRole
from schakel.closure.models import Closure, Outcome
from schakel.followup.models import ProgressMeasurement
from schakel.persons.models import Gender
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
        TriageDecision.objects.filter(scope.cases("case__"), decided_at__date__range=(start, end))
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
            scope.cases("plan__case__"), number=1, agreed_at__date__range=(start, end)
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
        Closure.objects.filter(scope.cases("case__"), closed_at__date__range=(start, end))
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
    start, end = scope.period
    rows = (
        CaseModel.objects.filter(scope.cases(), created_at__date__range=(start, end))
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
    first_triage = (
        TriageDecision.objects.filter(case=OuterRef("pk"))
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    first_plan = PlanVersion.objects.filter(plan__case=OuterRef("pk"), number=1).values(
        "agreed_at"
    )[:1]
    cases = CaseModel.objects.filter(scope.cases()).annotate(
        triaged_at=Subquery(first_triage), planned_at=Subquery(first_plan)
    )
    kept = _retained(scope)
    steps = [
        (
            _("Melding → triage"),
            cases.filter(triaged_at__date__range=(start, end)).annotate(
                d=_days("triaged_at", "created_at")
            ),
            kept.filter(triaged_on__range=(start, end)).annotate(
                d=_days("triaged_on", "received_on")
            ),
        ),
        (
            _("Triage → plan van aanpak"),
            cases.filter(planned_at__date__range=(start, end), triaged_at__isnull=False).annotate(
                d=_days("planned_at", "triaged_at")
            ),
            kept.filter(plan_agreed_on__range=(start, end)).annotate(
                d=_days("plan_agreed_on", "triaged_on")
            ),
        ),
        (
            _("Melding → plan van aanpak"),
            cases.filter(planned_at__date__range=(start, end)).annotate(
                d=_days("planned_at", "created_at")
            ),
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


def _age_at_case_start(born: str) -> ExpressionWrapper:
    """The person's age in whole years on the day the case began, in SQL. Needs the month
    and day of both dates annotated (see _people_at_start)."""
    birthday_still_to_come = Case(
        When(
            Q(case_month__lt=F("birth_month"))
            | Q(case_month=F("birth_month"), case_day__lt=F("birth_day")),
            then=Value(1),
        ),
        default=Value(0),
    )
    return ExpressionWrapper(
        ExtractYear("case__created_at") - ExtractYear(born) - birthday_still_to_come,
        output_field=IntegerField(),
    )


def _age_group(born: str) -> Case:
    return Case(
        When(**{f"{born}__isnull": True}, then=Value("?")),
        When(age__lt=18, then=Value("0-17")),
        When(age__lt=24, then=Value("18-23")),
        default=Value("24+"),
    )


def _people_at_start(scope: Scope, roles: list[str]) -> QuerySet:
    start, end = scope.period
    links = CasePerson.objects.filter(
        scope.cases("case__"), role__in=roles, case__created_at__date__range=(start, end)
    ).annotate(
        case_month=ExtractMonth("case__created_at"),
        case_day=ExtractDay("case__created_at"),
        birth_month=ExtractMonth("person__birth_date"),
        birth_day=ExtractDay("person__birth_date"),
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
    start, end = scope.period
    rows = (
        DomainAnalysis.objects.filter(
            scope.cases("plan__case__"), plan__case__created_at__date__range=(start, end)
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
