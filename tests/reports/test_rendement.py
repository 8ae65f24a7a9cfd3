"""The rendementsanalyse against hand-computed expectations on a small fixed dataset.

Plan group (first plan van aanpak agreed in 2024), incidents before / after the start:
  P0  24+  start 15 March 2024   the window edges: 2 before, 2 after (2 just outside)
  P1  24+  start 1 May 2024      3 before, 0 after
  P2  24+  start 1 May 2024      2 before, 1 after
  P3  24+  start 1 May 2024      0 before, 0 after
  P4  24+  start 1 May 2024      1 before, 0 after
  P5  17 on 15 March 2024 (18 the day after)   1 before, 0 after
  P6  18 on 15 March 2024 (his birthday)       0 before, 1 after
Control group (never discussed, an incident in 2024; reference the day after the first):
  C0  24+  first incident 10 June 2024   the window edges: 2 before, 2 after
  C1  24+  1 Feb 2024                    1 before, 0 after
  C2  24+  1 Feb and 1 Aug 2024          1 before, 1 after
  C3  24+  1 Feb, 1 Mar, 1 Apr 2024      1 before, 2 after
  C4  24+  31 Dec 2024 and 1 Jan 2025    1 before, 1 after
Not counted: a hoofdpersoon of a case at a table without a plan (discussed), a person
whose incidents all lie before 2024, a person of another region, and the hoofdpersoon of
a plan agreed in 2023.
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from schakel.accounts.roles import Role
from schakel.cases.models import Case
from schakel.incidents.services import register_incident
from schakel.persons.models import Person
from schakel.persons.services import create_person
from schakel.plans.models import PlanVersion
from schakel.reports import figures, reports
from schakel.reports.figures import Incidence, Scope
from tests.builders import case_at_table, case_in_uitvoering, reported_case
from tests.factories import MunicipalityFactory, TableFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

YEAR = 2024
D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


class Incidents:
    """Registers incidents through the service, each with its own police number."""

    def __init__(self, actor):
        self.actor = actor
        self.number = 0

    def add(self, person, *days: datetime.date) -> None:
        for day in days:
            self.number += 1
            register_incident(
                actor=self.actor,
                person=person,
                occurred_on=day,
                kind="overlast",
                source_reference=f"PL-{self.number}",
            )


def _plan_case(name, *, start, born, partner_user, municipality, table, procesregisseur, ggz):
    case = reported_case(reporter=partner_user, municipality=municipality, last_name=name)
    case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
    PlanVersion.objects.filter(plan__case=case).update(agreed_at=_at(start))
    # The case began a month before its plan (the report's years follow the cases).
    Case.objects.filter(pk=case.pk).update(created_at=_at(start - datetime.timedelta(days=30)))
    person = Person.objects.get(last_name=name)
    Person.objects.filter(pk=person.pk).update(birth_date=born)
    return case, person


@pytest.fixture
def dataset(
    partner_user,
    municipality,
    table,
    procesregisseur,
    ggz,
    region,
    other_region,
    other_region_procesregisseur,
):
    incidents = Incidents(procesregisseur)
    build = {
        "partner_user": partner_user,
        "municipality": municipality,
        "table": table,
        "procesregisseur": procesregisseur,
        "ggz": ggz,
    }
    adult = D(1980, 1, 1)
    plan = {}
    plan["P0"] = _plan_case("Geheim-P0", start=D(2024, 3, 15), born=adult, **build)
    for name in ("P1", "P2", "P3", "P4"):
        plan[name] = _plan_case(f"Geheim-{name}", start=D(2024, 5, 1), born=adult, **build)
    plan["P5"] = _plan_case("Geheim-P5", start=D(2024, 3, 15), born=D(2006, 3, 16), **build)
    plan["P6"] = _plan_case("Geheim-P6", start=D(2024, 3, 15), born=D(2006, 3, 15), **build)
    person = {name: p for name, (_case, p) in plan.items()}
    incidents.add(
        person["P0"],
        D(2023, 3, 14),  # one day too early
        D(2023, 3, 15),  # exactly 12 months before the start: before
        D(2024, 3, 14),  # the day before the start: before
        D(2024, 3, 15),  # the start day itself: after
        D(2025, 3, 14),  # the last day of the 12 months after
        D(2025, 3, 15),  # exactly 12 months after the start: no longer counted
    )
    incidents.add(person["P1"], D(2023, 6, 1), D(2023, 9, 1), D(2024, 1, 1))
    incidents.add(person["P2"], D(2023, 5, 1), D(2024, 4, 30), D(2024, 5, 1))
    incidents.add(person["P4"], D(2024, 2, 1))
    incidents.add(person["P5"], D(2024, 1, 10))
    incidents.add(person["P6"], D(2024, 7, 1))

    def control(name, born=adult):
        return create_person(
            actor=procesregisseur,
            region=region,
            first_names="Fictief",
            last_name=f"Geheim-{name}",
            birth_date=born,
        )

    incidents.add(
        control("C0"),
        D(2023, 6, 10),  # one day too early for the reference date 11 June 2024
        D(2023, 6, 11),  # exactly 12 months before: before
        D(2024, 6, 10),  # the first incident of the year: before
        D(2024, 6, 11),  # on the reference date: after
        D(2025, 6, 10),  # the last day of the 12 months after
        D(2025, 6, 11),  # exactly 12 months after: no longer counted
    )
    incidents.add(control("C1"), D(2024, 2, 1))
    incidents.add(control("C2"), D(2024, 2, 1), D(2024, 8, 1))
    incidents.add(control("C3"), D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1))
    incidents.add(control("C4"), D(2024, 12, 31), D(2025, 1, 1))

    # Discussed at a table without a plan yet: in neither group.
    at_table = case_at_table(
        reported_case(reporter=partner_user, municipality=municipality, last_name="Geheim-T"),
        table=table,
        actor=procesregisseur,
    )
    incidents.add(Person.objects.get(last_name="Geheim-T"), D(2024, 2, 1))
    # Incidents only before the year: no control person for 2024.
    incidents.add(control("Oud"), D(2023, 2, 1), D(2023, 3, 1))
    # Another region's person is never counted.
    foreign = create_person(
        actor=other_region_procesregisseur,
        region=other_region,
        first_names="Fictief",
        last_name="Geheim-Elders",
    )
    Incidents(other_region_procesregisseur).add(foreign, D(2024, 2, 1))
    # A plan agreed in 2023: not in the plan group of 2024, and discussed.
    _case, earlier = _plan_case("Geheim-2023", start=D(2023, 6, 1), born=adult, **build)
    incidents.add(earlier, D(2024, 2, 1))
    return {
        "plan": plan,
        "person": person,
        "at_table": at_table,
        "procesregisseur": procesregisseur,
        "table": table,
    }


def _by_age(scope):
    return {r.age_group: r for r in figures.rendement(scope)}


def test_the_window_edges_of_a_plan_person(dataset, region):
    scope = Scope(region_id=region.pk, year=YEAR)
    p0 = dataset["person"]["P0"]
    assert figures._incidence_by_age(figures.plan_group(scope).filter(pk=p0.pk)) == {
        "24+": Incidence(persons=1, before=2, after=2)
    }


def test_the_window_edges_of_a_control_person(dataset, region):
    scope = Scope(region_id=region.pk, year=YEAR)
    c0 = Person.objects.get(last_name="Geheim-C0")
    group = figures.control_group(scope).filter(pk=c0.pk)
    assert group.get().reference == D(2024, 6, 11)
    assert figures._incidence_by_age(group) == {"24+": Incidence(persons=1, before=2, after=2)}


def test_who_is_in_which_group(dataset, region):
    scope = Scope(region_id=region.pk, year=YEAR)
    plan = set(figures.plan_group(scope).values_list("last_name", flat=True))
    assert plan == {f"Geheim-P{i}" for i in range(7)}
    control = set(figures.control_group(scope).values_list("last_name", flat=True))
    assert control == {f"Geheim-C{i}" for i in range(5)}
    # A reference date after the year's last incident lies in the next year.
    c4 = figures.control_group(scope).get(last_name="Geheim-C4")
    assert c4.reference == D(2025, 1, 1)


def test_figures_per_age_group(dataset, region):
    with CaptureQueriesContext(connection) as queries:
        result = _by_age(Scope(region_id=region.pk, year=YEAR))
    # Counted in the database: one query per group, not one per person or incident
    # (besides, on PostgreSQL, the savepoint that switches JIT off for them).
    counting = [q for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(counting) == 2
    adults = result["24+"]
    assert adults.plan == Incidence(persons=5, before=8, after=3)
    assert adults.control == Incidence(persons=5, before=6, after=6)
    assert adults.plan.average_before == pytest.approx(1.6)
    assert adults.plan.change == pytest.approx(-1.0)
    assert adults.control.change == pytest.approx(0.0)
    assert adults.difference_of_differences == pytest.approx(-1.0)
    # Age at the reference date: 17 the day before the 18th birthday, 18 on it.
    assert result["0-17"].plan == Incidence(persons=1, before=1, after=0)
    assert result["18-23"].plan == Incidence(persons=1, before=0, after=1)
    assert result["0-17"].control.persons == 0
    everyone = result[figures.ALL_AGES]
    assert everyone.plan == Incidence(persons=7, before=9, after=4)
    assert everyone.control == Incidence(persons=5, before=6, after=6)
    assert everyone.difference_of_differences == pytest.approx(-5 / 7)


def test_another_year_has_other_groups(dataset, region):
    result = _by_age(Scope(region_id=region.pk, year=2023))
    # 2023: the plan agreed on 1 June 2023, and as control the persons with an incident
    # in 2023 who were never discussed: C0 and the one with only old incidents.
    assert result[figures.ALL_AGES].plan.persons == 1
    assert result[figures.ALL_AGES].control.persons == 2


def test_a_table_filter_narrows_the_plan_group_not_the_control_group(dataset, region):
    other = TableFactory(region=region, name="Jeugd")
    result = _by_age(Scope(region_id=region.pk, year=YEAR, table_id=other.pk))
    assert result[figures.ALL_AGES].plan.persons == 0
    assert result[figures.ALL_AGES].control.persons == 5


def test_a_municipality_filter_narrows_both_groups(dataset, region, municipality):
    """The plan group by the municipality of the case, the control group by where the
    person lives. Hand-computed: C0 (2 before, 2 after), C3 (1, 2) and C4 (1, 1) live in
    the chosen municipality, C1 (1, 0) and C2 (1, 1) in another; a person whose
    municipality is unknown counts in neither."""
    elsewhere = MunicipalityFactory(region=region, name="Gorinchem")
    Person.objects.filter(last_name__in=["Geheim-C0", "Geheim-C3", "Geheim-C4"]).update(
        municipality=municipality
    )
    Person.objects.filter(last_name__in=["Geheim-C1", "Geheim-C2"]).update(municipality=elsewhere)
    unknown = create_person(
        actor=dataset["procesregisseur"], region=region, first_names="Fictief", last_name="X"
    )
    more = Incidents(dataset["procesregisseur"])
    more.number = 1000  # past the dataset's own police numbers
    more.add(unknown, D(2024, 9, 1))

    here = _by_age(Scope(region_id=region.pk, year=YEAR, municipality_id=municipality.pk))
    assert here[figures.ALL_AGES].plan == Incidence(persons=7, before=9, after=4)
    assert here[figures.ALL_AGES].control == Incidence(persons=3, before=4, after=5)
    assert here["24+"].difference_of_differences == pytest.approx(-1.0 - 1 / 3)

    there = _by_age(Scope(region_id=region.pk, year=YEAR, municipality_id=elsewhere.pk))
    assert there[figures.ALL_AGES].plan == Incidence(persons=0, before=0, after=0)
    assert there[figures.ALL_AGES].control == Incidence(persons=2, before=2, after=1)

    # The whole region: the five, and the person of unknown municipality.
    everywhere = _by_age(Scope(region_id=region.pk, year=YEAR))
    assert everywhere[figures.ALL_AGES].control == Incidence(persons=6, before=7, after=6)


def test_a_table_and_municipality_filter_together(dataset, region, municipality):
    """The table narrows only the plan group; the municipality both."""
    Person.objects.filter(last_name__in=["Geheim-C0", "Geheim-C1"]).update(
        municipality=municipality
    )
    result = _by_age(
        Scope(
            region_id=region.pk,
            year=YEAR,
            table_id=dataset["table"].pk,
            municipality_id=municipality.pk,
        )
    )
    assert result[figures.ALL_AGES].plan == Incidence(persons=7, before=9, after=4)
    assert result[figures.ALL_AGES].control == Incidence(persons=2, before=3, after=2)


def test_sections_suppress_what_rests_on_fewer_than_five_persons(dataset, region):
    sections = reports.rendement_sections(Scope(region_id=region.pk, year=YEAR), 5)
    persons, everyone, young, young_adults, adults = sections
    shown = {row[0]: row[1:] for row in persons.table.export_rows()}
    assert shown["jonger dan 18"] == ["minder dan 5", 0, "minder dan 5"]
    assert shown["24 en ouder"] == [5, 5, 10]
    assert shown["Totaal"] == [7, 5, 12]
    assert "minder dan 5 personen" in persons.note
    rows = {row[0]: row[1:] for row in everyone.table.rows}
    assert rows["Met plan van aanpak"] == ["7", "1,29", "0,57", "-0,71"]
    assert rows["Controlegroep"] == ["5", "1,20", "1,20", "0,00"]
    assert rows["Verschil van de verschillen"][-1] == "-0,71"
    rows = {row[0]: row[1:] for row in adults.table.rows}
    assert rows["Met plan van aanpak"] == ["5", "1,60", "0,60", "-1,00"]
    assert rows["Verschil van de verschillen"][-1] == "-1,00"
    rows = {row[0]: row[1:] for row in young.table.rows}
    assert rows["Met plan van aanpak"] == ["minder dan 5"] + ["minder dan 5 personen"] * 3
    assert rows["Controlegroep"] == ["0", "—", "—", "—"]
    assert rows["Verschil van de verschillen"][-1] == "—"
    # The chart draws no bar for a hidden figure, only its words.
    hidden = [bar for bar in young.chart.bars if bar.hidden]
    assert {bar.text for bar in hidden} >= {"minder dan 5 personen"}
    assert all(bar.length == 0 for bar in hidden)
    drawn = {bar.label: bar.length for bar in adults.chart.bars}
    assert drawn["Met plan van aanpak vóór"] == 460  # 1,60: the longest shown average
    assert young_adults.table.rows[0][1] == "minder dan 5"


def test_a_lower_threshold_shows_the_small_groups(dataset, region):
    sections = reports.rendement_sections(Scope(region_id=region.pk, year=YEAR), 1)
    young = sections[2]
    rows = {row[0]: row[1:] for row in young.table.rows}
    assert rows["Met plan van aanpak"] == ["1", "1,00", "0,00", "-1,00"]


def test_the_page_and_exports_name_no_person_and_no_case(client, zvh, dataset):
    # Every reader role: tests/reports/test_views.py; here the figures are really there.
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.BESTUURDER]))
    url = reverse("reports:report", args=["rendement"])
    page = client.get(url, {"jaar": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verschil van de verschillen" in html and "<svg" in html
    assert "Controlegroep" in html and "peildatum" in html
    csv_text = client.get(url, {"jaar": YEAR, "formaat": "csv"}).content.decode("utf-8-sig")
    assert "Verschil van de verschillen" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(url, {"jaar": YEAR, "formaat": "xlsx"}).content))
    xlsx_text = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    references = [case.reference for case in Case.objects.all()]
    for text in (html, csv_text, xlsx_text):
        assert "Geheim" not in text and "Fenna" not in text and "Fictief" not in text
        for reference in references:
            assert reference not in text


def test_other_roles_are_refused(client, zvh):
    sign_in(client, UserFactory(organisation=zvh, roles=[Role.INFORMATIEMAKELAAR]))
    url = reverse("reports:report", args=["rendement"])
    assert client.get(url).status_code == 403
    assert client.get(url, {"formaat": "csv"}).status_code == 403
