"""Who hears of what, through the real services: each event reaches the people who must
act, nobody else, and its text names no person and no case content."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.access.policy import can_see_case
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.services import transition_case
from schakel.closure import services as closure
from schakel.closure.services import ChecklistInput
from schakel.followup import services as followup
from schakel.followup.models import EscalationLevel
from schakel.inquiries import services as inquiries
from schakel.meetings import services as meetings
from schakel.notifications.models import Notification, NotificationKind
from schakel.plans import services as plans
from schakel.triage import services as triage
from schakel.triage.models import TriageOutcome
from tests.builders import case_at_table
from tests.factories import CaseFactory, OrganisationFactory, UserFactory, add_person
from tests.helpers import (
    add_goal,
    add_intervention,
    assert_no_names_or_content,
    fill_general,
    make_meeting,
    messages_of,
    recipients,
)

pytestmark = pytest.mark.django_db


# --- Uitvraag --------------------------------------------------------------------------


def test_request_reaches_the_addressed_partners_with_a_link_to_the_request_only(
    ask, case, ggz, ggz_user, partner_user, outsider, politie_bestuurder, procesregisseur
):
    ggz_colleague = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER])
    ggz_bestuurder = UserFactory(organisation=ggz, roles=[Role.BESTUURDER])
    request = ask(case, ggz)

    topic = f"verzoek-{request.pk}-ontvangen"
    assert recipients(topic=topic) == {ggz_user.pk, ggz_colleague.pk}
    for nobody in (partner_user, outsider, politie_bestuurder, ggz_bestuurder, procesregisseur):
        assert not messages_of(nobody)
    # GGZ may not read the case: the message is not tied to it and links to the request.
    assert not can_see_case(ggz_user, case)
    (note,) = messages_of(ggz_user)
    assert note.case_id is None
    assert note.link == reverse("inquiries:detail", args=[request.pk])
    assert note.kind == NotificationKind.INFORMATIEVERZOEK
    assert case.reference in note.text
    assert_no_names_or_content(note.text, case, extra=[request.question, request.purpose])


def test_answer_reaches_the_requester_and_procesregie_of_the_case(
    case, ggz, ggz_user, partner_user, outsider, procesregisseur, informatiemakelaar
):
    case.procesregisseur = procesregisseur
    case.save(update_fields=["procesregisseur"])
    request = inquiries.request_information(
        actor=informatiemakelaar,
        case=case,
        organisation=ggz,
        persons=[link.person for link in case.case_persons.all()],
        question="Is er bij u een behandeltraject bekend?",
        purpose="Beeldvorming voor de triage",
        legal_ground="wgs",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    inquiries.answer_request(
        actor=ggz_user, information_request=request, answer="Bekend bij de FACT-poli sinds 2023."
    )

    topic = f"verzoek-{request.pk}-beantwoord"
    assert recipients(topic=topic) == {procesregisseur.pk, informatiemakelaar.pk}
    for nobody in (ggz_user, partner_user, outsider):
        assert not messages_of(nobody, topic=topic)
    (note,) = messages_of(procesregisseur, topic=topic)
    assert note.case_id == case.pk
    assert note.link == reverse("inquiries:detail", args=[request.pk])
    assert_no_names_or_content(note.text, case, extra=["FACT", "2023"])


# --- Weegoverleg -----------------------------------------------------------------------

NO_CRITERIA = {
    "meets_multiple_domains": True,
    "needs_multiple_chains": True,
    "impacts_system": True,
    "impacts_local_safety": False,
    "o3mp_applied": False,
    "o3mp_ondoorgrondelijk": False,
    "o3mp_ongrijpbaar": False,
    "o3mp_ontwrichtend": False,
}
REASON = "Hulpverlening loopt vast door wisselende woonadressen."


@pytest.mark.parametrize(
    ("outcome", "phrase", "extra"),
    [
        (TriageOutcome.AGENDEREN, "geagendeerd", {}),
        (TriageOutcome.ADVIES, "advies", {}),
        (TriageOutcome.DOORVERWIJZEN, "doorverwezen", {"referred_to": "Wijkteam Noord"}),
        (TriageOutcome.NIET_IN_BEHANDELING, "niet in behandeling", {}),
    ],
)
def test_triage_decision_tells_the_melder_the_outcome_and_nothing_more(
    outcome,
    phrase,
    extra,
    case,
    table,
    procesregisseur,
    partner_user,
    politie_bestuurder,
    ggz,
    ggz_user,
    outsider,
):
    transition_case(case=case, to_state=CaseState.IN_TRIAGE, actor=procesregisseur, reason="Triage")
    decision = triage.decide_triage(
        actor=procesregisseur,
        case=case,
        **NO_CRITERIA,
        complexity="hoog",
        risk="midden",
        unrest="laag",
        outcome=outcome,
        reason=REASON,
        table=table if outcome == TriageOutcome.AGENDEREN else None,
        purpose="Gezamenlijk beeld vormen",
        questions="Wie neemt de casusregie?",
        required_partners=[ggz] if outcome == TriageOutcome.AGENDEREN else [],
        **extra,
    )

    topic = f"triage-{decision.pk}"
    assert recipients(topic=topic) == {partner_user.pk}
    for nobody in (politie_bestuurder, ggz_user, outsider, procesregisseur):
        assert not messages_of(nobody)
    (note,) = messages_of(partner_user)
    assert note.text == (f"Uw melding {case.reference} is besproken in het weegoverleg: {phrase}.")
    assert note.kind == NotificationKind.TRIAGE
    assert_no_names_or_content(
        note.text, case, extra=[REASON, table.name, ggz.name, "Wijkteam", "casusregie"]
    )


# --- Casusoverleg ----------------------------------------------------------------------


def agendered(table, municipality, procesregisseur, ggz, title):
    """A case triaged onto the table with GGZ as a partner that must be present."""
    case = CaseFactory(region=table.region, municipality=municipality, title=title)
    add_person(case)
    return case_at_table(case, table=table, actor=procesregisseur, required_partners=[ggz])


@pytest.fixture
def three_cases(table, municipality, procesregisseur, ggz):
    cases = []
    for title in ("Overlast portiek", "Zorgmijding", "Schulden en uitzetting"):
        cases.append(agendered(table, municipality, procesregisseur, ggz, title))
    return cases


def test_one_invitation_per_organisation_per_meeting_naming_its_cases(
    table,
    three_cases,
    procesregisseur,
    ggz,
    ggz_user,
    standing_org,
    standing_user,
    outsider,
    politie_bestuurder,
):
    meeting = make_meeting(table, days=10)
    ggz_bestuurder = UserFactory(organisation=ggz, roles=[Role.BESTUURDER])
    items = meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    assert len(items) == 3

    topic = f"overleg-{meeting.pk}-uitnodiging"
    (note,) = messages_of(ggz_user)
    assert note.topic == topic
    for case in three_cases:
        assert case.reference in note.text
        assert_no_names_or_content(note.text, case)
    assert note.link == reverse("meetings:detail", args=[meeting.pk])
    assert note.case_id is None  # the window has not opened: they may not read the cases
    assert not can_see_case(ggz_user, three_cases[0])
    # The standing member is a default invitee: until it is unticked it has its message.
    assert recipients(topic=topic) == {ggz_user.pk, standing_user.pk}
    for nobody in (outsider, politie_bestuurder, ggz_bestuurder, procesregisseur):
        assert not messages_of(nobody)

    # Unticked from every item before its message went out: the invitation is withdrawn.
    for item in items:
        item.refresh_from_db()
        meetings.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    assert not messages_of(standing_user)
    assert [n.pk for n in messages_of(ggz_user)] == [note.pk]


def test_invitation_message_is_kept_current_as_the_agenda_grows(
    table, municipality, three_cases, procesregisseur, ggz, ggz_user
):
    meeting = make_meeting(table, days=10)
    meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    (note,) = messages_of(ggz_user)
    Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())

    fourth = agendered(table, municipality, procesregisseur, ggz, "Verwaarlozing tuin")
    meetings.add_case_to_agenda(
        meeting=meeting, actor=procesregisseur, case=fourth, purpose="Plan van aanpak opstellen"
    )

    (updated,) = messages_of(ggz_user)
    assert updated.pk == note.pk
    assert updated.read_at is None
    for case in [*three_cases, fourth]:
        assert case.reference in updated.text


def test_unticked_after_the_invitation_went_out_gets_a_withdrawal_without_references(
    table, three_cases, procesregisseur, ggz, standing_user
):
    meeting = make_meeting(table, days=10)
    items = meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    Notification.objects.filter(user=standing_user).update(mailed_at=timezone.now())
    for item in items:
        item.refresh_from_db()
        meetings.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    (note,) = messages_of(standing_user)
    assert "niet meer uitgenodigd" in note.text
    assert note.mailed_at is None  # it goes out again, with the new text
    for case in three_cases:
        assert case.reference not in note.text


# --- Plan van aanpak en regie -----------------------------------------------------------


@pytest.fixture
def agreed_meeting(table, plan_case):
    meeting = make_meeting(table, days=0, hours=-1)  # agreed once it has begun
    meetings_item = meeting.items.create(case=plan_case, purpose="Plan vaststellen", position=1)
    assert meetings_item.pk
    return meeting


def test_agreed_plan_reaches_the_intervention_holders(
    plan,
    plan_case,
    agreed_meeting,
    procesregisseur,
    politie,
    ggz,
    partner_user,
    ggz_user,
    outsider,
    politie_bestuurder,
):
    fill_general(plan, procesregisseur)
    goal = add_goal(plan, procesregisseur)
    add_intervention(plan, procesregisseur, ggz, "Behandeling bij de FACT-poli", goal)
    add_intervention(plan, procesregisseur, politie, "Wekelijks huisbezoek wijkagent", goal)
    plan.refresh_from_db()
    version = plans.agree_plan(
        plan=plan, actor=procesregisseur, meeting=agreed_meeting, expected_revision=plan.revision
    )

    topic = f"plan-{version.pk}-vastgesteld"
    assert recipients(topic=topic) == {partner_user.pk, ggz_user.pk}
    for nobody in (outsider, politie_bestuurder, procesregisseur):
        assert not messages_of(nobody, topic=topic)
    (note,) = messages_of(ggz_user, topic=topic)
    assert note.link == reverse("plans:detail", kwargs={"case_pk": plan_case.pk})
    assert_no_names_or_content(
        note.text, plan_case, extra=["FACT", "huisbezoek", plan.main_goal, "J. de Vries"]
    )


def _set_casusregisseur(plan, by, organisation):
    plan.refresh_from_db()
    plans.update_plan_general(
        plan=plan,
        actor=by,
        expected_revision=plan.revision,
        main_goal="Wonen en zorg op orde",
        main_goal_domains=[],
        casusregisseur_organisation=organisation,
        casusregisseur_name="M. Bakker",
        non_compliance="",
        monitoring="",
        reporting_organisation=None,
        reporting_frequency="",
        next_evaluation_on=None,
        escalation_agreements="",
    )


def test_regie_handed_to_another_organisation_reaches_the_new_holder_only(
    plan, plan_case, procesregisseur, ggz, ggz_user, partner_user, outsider
):
    ggz_bestuurder = UserFactory(organisation=ggz, roles=[Role.BESTUURDER])
    _set_casusregisseur(plan, procesregisseur, ggz)
    (note,) = messages_of(ggz_user, kind=NotificationKind.REGIE)
    assert note.text == f"Casus {plan_case.reference}: de regie ligt nu bij uw organisatie."
    assert note.case_id == plan_case.pk
    for nobody in (partner_user, outsider, ggz_bestuurder, procesregisseur):
        assert not messages_of(nobody, kind=NotificationKind.REGIE)
    assert "M. Bakker" not in note.text

    # Saving the plan again with the same casusregisseur hands nothing over.
    _set_casusregisseur(plan, procesregisseur, ggz)
    assert len(messages_of(ggz_user, kind=NotificationKind.REGIE)) == 1


def test_regie_teruggelegd_at_de_escalation_reaches_the_new_holder(
    region, plan_case, procesregisseur, partner_user
):
    wijkteam = OrganisationFactory(region=region, name="Wijkteam West")
    wijkteam_user = UserFactory(organisation=wijkteam, roles=[Role.KETENPARTNER])
    closure.de_escalate(
        case=plan_case,
        actor=procesregisseur,
        checklist=ChecklistInput(
            risks_checked=True,
            risks_note="Geen acute risico's meer.",
            cooperation_checked=True,
            cooperation_note="Vaste afspraken over overleg.",
            regie_organisation=wijkteam,
            regie_contact="Casusregisseur wijkteam (J. Jansen)",
            consult_agreements="Bij een nieuwe melding belt het wijkteam het ZVH.",
            reescalation_agreements="Bij terugval opnieuw aan tafel.",
        ),
    )
    (note,) = messages_of(wijkteam_user, kind=NotificationKind.REGIE)
    assert plan_case.reference in note.text
    assert "Jansen" not in note.text
    assert not messages_of(partner_user, kind=NotificationKind.REGIE)


# --- Opschaling ------------------------------------------------------------------------


def test_escalation_addressee_gets_the_reference_and_a_link_to_the_escalation(
    plan_case, procesregisseur, region, partner_user
):
    gemeente = OrganisationFactory(region=region, name="Gemeente Dordrecht")
    bestuurder = UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])
    other = UserFactory(organisation=gemeente, roles=[Role.BESTUURDER])
    transition_case(
        case=plan_case, to_state=CaseState.IN_UITVOERING, actor=procesregisseur, reason="Plan"
    )
    escalation = followup.raise_escalation(
        actor=procesregisseur,
        case=plan_case,
        level=EscalationLevel.TACTISCH,
        question="Kan de gemeente een urgentieverklaring afgeven?",
        addressee="Wethouder",
        raised_on=timezone.localdate(),
        addressed_to=bestuurder,
        briefing="Huisvesting ontbreekt; zonder woning loopt de behandeling vast.",
    )
    (note,) = messages_of(bestuurder)
    assert note.kind == NotificationKind.OPSCHALING
    assert note.case_id is None
    assert note.link == reverse("followup:escalation_answer", args=[escalation.pk])
    assert_no_names_or_content(note.text, plan_case, extra=["urgentie", "Huisvesting"])
    assert not messages_of(other)
    assert not messages_of(partner_user, kind=NotificationKind.OPSCHALING)


def test_removing_an_item_moving_or_cancelling_the_meeting_keeps_the_invitation_true(
    table, three_cases, procesregisseur, ggz_user
):
    from django.utils import timezone

    meeting = make_meeting(table, days=10)
    items = meetings.build_agenda(meeting=meeting, actor=procesregisseur)
    (note,) = messages_of(ggz_user)
    Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())  # it was read

    meetings.remove_item(item=items[0], actor=procesregisseur)
    (note,) = messages_of(ggz_user)
    assert three_cases[0].reference not in note.text
    assert three_cases[1].reference in note.text and note.read_at is None

    meeting.refresh_from_db()
    later = meeting.starts_at + datetime.timedelta(days=1)
    meetings.move_meeting(
        meeting=meeting,
        actor=procesregisseur,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
        location="Stadskantoor",
    )
    (note,) = messages_of(ggz_user)
    local = timezone.localtime(later)
    assert f"{local.day} " in note.text and f"{local:%H:%M}" in note.text

    meeting.refresh_from_db()
    meetings.cancel_meeting(meeting=meeting, actor=procesregisseur)
    (note,) = messages_of(ggz_user)
    assert "geannuleerd" in note.text
    assert not any(case.reference in note.text for case in three_cases)
