"""Correction (AVG art. 16) and restriction of processing (art. 18), through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.access.policy import PROCESSING_RESTRICTED, visible_persons
from schakel.cases.models import CasePerson, PersonRole
from schakel.cases.services import register_person_in_case
from schakel.core.concurrency import EditConflict
from schakel.inquiries.models import InformationRequest, LegalGround
from schakel.inquiries.services import request_information
from schakel.persons.matching import name_key
from schakel.persons.models import Person, PersonCorrection, ProcessingRestriction
from schakel.persons.services import (
    correct_person,
    lift_restriction,
    merge_persons,
    restrict_processing,
)
from schakel.plans.models import Goal
from schakel.referrals.models import Referral
from schakel.referrals.services import PersonDetails, ReferredPerson, submit_referral
from tests.factories import MunicipalityFactory, add_person
from tests.helpers import add_goal, known_person

pytestmark = pytest.mark.django_db

RESTRICTED = str(PROCESSING_RESTRICTED)


def _stored(person):
    return Person.objects.get(pk=person.pk)


# --- Correction ---------------------------------------------------------------------------


def test_correction_keeps_the_old_value_with_who_why_and_when(case_person, privacy_officer):
    old_name = case_person.last_name
    corrections = correct_person(
        actor=privacy_officer,
        person=case_person,
        changes={"last_name": "Jansen-Verbeterd", "bsn": "123456782"},
        reason="Verzoek betrokkene van 3 maart; paspoort gezien",
        expected_version=case_person.version,
    )

    stored = _stored(case_person)
    assert stored.last_name == "Jansen-Verbeterd"
    assert stored.bsn == "123456782"
    assert stored.name_key == name_key(stored.first_names, "", "Jansen-Verbeterd"), (
        "the name key follows the corrected name"
    )
    by_field = {c.field: c for c in corrections}
    assert set(by_field) == {"last_name", "bsn"}
    assert by_field["last_name"].old_value == old_name
    assert by_field["last_name"].new_value == "Jansen-Verbeterd"
    assert by_field["bsn"].old_value == ""
    row = PersonCorrection.objects.get(person=case_person, field="last_name")
    assert row.corrected_by == privacy_officer
    assert row.organisation == privacy_officer.organisation
    assert row.reason == "Verzoek betrokkene van 3 maart; paspoort gezien"
    assert timezone.now() - row.corrected_at < datetime.timedelta(minutes=1)


def test_correction_is_logged_as_a_change_naming_fields_not_values(case_person, privacy_officer):
    correct_person(
        actor=privacy_officer,
        person=case_person,
        changes={"city": "Papendrecht"},
        reason="Verhuisd",
    )
    entry = AccessLogEntry.objects.get(user=privacy_officer, action=AccessAction.CHANGE)
    assert entry.person_id == case_person.pk
    assert "woonplaats" in entry.detail
    assert "Papendrecht" not in entry.detail


def test_dates_genders_and_municipalities_are_kept_as_shown(case_person, privacy_officer, region):
    papendrecht = MunicipalityFactory(region=region, name="Papendrecht", cbs_code="GM0590")
    correct_person(
        actor=privacy_officer,
        person=case_person,
        changes={
            "birth_date": datetime.date(1990, 2, 3),
            "gender": "vrouw",
            "municipality": papendrecht,
        },
        reason="Gegevens uit de BRP",
    )
    kept = {c.field: (c.old_value, c.new_value) for c in PersonCorrection.objects.all()}
    assert kept["birth_date"][1] == "03-02-1990"
    assert kept["gender"] == ("Onbekend", "Vrouw")
    assert kept["municipality"] == ("", "Papendrecht")


@pytest.mark.parametrize(
    ("changes", "reason", "field", "message"),
    [
        ({"bsn": "123456789"}, "Verzoek", "bsn", "11-proef"),
        ({"last_name": "Anders"}, "   ", "reason", "Geef de reden van de correctie"),
        ({"last_name": ""}, "Verzoek", "last_name", "leeg"),
        ({"email": "geen-adres"}, "Verzoek", "email", "e-mailadres"),
        ({"birth_date": datetime.date(2999, 1, 1)}, "Verzoek", "birth_date", "toekomst"),
        ({}, "Verzoek", "__all__", "Er is niets gewijzigd"),
        ({"region": 5}, "Verzoek", "__all__", "kunnen niet worden gecorrigeerd"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    case_person, privacy_officer, changes, reason, field, message
):
    before = _stored(case_person)
    # Each bad value comes with a good one, which must not be saved either.
    changes = {"city": "Sliedrecht", **changes} if changes else {}
    with pytest.raises(ValidationError) as refused:
        correct_person(
            actor=privacy_officer,
            person=case_person,
            changes=changes,
            reason=reason,
            expected_version=before.version,
        )
    assert any(message in m for m in refused.value.message_dict[field]), refused.value
    after = _stored(case_person)
    assert (after.city, after.last_name, after.bsn, after.version) == (
        before.city,
        before.last_name,
        before.bsn,
        before.version,
    ), "nothing is half-saved"
    assert not PersonCorrection.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE).exists()


def test_a_municipality_of_another_region_is_refused(case_person, privacy_officer, other_region):
    elsewhere = MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    with pytest.raises(ValidationError) as refused:
        correct_person(
            actor=privacy_officer,
            person=case_person,
            changes={"municipality": elsewhere},
            reason="Verzoek",
        )
    assert "municipality" in refused.value.message_dict


def test_a_stale_correction_form_is_refused(case_person, privacy_officer):
    opened_at = case_person.version
    correct_person(
        actor=privacy_officer, person=case_person, changes={"city": "Gorinchem"}, reason="Eerste"
    )
    with pytest.raises(EditConflict):
        correct_person(
            actor=privacy_officer,
            person=case_person,
            changes={"city": "Sliedrecht"},
            reason="Tweede, op een oud formulier",
            expected_version=opened_at,
        )
    assert _stored(case_person).city == "Gorinchem"
    assert PersonCorrection.objects.count() == 1


def test_only_the_privacy_officer_of_the_region_corrects(
    case_person, procesregisseur, far_privacy_officer
):
    with pytest.raises(PermissionDenied):
        correct_person(actor=procesregisseur, person=case_person, changes={"city": "X"}, reason="r")
    with pytest.raises(Http404):
        correct_person(
            actor=far_privacy_officer, person=case_person, changes={"city": "X"}, reason="r"
        )
    assert not PersonCorrection.objects.exists()


# --- Restriction ----------------------------------------------------------------------------


def test_restriction_keeps_the_data_hides_the_person_and_is_logged(
    restricted_person, privacy_officer, procesregisseur, partner_user
):
    stored = _stored(restricted_person)
    assert stored.is_restricted
    assert stored.last_name == "Beperktmans", "the data stays stored"
    restriction = ProcessingRestriction.objects.get(person=restricted_person)
    assert restriction.is_active and restriction.restricted_by == privacy_officer
    assert restriction.reason == "Betrokkene betwist de juistheid"
    for user in (procesregisseur, partner_user):
        assert not visible_persons(user).filter(pk=restricted_person.pk).exists()
    entry = AccessLogEntry.objects.get(
        user=privacy_officer, action=AccessAction.CHANGE, person=restricted_person
    )
    assert entry.object_type == "ProcessingRestriction"


def test_restricting_twice_or_without_reason_is_refused(restricted_person, privacy_officer, case):
    with pytest.raises(ValidationError, match="al beperkt"):
        restrict_processing(actor=privacy_officer, person=restricted_person, reason="Nogmaals")
    other = add_person(case, role=PersonRole.PARTNER)
    with pytest.raises(ValidationError) as refused:
        restrict_processing(actor=privacy_officer, person=other, reason="")
    assert "reason" in refused.value.message_dict
    assert not _stored(other).is_restricted
    assert ProcessingRestriction.objects.count() == 1


def test_lifting_restores_visibility_and_keeps_the_history(
    restricted_person, privacy_officer, procesregisseur
):
    with pytest.raises(ValidationError):
        lift_restriction(actor=privacy_officer, person=restricted_person, reason=" ")
    assert _stored(restricted_person).is_restricted

    lift_restriction(
        actor=privacy_officer, person=restricted_person, reason="Juistheid vastgesteld"
    )

    assert not _stored(restricted_person).is_restricted
    assert visible_persons(procesregisseur).filter(pk=restricted_person.pk).exists()
    restriction = ProcessingRestriction.objects.get(person=restricted_person)
    assert restriction.lifted_by == privacy_officer
    assert restriction.lift_reason == "Juistheid vastgesteld"
    with pytest.raises(ValidationError, match="niet beperkt"):
        lift_restriction(actor=privacy_officer, person=restricted_person, reason="Nog eens")


def test_only_the_privacy_officer_of_the_region_restricts(
    case_person, procesregisseur, far_privacy_officer
):
    with pytest.raises(PermissionDenied):
        restrict_processing(actor=procesregisseur, person=case_person, reason="Verzoek")
    with pytest.raises(Http404):
        restrict_processing(actor=far_privacy_officer, person=case_person, reason="Verzoek")
    assert not _stored(case_person).is_restricted


# --- No new processing while restricted ------------------------------------------------------


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def test_a_melding_linked_to_a_restricted_person_is_refused_whole(
    restricted_person, procesregisseur, municipality
):
    before = (Referral.objects.count(), CasePerson.objects.count())
    with pytest.raises(ValidationError) as refused:
        submit_referral(
            actor=procesregisseur,
            source="veldaanmelding",
            received_on=timezone.localdate(),
            municipality=municipality,
            kind="persoon",
            title="Nieuwe zorgen",
            description="Opnieuw overlast gemeld.",
            question="Kan het ZVH kijken?",
            persons=[
                ReferredPerson(
                    role=PersonRole.HOOFDPERSOON,
                    details=PersonDetails(first_names="Roos", last_name="Beperktmans"),
                    existing=restricted_person,
                )
            ],
        )
    assert RESTRICTED in _messages(refused.value)
    assert (Referral.objects.count(), CasePerson.objects.count()) == before


def test_an_information_request_about_a_restricted_person_is_refused(
    case, restricted_person, procesregisseur, ggz
):
    other = add_person(case, role=PersonRole.PARTNER)
    kwargs = dict(
        actor=procesregisseur,
        case=case,
        organisation=ggz,
        question="Wat is bij u bekend?",
        purpose="Beeldvorming",
        legal_ground=LegalGround.WGS,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    # Named, and as the hoofdpersoon of the case even when only someone else is named.
    for persons in ([restricted_person], [other]):
        with pytest.raises(ValidationError) as refused:
            request_information(persons=persons, **kwargs)
        assert RESTRICTED in _messages(refused.value)
    assert not InformationRequest.objects.exists()


def test_plan_changes_are_refused_while_the_hoofdpersoon_is_restricted(
    plan, procesregisseur, privacy_officer
):
    hoofdpersoon = plan.case.case_persons.get(role=PersonRole.HOOFDPERSOON).person
    restrict_processing(actor=privacy_officer, person=hoofdpersoon, reason="Verzoek")
    with pytest.raises(ValidationError) as refused:
        add_goal(plan, procesregisseur)
    assert RESTRICTED in _messages(refused.value)
    assert not Goal.objects.filter(plan=plan).exists()

    lift_restriction(actor=privacy_officer, person=hoofdpersoon, reason="Opgeheven")
    plan.refresh_from_db()
    add_goal(plan, procesregisseur)
    assert Goal.objects.filter(plan=plan).count() == 1, "lifting restores the processing"


def test_no_one_is_added_to_the_case_of_a_restricted_hoofdpersoon(
    case, restricted_person, procesregisseur
):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as refused:
        register_person_in_case(
            actor=procesregisseur,
            case=case,
            role=PersonRole.PARTNER,
            first_names="Nieuw",
            last_name="Gezinslid",
        )
    assert RESTRICTED in _messages(refused.value)
    assert Person.objects.count() == before, "the new person is not left behind"


def test_a_restricted_record_is_not_merged(restricted_person, procesregisseur, region, case):
    twin = known_person(region, first_names="Roos", last_name="Beperktmans")
    add_person(case, twin, role=PersonRole.PARTNER)
    with pytest.raises(ValidationError) as refused:
        merge_persons(actor=procesregisseur, keep=twin, remove=restricted_person)
    assert RESTRICTED in _messages(refused.value)
    assert _stored(restricted_person).merged_into_id is None
