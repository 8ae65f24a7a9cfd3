"""A person under restriction (AVG art. 18) as the pages show them: masked or absent for
everyone in the cases, while the region's privacy officer still sees the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import PROCESSING_RESTRICTED
from schakel.cases.models import PersonRole
from schakel.cases.sections import SECTIONS
from schakel.inquiries.models import LegalGround
from schakel.inquiries.services import request_information
from schakel.persons.models import RESTRICTED_LABEL
from schakel.persons.services import lift_restriction, restrict_processing
from tests.factories import add_person
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

LABEL = str(RESTRICTED_LABEL)
# What must never be shown of the restricted person (see the restricted_person fixture).
IDENTIFYING = ("Roos", "Beperktmans", "111222333", "Zwijndrecht", "Lindelaan", "1977")


def _page(client, user, url, method="get", data=None):
    sign_in(client, user)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_masked(html):
    assert LABEL in html
    for text in IDENTIFYING:
        assert text not in html, text


@pytest.mark.parametrize("who", ["procesregisseur", "partner_user"])
def test_the_case_page_shows_the_restricted_person_masked(
    request, client, case, restricted_person, who
):
    user = request.getfixturevalue(who)
    companion = add_person(case, role=PersonRole.PARTNER)
    html = _page(client, user, reverse("cases:detail", args=[case.pk]))
    _assert_masked(html)
    assert companion.last_name in html, "the other persons of the case are shown as before"
    assert reverse("persons:detail", args=[restricted_person.pk]) not in html


@pytest.mark.parametrize("section", [s.slug for s in SECTIONS if s.slug])
def test_no_case_section_names_the_restricted_person(
    client, case, restricted_person, procesregisseur, section
):
    html = _page(client, procesregisseur, reverse("cases:section", args=[case.pk, section]))
    for text in IDENTIFYING[:3]:
        assert text not in html


def test_the_case_list_shows_the_hoofdpersoon_masked_and_a_name_search_misses(
    client, case, restricted_person, procesregisseur
):
    _assert_masked(_page(client, procesregisseur, reverse("cases:list")))
    html = _page(
        client, procesregisseur, reverse("cases:list"), "post", {"zoekterm": "Beperktmans"}
    )
    assert case.reference not in html


@pytest.mark.parametrize("who", ["procesregisseur", "partner_user"])
def test_person_search_and_person_page_do_not_find_the_restricted_person(
    request, client, restricted_person, who
):
    user = request.getfixturevalue(who)
    sign_in(client, user)
    html = client.post(reverse("persons:search"), {"last_name": "Beperktmans"}).content.decode()
    assert "Geen personen gevonden" in html
    html = client.post(reverse("persons:search"), {"bsn": "111222333"}).content.decode()
    assert "Geen personen gevonden" in html
    assert client.get(reverse("persons:detail", args=[restricted_person.pk])).status_code == 404


def test_an_information_request_shows_the_restricted_person_masked(
    client, case, case_person, procesregisseur, privacy_officer, ggz
):
    information_request = request_information(
        actor=procesregisseur,
        case=case,
        organisation=ggz,
        persons=[case_person],
        question="Wat is bij u bekend?",
        purpose="Beeldvorming",
        legal_ground=LegalGround.WGS,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    restrict_processing(actor=privacy_officer, person=case_person, reason="Verzoek")
    html = _page(
        client, procesregisseur, reverse("inquiries:detail", args=[information_request.pk])
    )
    assert LABEL in html
    assert case_person.last_name not in html


def test_a_plan_change_on_the_page_shows_the_message_and_saves_nothing(
    client, plan, procesregisseur, privacy_officer
):
    hoofdpersoon = plan.case.case_persons.get(role=PersonRole.HOOFDPERSOON).person
    restrict_processing(actor=privacy_officer, person=hoofdpersoon, reason="Verzoek")
    sign_in(client, procesregisseur)
    url = reverse("plans:goal_create", args=[plan.case.pk])
    response = client.post(
        url, {"description": "Vaste woonplek", "measure": "Huurcontract", "revision": plan.revision}
    )
    assert str(PROCESSING_RESTRICTED) in response.content.decode()
    assert not plan.goals.exists()


def test_lifting_shows_the_person_again(
    client, case, restricted_person, procesregisseur, privacy_officer
):
    lift_restriction(actor=privacy_officer, person=restricted_person, reason="Opgeheven")
    html = _page(client, procesregisseur, reverse("cases:detail", args=[case.pk]))
    assert "Beperktmans" in html
    assert LABEL not in html


# --- The privacy officer's pages ---------------------------------------------------------


def test_the_privacy_officer_still_finds_and_reads_the_restricted_person(
    client, restricted_person, privacy_officer
):
    sign_in(client, privacy_officer)
    listing = client.get(reverse("privacy_persons:search")).content.decode()
    assert "Beperktmans" in listing, "the restricted persons are listed for the officer"
    found = client.post(reverse("privacy_persons:search"), {"bsn": "111 222 333"}).content.decode()
    assert reverse("privacy_persons:detail", args=[restricted_person.pk]) in found
    html = _page(
        client, privacy_officer, reverse("privacy_persons:detail", args=[restricted_person.pk])
    )
    assert "Beperktmans" in html and "111222333" in html
    assert "Betrokkene betwist de juistheid" in html
    logged = AccessLogEntry.objects.filter(user=privacy_officer, person=restricted_person)
    assert set(logged.values_list("action", flat=True)) >= {
        AccessAction.SEARCH,
        AccessAction.READ,
        AccessAction.CHANGE,
    }
