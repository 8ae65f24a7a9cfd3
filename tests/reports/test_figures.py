"""Report figures against hand-computed expectations on a small fixed dataset."""

import datetime

import pytest
from django.utils import timezone

from schakel.cases.models import Case
from schakel.closure import services as closure
from schakel.closure.models import Closure
from schakel.persons.models import Person
from schakel.plans.models import PlanVersion
from schakel.reports import figures, reports
from schakel.reports.figures import Scope
from schakel.triage.models import TriageDecision
from tests.builders import case_at_table, case_in_uitvoering, reported_case
from tests.factories import MunicipalityFactory

YEAR = 2025


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@pytest.fixture
def dataset(municipality, partner_user, table, procesregisseur, ggz, region):
    """Seven meldingen in Dordrecht and one in Zwijndrecht in 2025. Five reach the table,
    with triage 1, 2, 3, 4 and 10 days after the melding; three of them get a plan 20 days
    after triage; one of those is closed 'behaald'."""
    zwijndrecht = MunicipalityFactory(region=region, name="Zwijndrecht", cbs_code="GM0642")
    cases = [
        reported_case(reporter=partner_user, municipality=municipality, last_name=f"Fictief-{i}")
        for i in range(7)
    ]
    reported_case(reporter=partner_user, municipality=zwijndrecht, last_name="Fictief-Z")
    start = datetime.date(YEAR, 3, 1)
    for case, delay in zip(cases[:5], (1, 2, 3, 4, 10), strict=True):
        case_at_table(case, table=table, actor=procesregisseur)
        Case.objects.filter(pk=case.pk).update(created_at=_at(start))
        TriageDecision.objects.filter(case=case).update(
            decided_at=_at(start + datetime.timedelta(days=delay))
        )
    for case in cases[:3]:
        case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
        triaged = TriageDecision.objects.get(case=case).decided_at
        PlanVersion.objects.filter(plan__case=case).update(
            agreed_at=triaged + datetime.timedelta(days=20)
        )
    closure.close_case(
        case=Case.objects.get(pk=cases[0].pk),
        actor=procesregisseur,
        outcome="behaald",
        reason="Doelen gehaald",
    )
    Closure.objects.update(closed_at=_at(datetime.date(YEAR, 11, 1)))
    return cases


def test_meldingen_per_municipality_and_source(dataset, region):
    table = figures.referrals_by_source(Scope(region_id=region.pk, year=YEAR))
    rows = dict(table.rows)
    source = table.columns.index("Veldaanmelding")
    assert rows["Dordrecht"][source] == 7
    assert rows["Zwijndrecht"][source] == 1
    shown = reports.suppress(table, 5).export_rows()
    # Zwijndrecht's one melding is hidden, and so is one other figure of its column sum.
    zwijndrecht = next(r for r in shown if r[0] == "Zwijndrecht")
    assert zwijndrecht[1 + source] == "minder dan 5"
    assert "minder dan 5" in zwijndrecht[-1]
    assert shown[-1][1 + source] == "afgeschermd" or shown[1][1 + source] == "afgeschermd"


def test_a_year_without_data_is_empty(dataset, region):
    assert figures.referrals_by_source(Scope(region_id=region.pk, year=YEAR - 1)).is_empty


def test_triage_outcomes_per_table(dataset, region, table):
    result = figures.triage_outcomes(Scope(region_id=region.pk, year=YEAR))
    rows = dict(result.rows)
    assert rows[table.name][result.columns.index("Agenderen op een regietafel")] == 5


def test_plans_closures_and_running_cases(dataset, region, table):
    scope = Scope(region_id=region.pk, year=YEAR)
    assert dict(figures.plans_and_cases(scope).rows)[table.name] == [3, 4]
    closed = figures.closures_by_result(scope)
    assert dict(closed.rows)[table.name][closed.columns.index("Behaald")] == 1


def test_lead_times_median_and_90th_percentile(dataset, region):
    melding_triage, triage_plan, melding_plan = figures.lead_times(
        Scope(region_id=region.pk, year=YEAR)
    )
    # 1, 2, 3, 4, 10 days: median 3; 90th percentile 4 + 0.6 × (10 − 4) = 7.6.
    assert melding_triage.count == 5
    assert melding_triage.median == pytest.approx(3.0)
    assert melding_triage.p90 == pytest.approx(7.6)
    assert triage_plan.count == 3
    assert triage_plan.median == pytest.approx(20.0)
    # Melding → plan for the first three: 21, 22, 23 days.
    assert melding_plan.median == pytest.approx(22.0)
    assert melding_plan.p90 == pytest.approx(22.8)
    # Three plans rest on fewer than five cases: the page shows why, not the figure.
    (section,) = reports.lead_time_sections(Scope(region_id=region.pk, year=YEAR), 5)
    assert section.table.rows[1][2] == "minder dan 5 casussen"
    assert section.table.rows[0][2] == "3"


def test_filters_narrow_the_scope(dataset, region, table):
    other = MunicipalityFactory(region=region, name="Sliedrecht", cbs_code="GM0610")
    scope = Scope(region_id=region.pk, year=YEAR, municipality_id=other.pk)
    assert figures.referrals_by_source(scope).is_empty
    assert figures.lead_times(scope)[0].count == 0


def test_age_groups_at_the_start_of_the_case(dataset, region):
    # The builders' hoofdpersoon is born on 17 May 1988: 36 on 1 March 2025.
    Person.objects.filter(last_name="Fictief-0").update(birth_date=datetime.date(2008, 3, 2))
    Person.objects.filter(last_name="Fictief-1").update(birth_date=datetime.date(2007, 3, 1))
    result = figures.age_and_gender(Scope(region_id=region.pk, year=YEAR))
    by_group = {label: sum(row) for label, row in result.rows}
    # 2 March 2008 → 16 on 1 March 2025; 1 March 2007 → 18 that day.
    assert by_group["jonger dan 18"] == 1
    assert by_group["18 tot en met 23"] == 1
    # Only the five cases begun in 2025 count; the other three began this year.
    assert by_group["24 en ouder"] == 3


def test_other_regions_are_never_counted(dataset, other_region):
    assert figures.referrals_by_source(Scope(region_id=other_region.pk, year=YEAR)).is_empty


def test_youth_suspects_by_gender_at_the_edge_of_24(dataset, region):
    """Hoofdpersonen of the five cases begun on 1 March 2025, under 24 that day."""
    ages = {
        "Fictief-0": (datetime.date(2008, 3, 2), "vrouw"),  # 16
        "Fictief-1": (datetime.date(2001, 3, 2), "vrouw"),  # 23: 24 the day after
        "Fictief-2": (datetime.date(2001, 3, 1), "man"),  # 24 that very day
        "Fictief-3": (datetime.date(2001, 1, 2), "man"),  # 24 since January
    }
    for name, (born, gender) in ages.items():
        Person.objects.filter(last_name=name).update(birth_date=born, gender=gender)
    result = figures.youth_suspects_by_gender(Scope(region_id=region.pk, year=YEAR))
    counts = {label: row[0] for label, row in result.rows}
    assert counts["Meisjes en jonge vrouwen"] == 2
    assert counts["Jongens en jonge mannen"] == 0
