"""The side exit 'samengevoegd': a duplicate melding is closed as merged into another case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from schakel.access.policy import can_see_case
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, CaseTransition, ParticipationReason
from schakel.cases.services import CaseTransitionError, merge_case
from tests.factories import CaseFactory, add_participant, add_person
from tests.helpers import make_referral

MERGEABLE = [CaseState.AANGEMELD, CaseState.IN_UITVRAAG, CaseState.IN_TRIAGE]
NOT_MERGEABLE = [
    CaseState.GEAGENDEERD,
    CaseState.IN_UITVOERING,
    CaseState.AFGESCHAALD,
    CaseState.AFGESLOTEN,
    CaseState.NIET_IN_BEHANDELING,
    CaseState.SAMENGEVOEGD,
]


@pytest.fixture
def target(region, municipality, ggz):
    """The running case the duplicate goes into, reported earlier by the GGZ."""
    target = CaseFactory(
        region=region, municipality=municipality, title="Verwaarlozing Lindelaan (eerste melding)"
    )
    add_person(target)
    add_participant(target, ggz, reason="melder")
    return target


@pytest.fixture
def duplicate(case, politie, partner_user):
    """The police's melding of the same situation: a case with its own melding and person."""
    make_referral(case, politie, partner_user, description="Tweede melding over dezelfde woning.")
    return case


@pytest.mark.parametrize("state", MERGEABLE)
def test_merge_closes_the_case_as_merged_and_moves_the_melding(
    state, duplicate, target, procesregisseur, politie
):
    type(duplicate).objects.filter(pk=duplicate.pk).update(state=state)
    duplicate.refresh_from_db()
    referral = duplicate.referrals.get()
    person = duplicate.case_persons.get().person

    transition = merge_case(
        actor=procesregisseur, case=duplicate, into=target, reason="Zelfde situatie, al bekend"
    )

    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.SAMENGEVOEGD
    assert duplicate.merged_into == target
    stored = CaseTransition.objects.get(pk=transition.pk)
    assert (stored.from_state, stored.to_state) == (state, CaseState.SAMENGEVOEGD)
    assert stored.by == procesregisseur
    assert stored.reason == "Zelfde situatie, al bekend"
    referral.refresh_from_db()
    assert referral.case == target
    assert referral.merged_from == duplicate
    assert target.case_persons.filter(person=person).exists()
    assert not duplicate.case_persons.exists()
    # The melder of a melding on the target case is involved in it; its own case stays.
    assert CaseParticipant.objects.filter(
        case=target, organisation=politie, reason=ParticipationReason.MELDER, ended_at=None
    ).exists()
    assert CaseParticipant.objects.filter(
        case=duplicate, organisation=politie, reason=ParticipationReason.MELDER, ended_at=None
    ).exists()


@pytest.mark.parametrize("state", NOT_MERGEABLE)
def test_merge_is_refused_from_other_states_with_a_dutch_message(
    state, duplicate, target, procesregisseur
):
    type(duplicate).objects.filter(pk=duplicate.pk).update(state=state)
    duplicate.refresh_from_db()

    with pytest.raises(CaseTransitionError) as excinfo:
        merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Dubbel")

    assert "kan niet naar ‘Samengevoegd’" in excinfo.value.messages[0]
    duplicate.refresh_from_db()
    assert duplicate.state == state
    assert duplicate.merged_into is None
    assert duplicate.referrals.count() == 1
    assert not CaseTransition.objects.filter(to_state=CaseState.SAMENGEVOEGD).exists()


def test_merge_into_itself_or_a_closed_case_is_refused(duplicate, target, procesregisseur):
    with pytest.raises(ValidationError) as excinfo:
        merge_case(actor=procesregisseur, case=duplicate, into=duplicate, reason="Dubbel")
    assert "met zichzelf" in excinfo.value.messages[0]

    type(target).objects.filter(pk=target.pk).update(state=CaseState.AFGESLOTEN)
    target.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Dubbel")
    assert "her-melding" in excinfo.value.messages[0]
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD


def test_merge_needs_a_reason(duplicate, target, procesregisseur):
    with pytest.raises(CaseTransitionError) as excinfo:
        merge_case(actor=procesregisseur, case=duplicate, into=target, reason="  ")
    assert excinfo.value.messages == ["Geef een reden voor deze stap."]
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD
    assert duplicate.referrals.count() == 1


def test_only_a_procesregisseur_who_directs_both_cases_merges(
    duplicate, target, partner_user, informatiemakelaar, procesregisseur, table
):
    for user in (partner_user, informatiemakelaar):
        with pytest.raises(PermissionDenied):
            merge_case(actor=user, case=duplicate, into=target, reason="Dubbel")
    # A target on a table this procesregisseur does not direct.
    other_table = type(table).objects.create(region=table.region, name="Jeugd")
    type(target).objects.filter(pk=target.pk).update(table=other_table)
    target.refresh_from_db()
    with pytest.raises(PermissionDenied):
        merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Dubbel")
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD


# --- The page -------------------------------------------------------------------------


def test_procesregisseur_merges_from_the_case_page_after_confirming(
    signed_in, procesregisseur, duplicate, target
):
    client = signed_in(procesregisseur)
    page = client.get(reverse("cases:detail", args=[duplicate.pk])).content.decode()
    merge_url = reverse("cases:merge", args=[duplicate.pk])
    assert merge_url in page

    form = client.get(merge_url)
    assert form.status_code == 200
    unconfirmed = client.post(merge_url, {"target": target.reference, "reason": "Dubbel"})
    assert unconfirmed.status_code == 200
    assert "Bevestig" in unconfirmed.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD

    response = client.post(
        merge_url, {"target": target.reference, "reason": "Dubbel", "confirm": "on"}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target


@pytest.mark.parametrize("typed", ["C1999-999999", "9" * 19, "abc", ""])
def test_an_unknown_target_gets_a_dutch_message(signed_in, procesregisseur, duplicate, typed):
    response = signed_in(procesregisseur).post(
        reverse("cases:merge", args=[duplicate.pk]),
        {"target": typed, "reason": "Dubbel", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "casus" in response.context["form"].errors["target"][0]
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD


def test_the_partner_cannot_merge(signed_in, partner_user, duplicate, target):
    response = signed_in(partner_user).post(
        reverse("cases:merge", args=[duplicate.pk]),
        {"target": target.reference, "reason": "Dubbel", "confirm": "on"},
    )
    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.state == CaseState.AANGEMELD


def test_the_melder_sees_its_merged_case_without_the_other_cases_content(
    signed_in, procesregisseur, partner_user, duplicate, target
):
    merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Dubbel")

    client = signed_in(partner_user)
    body = client.get(reverse("cases:detail", args=[duplicate.pk]))
    text = body.content.decode()
    assert body.status_code == 200
    assert "Samengevoegd" in text
    # Its own melding stays readable on its own case ...
    melding = client.get(reverse("cases:section", args=[duplicate.pk, "melding"]))
    assert "Tweede melding over dezelfde woning." in melding.content.decode()
    # ... the other case is named (the police now reads it as melder) but not shown here.
    assert target.title not in text
    assert can_see_case(partner_user, target)


def test_open_information_requests_go_with_the_merged_case(
    duplicate, target, procesregisseur, ask, region, signed_in
):
    """An answer still to come belongs where the case is worked on; the asked partner
    reads its request there, and still not the case."""
    from schakel.accounts.roles import Role
    from tests.factories import OrganisationFactory, UserFactory

    wijkteam = OrganisationFactory(region=region, name="Sociaal wijkteam")
    asked = UserFactory(organisation=wijkteam, roles=[Role.KETENPARTNER])
    request = ask(duplicate, wijkteam)

    merge_case(actor=procesregisseur, case=duplicate, into=target, reason="Dubbel")

    request.refresh_from_db()
    assert request.case == target
    client = signed_in(asked)
    page = client.get(reverse("inquiries:detail", args=[request.pk])).content.decode()
    assert target.reference in page and target.title not in page
    assert not can_see_case(asked, target)
    assert CaseParticipant.objects.filter(
        case=target, organisation=wijkteam, reason=ParticipationReason.UITVRAAG
    ).exists()
