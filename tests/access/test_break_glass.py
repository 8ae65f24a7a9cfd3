"""Noodtoegang (break the glass): who may start it, what it opens, for whom, for how long,
and what it leaves in the logs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry, EmergencyAccess
from schakel.access.policy import can_see_case, case_readers, visible_cases, visible_persons
from schakel.access.services import NO_SUCH_CASE
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role
from schakel.persons.models import Person
from tests.access.helpers import refusals
from tests.builders import case_at_table, reported_case
from tests.factories import MunicipalityFactory, OrganisationFactory, TableFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

REASON = "Crisisdienst belt over de hoofdpersoon; de regisseur van de tafel is onbereikbaar."


@pytest.fixture
def second_youth_case(partner_user, municipality, youth_table, youth_director):
    case = reported_case(
        reporter=partner_user, municipality=municipality, title="Tweede", last_name="Anders"
    )
    return case_at_table(case, table=youth_table, actor=youth_director)


@pytest.fixture
def as_director(procesregisseur):
    return sign_in(Client(), procesregisseur)


def ask(client, case_number, reason=REASON):
    return client.post(
        reverse("break_glass:request"), {"case_number": case_number, "reason": reason}
    )


def start(client, case):
    response = ask(client, case.reference)
    assert response.status_code == 302, response.content.decode()[:2000]
    return EmergencyAccess.objects.get(case=case)


def case_page(client, case):
    return client.get(reverse("cases:detail", args=[case.pk]))


# --- Starting it ---------------------------------------------------------------------------


def test_outside_need_to_know_the_case_is_404_until_noodtoegang_is_started(
    as_director, procesregisseur, youth_case
):
    assert case_page(as_director, youth_case).status_code == 404

    response = ask(as_director, youth_case.reference)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[youth_case.pk])
    page = case_page(as_director, youth_case)
    assert page.status_code == 200
    assert "Zorgen om Noor" in page.content.decode()
    access = EmergencyAccess.objects.get()
    assert (access.user, access.case, access.reason) == (procesregisseur, youth_case, REASON)


def test_the_case_number_may_be_given_without_its_year(as_director, youth_case):
    assert ask(as_director, str(youth_case.pk)).status_code == 302
    assert case_page(as_director, youth_case).status_code == 200


@override_settings(SCHAKEL_BREAK_GLASS_HOURS=2)
def test_the_duration_comes_from_the_setting(as_director, youth_case):
    access = start(as_director, youth_case)

    assert access.expires_at - access.started_at == datetime.timedelta(hours=2)


def test_the_default_duration_is_24_hours(as_director, youth_case):
    access = start(as_director, youth_case)

    assert access.expires_at - access.started_at == datetime.timedelta(hours=24)


def test_a_short_reason_is_refused_in_dutch_and_nothing_opens(as_director, youth_case):
    response = ask(as_director, youth_case.reference, reason="spoed")

    assert response.status_code == 200
    assert "ten minste 20 tekens" in response.content.decode()
    assert "spoed" in response.content.decode()  # what was typed stays on the page
    assert not EmergencyAccess.objects.exists()
    assert case_page(as_director, youth_case).status_code == 404


def _form_error(response) -> str:
    return response.context["form"].errors["case_number"][0]


def test_other_regions_case_gets_the_same_answer_as_a_case_that_does_not_exist(
    as_director, procesregisseur, other_region, other_region_procesregisseur
):
    far_table = TableFactory(region=other_region, name="Haaglanden Volwassenen")
    far_table.procesregisseurs.add(other_region_procesregisseur)
    far_org = OrganisationFactory(region=other_region, name="Politie Den Haag", domain="straf")
    far_partner = UserFactory(organisation=far_org, roles=[Role.KETENPARTNER])
    far_municipality = MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    far_case = reported_case(reporter=far_partner, municipality=far_municipality)

    elsewhere = ask(as_director, far_case.reference)
    missing = ask(as_director, "C2025-999999")
    garbage = ask(as_director, "geen nummer")

    assert elsewhere.status_code == missing.status_code == garbage.status_code == 200
    assert _form_error(elsewhere) == _form_error(missing) == _form_error(garbage) == NO_SUCH_CASE
    assert not EmergencyAccess.objects.exists()
    assert not can_see_case(procesregisseur, far_case)
    # Each attempt is kept for the privacy officer, as any refused access.
    assert refusals().filter(user=procesregisseur).count() == 3


def test_a_wrong_year_in_the_reference_is_no_case(as_director, youth_case):
    wrong = f"C{youth_case.created_at.year - 1}-{youth_case.pk:06d}"

    assert _form_error(ask(as_director, wrong)) == NO_SUCH_CASE


def test_a_case_one_already_sees_needs_no_noodtoegang(as_director, table, procesregisseur, case):
    case_at_table(case, table=table, actor=procesregisseur)

    response = ask(as_director, case.reference)

    assert "al toegang" in _form_error(response)
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize(
    "user_fixture", ["partner_user", "manager", "privacy_officer", "informatiemakelaar"]
)
def test_only_a_procesregisseur_may_ask_it(request, user_fixture, youth_case):
    client = sign_in(Client(), request.getfixturevalue(user_fixture))

    assert client.get(reverse("break_glass:request")).status_code == 403
    assert ask(client, youth_case.reference).status_code == 403
    assert not EmergencyAccess.objects.exists()


@pytest.fixture
def privacy_officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])


# --- What it opens, and for whom -------------------------------------------------------------


def test_it_opens_only_that_case_for_only_that_user(
    as_director, procesregisseur, zvh, table, youth_case, second_youth_case
):
    start(as_director, youth_case)
    colleague = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(colleague)

    assert set(visible_cases(procesregisseur)) >= {youth_case}
    assert second_youth_case not in visible_cases(procesregisseur)
    assert case_page(as_director, second_youth_case).status_code == 404
    assert not can_see_case(colleague, youth_case)
    assert case_page(sign_in(Client(), colleague), youth_case).status_code == 404
    # The persons of the case are readable as in visible_cases, and only those.
    assert set(Person.objects.filter(case_links__case=youth_case)) <= set(
        visible_persons(procesregisseur)
    )


def test_it_makes_nobody_a_recipient_of_messages_about_the_case(
    as_director, procesregisseur, youth_director, youth_case
):
    start(as_director, youth_case)

    readers = set(case_readers(youth_case))
    assert procesregisseur not in readers
    assert youth_director in readers


def test_it_gives_no_procesregie_on_the_case(as_director, youth_case):
    start(as_director, youth_case)

    assert as_director.get(reverse("closure:close", args=[youth_case.pk])).status_code in (
        403,
        404,
    )


def test_it_is_honoured_only_while_the_user_is_a_procesregisseur(
    as_director, procesregisseur, youth_case
):
    start(as_director, youth_case)
    procesregisseur.role_assignments.filter(role=Role.PROCESREGISSEUR).update(
        role=Role.INFORMATIEMAKELAAR
    )
    procesregisseur._role_cache = None

    assert not can_see_case(procesregisseur, youth_case)


# --- How it ends -----------------------------------------------------------------------------


def test_it_expires_by_time(procesregisseur, youth_case):
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        client = sign_in(Client(), procesregisseur)
        start(client, youth_case)
    with time_machine.travel(started + datetime.timedelta(hours=23, minutes=59), tick=False):
        assert can_see_case(procesregisseur, youth_case)
        assert case_page(sign_in(Client(), procesregisseur), youth_case).status_code == 200
    with time_machine.travel(started + datetime.timedelta(hours=24), tick=False):
        assert not can_see_case(procesregisseur, youth_case)
        assert case_page(sign_in(Client(), procesregisseur), youth_case).status_code == 404


def test_the_user_can_end_it_early(as_director, procesregisseur, youth_case):
    access = start(as_director, youth_case)

    response = as_director.post(reverse("break_glass:end", args=[access.pk]))

    assert response.status_code == 302
    access.refresh_from_db()
    assert access.ended_at is not None
    assert case_page(as_director, youth_case).status_code == 404
    # Ending again changes nothing.
    ended_at = access.ended_at
    as_director.post(reverse("break_glass:end", args=[access.pk]))
    access.refresh_from_db()
    assert access.ended_at == ended_at


def test_nobody_else_can_end_it(as_director, zvh, table, youth_case):
    access = start(as_director, youth_case)
    colleague = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])

    response = sign_in(Client(), colleague).post(reverse("break_glass:end", args=[access.pk]))

    assert response.status_code == 404
    access.refresh_from_db()
    assert access.ended_at is None


# --- The banner ------------------------------------------------------------------------------


def test_the_case_page_shows_the_banner_with_reason_and_end(as_director, youth_case):
    access = start(as_director, youth_case)

    page = case_page(as_director, youth_case).content.decode()

    assert "U bekijkt deze casus met noodtoegang" in page
    assert REASON in page
    assert reverse("break_glass:end", args=[access.pk]) in page


def test_every_other_page_lists_the_active_noodtoegang(as_director, youth_case):
    start(as_director, youth_case)

    page = as_director.get(reverse("home:worklist")).content.decode()

    assert "U heeft noodtoegang" in page
    assert youth_case.reference in page
    assert "U bekijkt deze casus met noodtoegang" not in page


def test_the_sections_of_the_case_show_the_case_banner_too(as_director, youth_case):
    start(as_director, youth_case)

    page = as_director.get(reverse("cases:section", args=[youth_case.pk, "aanpak"]))

    assert page.status_code == 200
    assert "U bekijkt deze casus met noodtoegang" in page.content.decode()


def test_it_does_not_open_the_plan(as_director, youth_case):
    start(as_director, youth_case)

    page = as_director.get(reverse("plans:detail", args=[youth_case.pk]))

    # The plan is procesregie's and the table's: noodtoegang reads the case, no more.
    assert page.status_code in (403, 404)


def test_no_banner_without_active_noodtoegang(as_director, youth_case):
    access = start(as_director, youth_case)
    as_director.post(reverse("break_glass:end", args=[access.pk]))

    page = as_director.get(reverse("home:worklist")).content.decode()

    assert "schakel-break-glass" not in page
    assert "U heeft noodtoegang" not in page.replace("U heeft noodtoegang tot deze casus.", "")


# --- The logs --------------------------------------------------------------------------------


def test_starting_it_is_logged_with_the_reason_as_purpose(as_director, procesregisseur, youth_case):
    access = start(as_director, youth_case)

    rows = AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.BREAK_GLASS)
    persons = set(Person.objects.filter(case_links__case=youth_case).values_list("pk", flat=True))
    assert {row.person_ref for row in rows} == persons
    assert {row.purpose for row in rows} == {REASON}
    assert {row.case_ref for row in rows} == {youth_case.pk}
    assert {row.object_ref for row in rows} == {str(access.pk)}
    event = SecurityEvent.objects.get(kind=SecurityEventKind.BREAK_GLASS)
    assert event.user == procesregisseur
    assert youth_case.reference in event.detail
    assert REASON in event.detail


def test_every_read_during_it_is_logged_as_usual(as_director, procesregisseur, youth_case):
    start(as_director, youth_case)
    before = AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.READ).count()

    case_page(as_director, youth_case)

    reads = AccessLogEntry.objects.filter(user=procesregisseur, action=AccessAction.READ)
    assert reads.count() > before
    assert reads.filter(case_ref=youth_case.pk).exists()
