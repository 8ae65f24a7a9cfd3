import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CasePerson, PersonRole
from schakel.persons.models import Person
from tests.factories import CaseFactory, TableFactory, UserFactory, add_participant, add_person
from tests.helpers import make_person
from tests.persons.helpers import CREATE, SEARCH, create_data, detail_url, log_rows


def merge_url(person):
    return reverse("persons:merge", args=[person.pk])


# --- search ----------------------------------------------------------------------------


def test_search_form_is_shown_on_get_and_runs_nothing(signed_in, partner_user, case_person):
    response = signed_in(partner_user).get(SEARCH, {"last_name": case_person.last_name})

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert case_person.full_name not in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_search_by_tolerant_last_name_finds_and_logs(signed_in, partner_user, case, region):
    person = add_person(case, make_person(region, first_names="Anna", last_name="Meijer"))

    response = signed_in(partner_user).post(SEARCH, {"last_name": "meyer"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Anna Meijer" in body
    assert reverse("persons:detail", args=[person.pk]) in body
    rows = log_rows(partner_user, AccessAction.SEARCH)
    assert [row.person for row in rows] == [person]
    assert "meyer" not in rows[0].detail.lower()  # the log names the criteria, not the values


def test_search_by_bsn_and_birth_date(signed_in, procesregisseur, case_person):
    case_person.bsn = "123456782"
    case_person.save()
    client = signed_in(procesregisseur)

    by_bsn = client.post(SEARCH, {"bsn": "1234 56 782"})
    by_birth = client.post(SEARCH, {"birth_date": "01-01-1990"})
    by_both = client.post(SEARCH, {"birth_date": "1990-01-01", "last_name": "Zzzyzx"})

    assert case_person.full_name in by_bsn.content.decode()
    assert case_person.full_name in by_birth.content.decode()
    assert case_person.full_name not in by_both.content.decode()


def test_search_needs_a_criterion_and_keeps_typed_values(signed_in, partner_user, case_person):
    client = signed_in(partner_user)

    empty = client.post(SEARCH, {"bsn": "", "last_name": "  "})
    bad_bsn = client.post(SEARCH, {"bsn": "12345", "last_name": "Jansen"})

    assert "Vul minstens één zoekveld in" in empty.content.decode()
    body = bad_bsn.content.decode()
    assert "geen geldig BSN" in body
    assert 'value="12345"' in body and 'value="Jansen"' in body
    assert not AccessLogEntry.objects.exists()


def test_search_results_take_a_bounded_number_of_queries(
    signed_in, partner_user, case, region, municipality, django_assert_max_num_queries
):
    def add_children(count):
        for n in range(count):
            add_person(
                case,
                make_person(
                    region, first_names=f"Kind{n}", last_name="Jansen", municipality=municipality
                ),
                role=PersonRole.KIND,
            )

    client = signed_in(partner_user)
    client.get(SEARCH)  # warm the session
    add_children(1)
    with CaptureQueriesContext(connection) as one_result:
        client.post(SEARCH, {"last_name": "Janssen"})
    add_children(24)

    with django_assert_max_num_queries(len(one_result)):
        response = client.post(SEARCH, {"last_name": "Janssen"})

    assert len(one_result) <= 12
    assert response.content.decode().count("Dordrecht") >= 25
    assert log_rows(partner_user, AccessAction.SEARCH).count() == 1 + 25


# --- detail ----------------------------------------------------------------------------


def test_detail_shows_person_cases_and_roles_and_logs(signed_in, partner_user, case, case_person):
    response = signed_in(partner_user).get(detail_url(case_person))

    body = response.content.decode()
    assert response.status_code == 200
    assert case_person.full_name in body
    assert reverse("cases:detail", args=[case.pk]) in body
    assert "Hoofdpersoon" in body
    assert "Ook bekend in" not in body
    row = log_rows(partner_user, AccessAction.READ).get()
    assert row.person == case_person


def test_detail_of_a_merged_record_is_404(signed_in, partner_user, case, case_person, region):
    merged = add_person(case, make_person(region, merged_into=case_person), role=PersonRole.GETUIGE)
    assert signed_in(partner_user).get(detail_url(merged)).status_code == 404


@pytest.fixture
def unseen_case(region, municipality, zvh, case_person):
    """A case on a table the procesregisseur does not direct, in which the person appears."""
    holder = UserFactory(
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
        first_name="Petra",
        last_name="Regisseur",
        email="petra@zvh.example.org",
        phone="078-1234567",
    )
    other = CaseFactory(
        region=region,
        municipality=municipality,
        table=TableFactory(region=region, name="Jeugd"),
        procesregisseur=holder,
        state=CaseState.IN_UITVOERING,
        title="Geheime inhoud van de casus",
    )
    add_person(other, case_person, role=PersonRole.PLEGER)
    return other


def test_procesregisseur_sees_where_else_the_person_is_known_but_not_the_content(
    signed_in, procesregisseur, case, case_person, unseen_case
):
    response = signed_in(procesregisseur).get(detail_url(case_person))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ook bekend in" in body
    assert unseen_case.reference in body
    assert "Petra Regisseur" in body and "petra@zvh.example.org" in body and "078-1234567" in body
    assert "In uitvoering" in body
    assert "Geheime inhoud" not in body
    assert reverse("cases:detail", args=[unseen_case.pk]) not in body
    assert reverse("cases:detail", args=[case.pk]) in body


def test_partner_does_not_see_where_else_the_person_is_known(
    signed_in, partner_user, case_person, unseen_case
):
    body = signed_in(partner_user).get(detail_url(case_person)).content.decode()
    assert unseen_case.reference not in body


def test_detail_takes_a_bounded_number_of_queries(
    signed_in, procesregisseur, case_person, region, municipality, django_assert_max_num_queries
):
    def add_cases(count):
        for n in range(count):
            seen = CaseFactory(region=region, municipality=municipality, title=f"Zichtbaar {n}")
            add_person(seen, case_person, role=PersonRole.SLACHTOFFER)
            unseen = CaseFactory(
                region=region, municipality=municipality, table=TableFactory(region=region)
            )
            add_person(unseen, case_person)

    client = signed_in(procesregisseur)
    client.get(SEARCH)  # warm the session
    add_cases(1)
    with CaptureQueriesContext(connection) as one_case:
        client.get(detail_url(case_person))
    add_cases(9)

    with django_assert_max_num_queries(len(one_case)):
        response = client.get(detail_url(case_person))

    # 16: the correction history and the noodtoegang banner each read once.
    assert len(one_case) <= 16
    assert response.content.decode().count("Slachtoffer") == 10


# --- create ----------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["procesregisseur", "informatiemakelaar"])
def test_create_registers_person_in_case_and_logs(request, signed_in, user_fixture, case):
    user = request.getfixturevalue(user_fixture)
    client = signed_in(user)
    assert client.get(CREATE, {"casus": case.pk}).status_code == 200

    response = client.post(CREATE, create_data(case))

    person = Person.objects.get(last_name="Berg")
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    assert person.postal_code == "3311 AB"
    assert CasePerson.objects.filter(case=case, person=person, role="partner").exists()
    created = log_rows(user, AccessAction.CREATE).get()
    assert (created.person, created.case) == (person, None)
    linked = log_rows(user, AccessAction.CHANGE).get()
    assert (linked.person, linked.case) == (person, case)


def test_create_shows_duplicates_and_needs_the_checkbox(
    signed_in, procesregisseur, case, case_person
):
    client = signed_in(procesregisseur)
    data = create_data(
        case,
        first_names="Fictief",
        name_prefix="",
        last_name=case_person.last_name,
        birth_date="1990-01-01",
    )

    first = client.post(CREATE, data)

    body = first.content.decode()
    assert first.status_code == 200
    assert "Deze persoon is mogelijk al bekend" in body
    assert "Dit is een andere persoon, toch aanmaken" in body
    assert "zelfde naam en zelfde geboortedatum" in body
    assert detail_url(case_person) in body
    assert Person.objects.count() == 1
    assert log_rows(procesregisseur, AccessAction.SEARCH).get().person == case_person

    second = client.post(CREATE, {**data, "confirm_new": "on"})

    assert second.status_code == 302
    assert Person.objects.count() == 2
    row = log_rows(procesregisseur, AccessAction.CREATE).get()
    assert str(case_person.pk) in row.detail


def test_create_keeps_typed_values_on_error(signed_in, procesregisseur, case):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = signed_in(procesregisseur).post(
        CREATE, create_data(case, bsn="123456789", birth_date=future, postal_code="33")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "11-proef" in body
    assert "toekomst" in body
    assert "vier cijfers en twee letters" in body
    for typed in ('value="123456789"', 'value="Sanne"', 'value="van der"', 'value="Voorstraat 1"'):
        assert typed in body
    assert not Person.objects.filter(last_name="Berg").exists()
    assert not AccessLogEntry.objects.exists()


# --- merge -----------------------------------------------------------------------------


@pytest.fixture
def duplicate(case, region, case_person):
    return add_person(
        case,
        make_person(
            region, first_names="Fictief", last_name=case_person.last_name + "s", phone="0612"
        ),
        role=PersonRole.PLEGER,
    )


def test_merge_page_lists_duplicates_and_merges_on_confirm(
    signed_in, procesregisseur, case_person, duplicate
):
    client = signed_in(procesregisseur)

    page = client.get(merge_url(case_person))
    assert page.status_code == 200
    assert duplicate.full_name in page.content.decode()
    assert {r.person for r in log_rows(procesregisseur, AccessAction.READ)} == {
        case_person,
        duplicate,
    }

    response = client.post(merge_url(case_person), {"remove": duplicate.pk, "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(case_person)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == case_person
    assert {r.person for r in log_rows(procesregisseur, AccessAction.MERGE)} == {
        case_person,
        duplicate,
    }


def test_merge_needs_confirmation_and_keeps_the_choice(
    signed_in, procesregisseur, case_person, duplicate
):
    response = signed_in(procesregisseur).post(merge_url(case_person), {"remove": duplicate.pk})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bevestig dat het om dezelfde persoon gaat" in body
    assert f'value="{duplicate.pk}"' in body and "checked" in body
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert not log_rows(procesregisseur, AccessAction.MERGE).exists()


def test_merge_refuses_a_person_that_is_not_a_listed_duplicate(
    signed_in, procesregisseur, case, case_person, region
):
    unrelated = add_person(case, make_person(region, last_name="Totaal Anders"), role="getuige")

    response = signed_in(procesregisseur).post(
        merge_url(case_person), {"remove": unrelated.pk, "confirm": "on"}
    )

    assert response.status_code == 200
    unrelated.refresh_from_db()
    assert unrelated.merged_into is None


@pytest.mark.parametrize("user_fixture", ["partner_user", "informatiemakelaar", "manager"])
def test_merge_is_403_for_other_roles(request, signed_in, user_fixture, case_person, duplicate):
    client = signed_in(request.getfixturevalue(user_fixture))
    assert client.get(merge_url(case_person)).status_code == 403
    assert (
        client.post(merge_url(case_person), {"remove": duplicate.pk, "confirm": "on"}).status_code
        == 403
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merge_is_404_for_a_procesregisseur_outside_need_to_know(
    signed_in, zvh, region, municipality, duplicate, case_person
):
    # A procesregisseur of the region who directs no table sees only cases without a table;
    # a person only in a table case is none of their business.
    table_case = CaseFactory(
        region=region, municipality=municipality, table=TableFactory(region=region)
    )
    lone = add_person(table_case, make_person(region, last_name="Onbekend"))
    stranger = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])

    assert signed_in(stranger).get(merge_url(lone)).status_code == 404


def test_merge_is_404_for_another_regions_procesregisseur(
    signed_in, other_region, case_person, duplicate
):
    from tests.factories import OrganisationFactory

    foreign = UserFactory(
        organisation=OrganisationFactory(region=other_region, domain="zvh"),
        roles=[Role.PROCESREGISSEUR],
    )
    client = signed_in(foreign)
    assert client.get(merge_url(case_person)).status_code == 404
    assert (
        client.post(merge_url(case_person), {"remove": duplicate.pk, "confirm": "on"}).status_code
        == 404
    )


def test_outsider_partner_gets_404_where_a_participant_gets_200(
    signed_in, outsider, partner_user, case, case_person, outsider_org
):
    assert signed_in(outsider).get(detail_url(case_person)).status_code == 404
    add_participant(case, outsider_org)
    assert signed_in(outsider).get(detail_url(case_person)).status_code == 200
