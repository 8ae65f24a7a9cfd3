"""No new processing while a person's processing is restricted (AVG art. 18), in the writes
beyond the melding, the uitvraag and the plan: merging cases, a her-melding, the agenda, a
partner's progress report, an action and a detentiemelding.

Each is refused whole with the one Dutch message of the policy and leaves nothing behind;
each works again once the privacy officer lifts the restriction.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.access.policy import PROCESSING_RESTRICTED
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case, CasePerson, PersonRole
from schakel.cases.services import merge_case
from schakel.followup.models import Action
from schakel.meetings import services as meetings
from schakel.meetings.models import AgendaItem
from schakel.nazorg.models import DetentionNotice
from schakel.nazorg.services import register_detention_notice
from schakel.persons.services import lift_restriction, restrict_processing
from schakel.plans.models import Intervention, InterventionUpdate
from schakel.plans.services import report_progress
from schakel.referrals.models import Referral
from schakel.referrals.services import (
    PersonDetails,
    ReferredPerson,
    attach_rereport,
    register_rereport,
    submit_referral,
)
from tests.api.conftest import approved_client, bearer, token_for
from tests.builders import action_for, case_in_uitvoering
from tests.factories import CaseFactory, OrganisationFactory, add_participant, add_person
from tests.helpers import close_case, decide_agenderen, known_person, make_meeting, make_table_case

RESTRICTED = str(PROCESSING_RESTRICTED)

pytestmark = pytest.mark.django_db


def hoofdpersoon(case):
    return case.case_persons.get(role=PersonRole.HOOFDPERSOON).person


def restrict(case, officer):
    person = hoofdpersoon(case)
    restrict_processing(actor=officer, person=person, reason="Betrokkene betwist de juistheid")
    return person


def lift(person, officer):
    lift_restriction(actor=officer, person=person, reason="Juistheid vastgesteld")


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return list(error.value.messages)


# --- Merging cases ---------------------------------------------------------------------------


@pytest.fixture
def target(region, municipality, ggz):
    """A running case of the region that the `case` fixture's melding could be merged into."""
    target = CaseFactory(region=region, municipality=municipality, title="Eerste melding")
    add_person(target)
    add_participant(target, ggz, reason="melder")
    return target


def _merge(case, target, actor):
    return lambda: merge_case(actor=actor, case=case, into=target, reason="Zelfde situatie")


def _unmerged(case, target):
    case.refresh_from_db()
    return (
        case.state != CaseState.SAMENGEVOEGD
        and case.case_persons.count() == 1
        and target.case_persons.count() == 1
    )


def test_a_case_with_a_restricted_person_is_not_merged(
    case, target, procesregisseur, privacy_officer
):
    person = restrict(case, privacy_officer)
    assert RESTRICTED in refused(_merge(case, target, procesregisseur))
    assert _unmerged(case, target)

    lift(person, privacy_officer)
    merge_case(actor=procesregisseur, case=case, into=target, reason="Zelfde situatie")
    case.refresh_from_db()
    assert case.state == CaseState.SAMENGEVOEGD, "lifting restores the processing"


def test_nothing_is_merged_into_the_case_of_a_restricted_hoofdpersoon(
    case, target, procesregisseur, privacy_officer
):
    restrict(target, privacy_officer)
    assert RESTRICTED in refused(_merge(case, target, procesregisseur))
    assert _unmerged(case, target)


# --- Her-melding -----------------------------------------------------------------------------


@pytest.fixture
def closed_case(region, municipality, table, procesregisseur, ggz, ggz_user):
    """An earlier, closed case of the table about a fictional Fenna van Oosterhout."""
    from tests.helpers import make_referral

    case = CaseFactory(region=region, municipality=municipality, table=table, title="Eerder")
    add_person(
        case,
        known_person(
            region,
            first_names="Fenna",
            name_prefix="van",
            last_name="Oosterhout",
            birth_date=datetime.date(1988, 5, 17),
        ),
    )
    make_referral(case, ggz, ggz_user, description="Eerdere melding van de GGZ.")
    close_case(case, procesregisseur)
    case.refresh_from_db()
    return case


@pytest.fixture
def new_case(partner_user, municipality, closed_case):
    """A police melding about the same person, typed anew: a her-melding candidate."""
    return submit_referral(
        actor=partner_user,
        source="veldaanmelding",
        received_on=datetime.date(2025, 3, 14),
        municipality=municipality,
        kind="persoon",
        title="Zorgen om bewoonster",
        description="Nieuwe zorgen.",
        question="Kan het ZVH helpen?",
        persons=[
            ReferredPerson(
                role="hoofdpersoon",
                details=PersonDetails(
                    first_names="Fenna",
                    name_prefix="v.",
                    last_name="Oosterhout",
                    birth_date=datetime.date(1988, 5, 17),
                ),
            )
        ],
    ).case


def test_a_her_melding_is_not_attached_to_the_case_of_a_restricted_person(
    new_case, closed_case, procesregisseur, privacy_officer
):
    person = restrict(closed_case, privacy_officer)
    typed = hoofdpersoon(new_case)
    messages = refused(
        lambda: attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)
    )
    assert RESTRICTED in messages
    closed_case.refresh_from_db()
    new_case.refresh_from_db()
    typed.refresh_from_db()
    assert closed_case.state == CaseState.AFGESLOTEN
    assert new_case.state == CaseState.AANGEMELD
    assert typed.merged_into_id is None, "the typed person is not merged half-way"

    lift(person, privacy_officer)
    attach_rereport(actor=procesregisseur, case=new_case, closed_case=closed_case)
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.AANGEMELD


def test_a_her_melding_does_not_reopen_the_case_of_a_restricted_hoofdpersoon(
    closed_case, procesregisseur, privacy_officer
):
    restrict(closed_case, privacy_officer)
    referrals = Referral.objects.count()
    messages = refused(
        lambda: register_rereport(
            actor=procesregisseur,
            case=closed_case,
            description="Nieuwe meldingen van overlast.",
            question="Kan de casus opnieuw worden opgepakt?",
        )
    )
    assert RESTRICTED in messages
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.AFGESLOTEN
    assert Referral.objects.count() == referrals


# --- The agenda ------------------------------------------------------------------------------


def test_a_restricted_case_is_not_put_on_the_agenda_by_hand(
    plan_case, table, procesregisseur, privacy_officer
):
    meeting = make_meeting(table)
    person = restrict(plan_case, privacy_officer)
    add = lambda: meetings.add_case_to_agenda(  # noqa: E731
        meeting=meeting, actor=procesregisseur, case=plan_case, purpose="Plan vaststellen"
    )
    assert RESTRICTED in refused(add)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()

    lift(person, privacy_officer)
    add()
    assert AgendaItem.objects.filter(meeting=meeting, case=plan_case).exists()


def test_build_agenda_leaves_a_restricted_case_off_and_builds_the_rest(
    table, municipality, procesregisseur, privacy_officer
):
    meeting = make_meeting(table)
    held = make_table_case(table, municipality, title="Beperkt")
    due = make_table_case(table, municipality, title="Gewoon")
    for case in (held, due):
        decide_agenderen(case, table, procesregisseur)
    person = restrict(held, privacy_officer)

    built = meetings.build_agenda(meeting=meeting, actor=procesregisseur)

    assert [item.case for item in built] == [due]
    assert built.held_back == [held]
    assert not AgendaItem.objects.filter(case=held).exists()

    lift(person, privacy_officer)
    again = meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    assert [item.case for item in again] == [held], "due again once lifted"
    assert again.held_back == []


def test_build_agenda_leaves_off_a_restricted_case_due_for_evaluation(
    case, table, ggz, procesregisseur, privacy_officer
):
    case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)
    # The plan's evaluation date (2030) has come by a meeting then.
    meeting = make_meeting(table, days=(datetime.date(2030, 3, 2) - timezone.localdate()).days)
    restrict(case, privacy_officer)
    built = meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    assert list(built) == []
    assert built.held_back == [case]


def test_the_agenda_page_says_which_case_was_left_off_without_a_name(
    table, municipality, procesregisseur, privacy_officer, signed_in
):
    meeting = make_meeting(table)
    held = make_table_case(table, municipality, title="Beperkt")
    decide_agenderen(held, table, procesregisseur)
    person = restrict(held, privacy_officer)

    response = signed_in(procesregisseur).post(
        reverse("meetings:build_agenda", args=[meeting.pk]), follow=True
    )

    page = response.content.decode()
    assert held.reference in page
    assert "verwerking beperkt" in page
    assert person.last_name not in page
    assert "geen nieuwe casussen" not in page


# --- Progress reports and actions ------------------------------------------------------------


@pytest.fixture
def running(case, table, ggz, procesregisseur):
    """The case in uitvoering; the GGZ holds its intervention."""
    return case_in_uitvoering(case, table=table, actor=procesregisseur, intervention_by=ggz)


def test_a_partner_reports_no_progress_while_the_hoofdpersoon_is_restricted(
    running, ggz, ggz_user, privacy_officer
):
    intervention = Intervention.objects.get(plan__case=running, organisation=ggz)
    person = restrict(running, privacy_officer)
    report = lambda: report_progress(  # noqa: E731
        intervention=intervention, actor=ggz_user, status="lopend", text="Gesprek gevoerd."
    )
    assert RESTRICTED in refused(report)
    intervention.refresh_from_db()
    assert intervention.status == "gepland"
    assert not InterventionUpdate.objects.exists()

    lift(person, privacy_officer)
    report()
    intervention.refresh_from_db()
    assert intervention.status == "lopend"


def test_no_action_is_created_while_the_hoofdpersoon_is_restricted(
    running, politie, procesregisseur, privacy_officer
):
    person = restrict(running, privacy_officer)
    assert RESTRICTED in refused(lambda: action_for(running, politie, actor=procesregisseur))
    assert not Action.objects.filter(case=running).exists()

    lift(person, privacy_officer)
    action_for(running, politie, actor=procesregisseur)
    assert Action.objects.filter(case=running).count() == 1


def test_the_api_answers_a_restricted_progress_report_with_problem_json(
    client, running, ggz, beheerder, manager, privacy_officer
):
    intervention = Intervention.objects.get(plan__case=running, organisation=ggz)
    care = approved_client(organisation=ggz, beheerder=beheerder, manager=manager)
    token = token_for(client, care)
    restrict(running, privacy_officer)

    response = client.post(
        f"/api/v1/interventies/{intervention.pk}/voortgangsrapportages",
        {"status": "lopend", "text": "Gesprek gevoerd."},
        content_type="application/json",
        **bearer(token),
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    reasons = [param["reason"] for param in response.json()["invalidParams"]]
    assert RESTRICTED in reasons
    assert not InterventionUpdate.objects.exists()


# --- Detentiemelding -------------------------------------------------------------------------


def test_no_detentiemelding_on_a_restricted_known_person(
    region, municipality, procesregisseur, privacy_officer, case
):
    institution = OrganisationFactory(
        region=region, name="PI Dordrecht", domain="straf", kind="DJI / penitentiaire inrichting"
    )
    person = restrict(case, privacy_officer)
    before = (Case.objects.count(), CasePerson.objects.count(), Referral.objects.count())
    today = timezone.localdate()
    register = lambda: register_detention_notice(  # noqa: E731
        actor=procesregisseur,
        person=PersonDetails(first_names=person.first_names, last_name=person.last_name),
        institution=institution,
        detention_started_on=today - datetime.timedelta(days=200),
        expected_release_on=today + datetime.timedelta(days=60),
        return_municipality=municipality,
        existing_person=person,
    )
    assert RESTRICTED in refused(register)
    assert not DetentionNotice.objects.exists()
    assert (Case.objects.count(), CasePerson.objects.count(), Referral.objects.count()) == before

    lift(person, privacy_officer)
    notice = register()
    assert notice.person == person


def test_no_answer_is_added_while_the_person_asked_about_is_restricted(
    case, ggz, ggz_user, ask, privacy_officer
):
    from schakel.inquiries.models import RequestStatus
    from schakel.inquiries.services import answer_request

    question = ask(case, ggz)
    person = restrict(case, privacy_officer)
    answer = lambda: answer_request(  # noqa: E731
        actor=ggz_user, information_request=question, answer="Bekend bij de FACT-poli."
    )
    assert RESTRICTED in refused(answer)
    question.refresh_from_db()
    assert question.status == RequestStatus.OPEN and not question.answer

    lift(person, privacy_officer)
    answer()
    question.refresh_from_db()
    assert question.status == RequestStatus.BEANTWOORD
