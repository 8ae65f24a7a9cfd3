import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.sections import SECTIONS
from schakel.cases.services import transition_case
from schakel.inquiries.models import InformationRequest
from tests.cases.helpers import detail_url
from tests.factories import (
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    TableFactory,
    UserFactory,
    add_participant,
    add_person,
)
from tests.helpers import make_referral


def section_url(case, section):
    return reverse("cases:section", args=[case.pk, section])


def whole_case(client, case) -> str:
    """The overview and every section page together: what the one long page used to show."""
    return "".join(
        client.get(section_url(case, slug) if slug else detail_url(case)).content.decode()
        for slug in SECTION_SLUGS
    )


SECTION_SLUGS = [section.slug for section in SECTIONS]


def test_detail_shows_persons_referrals_history_and_participants(
    signed_in, procesregisseur, full_case
):
    client = signed_in(procesregisseur)
    assert client.get(detail_url(full_case)).status_code == 200
    body = whole_case(client, full_case)
    main = full_case.case_persons.get(role="hoofdpersoon").person
    child = full_case.case_persons.get(role="kind").person
    for expected in (
        full_case.reference,
        full_case.title,
        main.full_name,
        "Hoofdpersoon",
        child.full_name,
        "Systeemlid: kind",
        reverse("persons:detail", args=[main.pk]),
        "Veldaanmelding",
        "Politie Dordrecht",
        "14 maart 2025",
        "Buren melden al maanden geluidsoverlast",
        "Wonen / huisvesting",
        "Psychische gezondheid",
        "Normaal",
        "Kan het ZVH de aanpak coördineren?",
        "Wijkagent K. de Vries, 078-1234567",
        "In uitvraag",
        "Eerst uitvragen",
        "GGZ Drechtsteden",
        "Gevraagd om informatie",
        "Melder",
        "Informatieverzoeken",
        "Triage",
    ):
        assert expected in body, expected


@pytest.fixture
def known_elsewhere(case, region, municipality, zvh):
    """The main person of `case` also appears in three other cases of the region."""
    person = case.case_persons.get().person
    holder = UserFactory(
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
        first_name="Petra",
        last_name="Regisseur",
        email="p.regisseur@zvh.example",
        phone="078-7654321",
    )
    youth = TableFactory(region=region, name="Jeugd")
    youth_director = UserFactory(
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
        first_name="Jan",
        last_name="Jeugdtafel",
        email="j.jeugd@zvh.example",
    )
    youth.procesregisseurs.add(youth_director)
    with_holder = CaseFactory(
        region=region,
        municipality=municipality,
        table=youth,
        procesregisseur=holder,
        state=CaseState.IN_UITVOERING,
        title="Geheime inhoud A",
    )
    with_table_only = CaseFactory(
        region=region,
        municipality=municipality,
        table=youth,
        state=CaseState.AFGESLOTEN,
        title="Geheime inhoud B",
    )
    unassigned = CaseFactory(region=region, municipality=municipality, title="Geheime inhoud C")
    for other in (with_holder, with_table_only, unassigned):
        add_person(other, person, role="pleger")
    return {
        "person": person,
        "with_holder": with_holder,
        "with_table_only": with_table_only,
        "unassigned": unassigned,
    }


def test_director_sees_where_a_person_is_known_without_content(
    signed_in, procesregisseur, case, known_elsewhere
):
    body = signed_in(procesregisseur).get(detail_url(case)).content.decode()

    assert "Bekend in andere casussen" in body
    section = body.split("Bekend in andere casussen", 1)[1].split("Meldingen", 1)[0]
    assert known_elsewhere["with_holder"].reference in section
    assert "In uitvoering" in section
    assert "Petra Regisseur" in section
    assert "p.regisseur@zvh.example" in section
    assert "078-7654321" in section
    assert known_elsewhere["with_table_only"].reference in section
    assert "Afgesloten" in section
    assert "Jan Jeugdtafel" in section
    assert known_elsewhere["unassigned"].reference in section
    assert "nog niet toegewezen" in section
    # Never the content of those cases, nor a link into them.
    assert "Geheime inhoud" not in body
    assert detail_url(known_elsewhere["with_holder"]) not in body


def test_partner_does_not_see_other_cases(signed_in, partner_user, case, known_elsewhere):
    body = signed_in(partner_user).get(detail_url(case)).content.decode()
    assert "Bekend in andere casussen" not in body
    assert known_elsewhere["with_holder"].reference not in body
    assert "Petra Regisseur" not in body


def test_informatiemakelaar_sees_the_case_but_not_the_panel(
    signed_in, informatiemakelaar, case, known_elsewhere
):
    response = signed_in(informatiemakelaar).get(detail_url(case))
    assert response.status_code == 200
    body = response.content.decode()
    assert case.title in body
    assert "Bekend in andere casussen" not in body
    assert known_elsewhere["with_holder"].reference not in body


def test_information_requests_are_included(signed_in, procesregisseur, case, ggz):
    InformationRequest.objects.create(
        case=case,
        organisation=ggz,
        question="Is betrokkene bij u in zorg?",
        purpose="Voorbereiding triage",
        legal_ground="wgs",
        deadline=datetime.date(2030, 1, 1),
        requested_by=procesregisseur,
    )
    body = signed_in(procesregisseur).get(section_url(case, "melding")).content.decode()
    assert "Is betrokkene bij u in zorg?" in body
    assert reverse("inquiries:create", args=[case.pk]) in body
    assert reverse("triage:start", args=[case.pk]) in body


def test_partner_gets_no_directing_actions(signed_in, partner_user, case):
    body = whole_case(signed_in(partner_user), case)
    assert reverse("triage:start", args=[case.pk]) not in body
    assert reverse("inquiries:create", args=[case.pk]) not in body


def test_rereport_button_only_on_closed_case(signed_in, procesregisseur, case):
    client = signed_in(procesregisseur)
    rereport = reverse("referrals:rereport", args=[case.pk])
    assert rereport not in client.get(detail_url(case)).content.decode()
    case.state = CaseState.AFGESLOTEN
    case.save()
    assert rereport in client.get(detail_url(case)).content.decode()


@pytest.mark.parametrize("section", SECTION_SLUGS)
def test_query_count_does_not_grow_with_persons_and_referrals(
    section,
    signed_in,
    procesregisseur,
    partner_user,
    case,
    region,
    municipality,
    politie,
    table,
    django_assert_max_num_queries,
):
    def add_one_of_everything(n):
        person = add_person(case, PersonFactory(region=region), role="getuige")
        make_referral(case, politie, partner_user)
        add_participant(case, OrganisationFactory(region=region), reason="uitgenodigd")
        other = CaseFactory(region=region, municipality=municipality, table=table)
        other.procesregisseur = procesregisseur if n % 2 else None
        other.save()
        add_person(other, person, role="pleger")
        transition_case(
            case=case,
            to_state=CaseState.IN_TRIAGE if n % 2 == 0 else CaseState.IN_UITVRAAG,
            actor=procesregisseur,
            reason=f"Stap {n}",
        )

    url = section_url(case, section) if section else detail_url(case)
    add_one_of_everything(0)
    client = signed_in(procesregisseur)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    for n in range(1, 10):
        add_one_of_everything(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    if section == "historie":
        assert response.content.decode().count("Stap ") == 10
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
