"""The privacy officer's review of noodtoegang: only the officer of the region, every one
until reviewed, a judgement with a note, the log rows made under it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schakel.access import services
from schakel.access.log import record_access
from schakel.access.models import AccessAction, AccessLogEntry, EmergencyAccess, ReviewOutcome
from schakel.accounts.roles import Role
from schakel.persons.models import Person
from tests.factories import OrganisationFactory, TableFactory, UserFactory
from tests.helpers import make_table_case, sign_in

pytestmark = pytest.mark.django_db

REASON = "Crisisdienst belt over de hoofdpersoon; de regisseur van de tafel is onbereikbaar."


@pytest.fixture
def officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER], first_name="Fenna")


@pytest.fixture
def as_officer(officer):
    return sign_in(Client(), officer)


@pytest.fixture
def far_officer(other_region):
    far_zvh = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    return UserFactory(organisation=far_zvh, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def youth_case(region, municipality):
    return make_table_case(TableFactory(region=region, name="Jeugd"), municipality, title="Noor")


@pytest.fixture
def access(procesregisseur, youth_case):
    return services.start_emergency_access(
        actor=procesregisseur, case_number=youth_case.reference, reason=REASON
    )


def review_url(access):
    return reverse("access:break_glass_review", args=[access.pk])


def test_every_noodtoegang_of_the_region_is_on_the_list_until_reviewed(as_officer, access):
    page = as_officer.get(reverse("access:break_glass_reviews")).content.decode()

    assert "1 noodtoegang te beoordelen" in page
    assert REASON in page
    assert review_url(access) in page


def test_an_ended_one_stays_on_the_list_until_reviewed(as_officer, procesregisseur, access):
    services.end_emergency_access(actor=procesregisseur, access=access)

    page = as_officer.get(reverse("access:break_glass_reviews")).content.decode()

    assert "1 noodtoegang te beoordelen" in page


def test_accepting_with_a_note_moves_it_to_the_history(as_officer, officer, access):
    response = as_officer.post(
        review_url(access), {"outcome": ReviewOutcome.JUSTIFIED, "note": "Navraag gedaan: terecht."}
    )

    assert response.status_code == 302
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.JUSTIFIED
    assert access.reviewed_by == officer
    assert access.review_note == "Navraag gedaan: terecht."
    page = as_officer.get(reverse("access:break_glass_reviews")).content.decode()
    assert "0 noodtoegangen te beoordelen" in page
    assert "1 beoordeelde noodtoegang" in page
    assert "Navraag gedaan: terecht." in page


def test_escalating_is_recorded_as_unjustified(as_officer, access):
    as_officer.post(
        review_url(access),
        {"outcome": ReviewOutcome.ESCALATED, "note": "Geen spoed; gemeld bij de manager."},
    )

    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.ESCALATED
    assert access.get_review_outcome_display() == "Onterecht / geëscaleerd"


def test_a_review_needs_an_outcome_and_a_note(as_officer, access):
    response = as_officer.post(review_url(access), {"outcome": "", "note": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["outcome"] == ["Kies of de noodtoegang terecht of onterecht was."]
    assert errors["note"]
    access.refresh_from_db()
    assert not access.is_reviewed


def test_a_second_review_is_refused_and_the_first_is_kept(officer, zvh, access):
    services.review_emergency_access(
        actor=officer, access=access, outcome=ReviewOutcome.JUSTIFIED, note="Terecht, akkoord."
    )
    colleague = UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])

    response = sign_in(Client(), colleague).post(
        review_url(access), {"outcome": ReviewOutcome.ESCALATED, "note": "Toch onterecht."}
    )

    assert response.status_code == 200
    assert "al beoordeeld" in response.content.decode()
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.JUSTIFIED


def test_the_officer_of_another_region_sees_nothing_of_it(far_officer, access):
    client = sign_in(Client(), far_officer)

    assert client.get(review_url(access)).status_code == 404
    assert (
        client.post(
            review_url(access), {"outcome": ReviewOutcome.JUSTIFIED, "note": "Overgenomen."}
        ).status_code
        == 404
    )
    assert REASON not in client.get(reverse("access:break_glass_reviews")).content.decode()
    access.refresh_from_db()
    assert not access.is_reviewed


@pytest.mark.parametrize("user_fixture", ["procesregisseur", "manager", "beheerder"])
def test_other_roles_may_not_review(request, user_fixture, access):
    client = sign_in(Client(), request.getfixturevalue(user_fixture))

    assert client.get(reverse("access:break_glass_reviews")).status_code == 403
    assert client.get(review_url(access)).status_code == 403
    assert (
        client.post(
            review_url(access), {"outcome": ReviewOutcome.JUSTIFIED, "note": "Zelf goedgekeurd."}
        ).status_code
        == 403
    )
    access.refresh_from_db()
    assert not access.is_reviewed


def test_the_officer_sees_the_log_rows_made_under_it_and_no_others(
    officer, as_officer, procesregisseur, youth_case
):
    person = Person.objects.get(case_links__case=youth_case)
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        access = services.start_emergency_access(
            actor=procesregisseur, case_number=str(youth_case.pk), reason=REASON
        )
    with time_machine.travel(started + datetime.timedelta(hours=1), tick=False):
        record_access(
            actor=procesregisseur,
            action=AccessAction.READ,
            case=youth_case,
            persons=[person],
            purpose="Casus ingezien onder noodtoegang",
        )
    with time_machine.travel(started + datetime.timedelta(hours=2), tick=False):
        services.end_emergency_access(actor=procesregisseur, access=access)
    with time_machine.travel(started + datetime.timedelta(hours=3), tick=False):
        record_access(
            actor=procesregisseur,
            action=AccessAction.READ,
            case=youth_case,
            persons=[person],
            purpose="Later, buiten de noodtoegang",
        )

    page = as_officer.get(review_url(access)).content.decode()

    assert "2 logregels onder deze noodtoegang" in page
    assert "Casus ingezien onder noodtoegang" in page
    assert "Later, buiten de noodtoegang" not in page
    # The officer's reading of those rows is itself logged.
    assert AccessLogEntry.objects.filter(
        user=officer, object_type="EmergencyAccess", object_ref=str(access.pk), person=person
    ).exists()


def test_review_needs_the_officer_role_in_the_service(procesregisseur, access):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.review_emergency_access(
            actor=procesregisseur, access=access, outcome=ReviewOutcome.JUSTIFIED, note="Eigen."
        )
    assert not EmergencyAccess.objects.get(pk=access.pk).is_reviewed
