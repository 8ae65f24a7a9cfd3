from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.cases.lifecycle import CaseState
from tests.cases.helpers import LIST_URL
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    TableFactory,
    add_participant,
    add_person,
)


def make_cases(count, *, region, municipality, organisation, **fields):
    cases = []
    for _ in range(count):
        case = CaseFactory(region=region, municipality=municipality, **fields)
        add_person(case)
        add_participant(case, organisation, reason="melder")
        cases.append(case)
    return cases


def test_list_shows_the_visible_cases_with_their_main_person(signed_in, procesregisseur, case):
    person = case.case_persons.get().person

    response = signed_in(procesregisseur).get(LIST_URL)

    assert response.status_code == 200
    body = response.content.decode()
    for expected in (case.reference, case.title, "Aangemeld", "Dordrecht", person.full_name):
        assert expected in body
    assert reverse("cases:detail", args=[case.pk]) in body


def test_filters_on_state_municipality_and_table(
    signed_in, procesregisseur, region, municipality, politie, table
):
    other_municipality = MunicipalityFactory(region=region, name="Zwijndrecht")
    triage = CaseFactory(region=region, municipality=municipality, state=CaseState.IN_TRIAGE)
    elsewhere = CaseFactory(region=region, municipality=other_municipality)
    on_table = CaseFactory(
        region=region, municipality=municipality, table=table, state=CaseState.GEAGENDEERD
    )
    client = signed_in(procesregisseur)

    def shown(**params):
        body = client.get(LIST_URL, params).content.decode()
        # By link, not by reference text: the search help shows an example reference.
        return {c for c in (triage, elsewhere, on_table) if f'/casussen/{c.pk}/"' in body}

    assert shown() == {triage, elsewhere, on_table}
    assert shown(state=CaseState.IN_TRIAGE) == {triage}
    assert shown(municipality=other_municipality.pk) == {elsewhere}
    assert shown(table=table.pk) == {on_table}
    assert shown(state=CaseState.GEAGENDEERD, municipality=municipality.pk) == {on_table}


def test_invalid_filter_gets_a_dutch_message_and_is_ignored(
    signed_in, procesregisseur, case, other_region
):
    foreign = MunicipalityFactory(region=other_region, name="Den Haag")
    foreign_table = TableFactory(region=other_region, name="Jeugd")

    response = signed_in(procesregisseur).get(
        LIST_URL, {"municipality": foreign.pk, "table": foreign_table.pk, "state": "weg"}
    )

    body = response.content.decode()
    assert "Kies een gemeente van uw regio." in body
    assert "Kies een regietafel van uw regio." in body
    assert "Kies een status uit de lijst." in body
    assert case.reference in body
    assert "Den Haag" not in body


def test_list_is_paginated_by_25(signed_in, procesregisseur, region, municipality, politie):
    cases = make_cases(30, region=region, municipality=municipality, organisation=politie)
    client = signed_in(procesregisseur)

    first = client.get(LIST_URL).content.decode()
    second = client.get(LIST_URL, {"pagina": 2}).content.decode()

    newest_first = sorted(cases, key=lambda c: c.pk, reverse=True)
    assert all(c.reference in first for c in newest_first[:25])
    assert not any(c.reference in first for c in newest_first[25:])
    assert all(c.reference in second for c in newest_first[25:])
    assert "Pagina 1 van 2" in first
    assert AccessLogEntry.objects.filter(user=procesregisseur).count() == 30


def test_page_links_keep_the_filters(signed_in, procesregisseur, region, municipality, politie):
    make_cases(26, region=region, municipality=municipality, organisation=politie)
    body = signed_in(procesregisseur).get(LIST_URL, {"state": "aangemeld"}).content.decode()
    assert "?state=aangemeld&amp;pagina=2" in body


def test_query_count_does_not_grow_with_the_number_of_cases(
    signed_in, procesregisseur, region, municipality, politie, django_assert_max_num_queries
):
    make_cases(3, region=region, municipality=municipality, organisation=politie)
    client = signed_in(procesregisseur)
    client.get(LIST_URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)

    make_cases(30, region=region, municipality=municipality, organisation=politie)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST_URL)

    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST_URL, {"pagina": 2})
