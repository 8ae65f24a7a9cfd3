"""Agenda building, invitations and the information window (PRODUCT.md section 8)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schakel.access.policy import can_see_case, information_opens_at
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import CaseParticipant, ParticipationReason
from schakel.meetings import services
from schakel.meetings.models import AgendaItem, AgendaSource, MeetingStatus
from schakel.plans.models import Intervention, Plan
from tests.builders import case_at_table
from tests.factories import CaseFactory, OrganisationFactory, add_participant, add_person
from tests.helpers import decide_agenderen, make_meeting, make_table_case, put_on_agenda


@pytest.fixture
def triaged(table, municipality, procesregisseur, politie, ggz):
    """A case geagendeerd by triage; politie is a fixed participant, GGZ required by triage."""
    table.fixed_participants.add(politie)
    case = CaseFactory(region=table.region, municipality=municipality, title="Casus aan tafel")
    add_person(case)
    return case_at_table(
        case,
        table=table,
        actor=procesregisseur,
        purpose="Eén plan voor het gezin",
        required_partners=[ggz],
    )


def test_triage_case_is_put_on_agenda_with_purpose_and_invitations(
    triaged, meeting, procesregisseur, politie, ggz
):
    created = services.build_agenda(meeting=meeting, actor=procesregisseur)
    assert len(created) == 1
    item = created[0]
    assert item.case == triaged
    assert item.source == AgendaSource.TRIAGE
    assert item.purpose == "Eén plan voor het gezin"
    assert item.questions == "Wie neemt de regie?"
    assert set(item.invited_organisations.all()) == {politie, ggz}
    # Both the standing member and the partner triage named read the case from the
    # information window, as invitees of this item, and for no other reason.
    for organisation in (politie, ggz):
        invited = CaseParticipant.objects.get(case=triaged, organisation=organisation)
        assert invited.reason == ParticipationReason.UITGENODIGD
        assert invited.visible_from == information_opens_at(meeting)


def test_build_agenda_is_idempotent(triaged, meeting, procesregisseur):
    services.build_agenda(meeting=meeting, actor=procesregisseur)
    assert services.build_agenda(meeting=meeting, actor=procesregisseur) == []
    assert AgendaItem.objects.filter(case=triaged).count() == 1


def test_case_on_another_live_meeting_is_not_added_twice(triaged, table, meeting, procesregisseur):
    services.build_agenda(meeting=meeting, actor=procesregisseur)
    later = make_meeting(table, days=14)
    assert services.build_agenda(meeting=later, actor=procesregisseur) == []


def test_case_of_cancelled_meeting_is_due_again(triaged, table, meeting, procesregisseur):
    services.build_agenda(meeting=meeting, actor=procesregisseur)
    services.cancel_meeting(meeting=meeting, actor=procesregisseur)
    later = make_meeting(table, days=14)
    assert [item.case for item in services.build_agenda(meeting=later, actor=procesregisseur)] == [
        triaged
    ]


def test_only_geagendeerd_cases_of_this_table(
    triaged, table, region, municipality, meeting, procesregisseur
):
    from tests.factories import TableFactory

    other_table = TableFactory(region=region, name="Jeugd")
    elsewhere = make_table_case(other_table, municipality)
    decide_agenderen(elsewhere, other_table, procesregisseur)
    running = make_table_case(table, municipality, state=CaseState.IN_UITVOERING)
    decide_agenderen(running, table, procesregisseur)
    created = services.build_agenda(meeting=meeting, actor=procesregisseur)
    assert [item.case for item in created] == [triaged]


def test_evaluation_due_is_put_on_agenda(table, municipality, meeting, procesregisseur, ggz):
    due = make_table_case(table, municipality, state=CaseState.IN_UITVOERING)
    plan = Plan.objects.create(case=due, next_evaluation_on=timezone.localdate())
    Intervention.objects.create(
        plan=plan, line="zorg", kader="vrijwillig", description="Behandeling", organisation=ggz
    )
    not_yet = make_table_case(table, municipality, state=CaseState.IN_UITVOERING)
    Plan.objects.create(
        case=not_yet, next_evaluation_on=timezone.localdate() + datetime.timedelta(days=60)
    )
    created = services.build_agenda(meeting=meeting, actor=procesregisseur)
    assert [item.case for item in created] == [due]
    assert created[0].source == AgendaSource.EVALUATION
    assert created[0].purpose == "Evaluatie plan van aanpak"
    assert list(created[0].invited_organisations.all()) == [ggz]


def test_evaluation_already_discussed_since_its_date_is_not_repeated(
    table, municipality, meeting, procesregisseur
):
    due = make_table_case(table, municipality, state=CaseState.AFGESCHAALD)
    Plan.objects.create(
        case=due, next_evaluation_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    earlier = make_meeting(table, days=-1)
    put_on_agenda(earlier, due)
    assert services.build_agenda(meeting=meeting, actor=procesregisseur) == []


def test_build_agenda_only_by_director(triaged, meeting, partner_user):
    with pytest.raises(PermissionDenied):
        services.build_agenda(meeting=meeting, actor=partner_user)


def test_build_agenda_refused_for_cancelled_meeting(triaged, meeting, procesregisseur):
    services.cancel_meeting(meeting=meeting, actor=procesregisseur)
    with pytest.raises(ValidationError):
        services.build_agenda(meeting=meeting, actor=procesregisseur)
    assert not AgendaItem.objects.exists()


# --- invitations ---------------------------------------------------------------------------


def test_inviting_creates_participant_from_window(triaged, meeting, procesregisseur, ggz, politie):
    item = put_on_agenda(meeting, triaged)
    services.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    participant = CaseParticipant.objects.get(case=triaged, organisation=ggz, reason="uitgenodigd")
    assert participant.visible_from == meeting.starts_at - datetime.timedelta(hours=48)


def test_inviting_keeps_earliest_window(triaged, table, meeting, procesregisseur, ggz):
    later = make_meeting(table, days=21)
    services.set_invited_organisations(
        item=put_on_agenda(later, triaged), actor=procesregisseur, organisations=[ggz]
    )
    services.set_invited_organisations(
        item=put_on_agenda(meeting, triaged), actor=procesregisseur, organisations=[ggz]
    )
    participant = CaseParticipant.objects.get(case=triaged, organisation=ggz, reason="uitgenodigd")
    assert participant.visible_from == information_opens_at(meeting)


def test_other_participation_is_left_alone(triaged, meeting, procesregisseur, ggz):
    asked = add_participant(triaged, ggz, reason=ParticipationReason.UITVRAAG)
    services.set_invited_organisations(
        item=put_on_agenda(meeting, triaged), actor=procesregisseur, organisations=[ggz]
    )
    asked.refresh_from_db()
    assert asked.visible_from is None


def test_uninviting_ends_the_invitation(triaged, meeting, procesregisseur, ggz):
    item = put_on_agenda(meeting, triaged)
    services.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    services.set_invited_organisations(item=item, actor=procesregisseur, organisations=[])
    invitation = CaseParticipant.objects.get(case=triaged, organisation=ggz, reason="uitgenodigd")
    assert invitation.ended_at is not None


@pytest.mark.parametrize("problem", ["no_convenant", "other_region"])
def test_only_convenant_partners_of_region_can_be_invited(
    triaged, meeting, procesregisseur, region, other_region, problem
):
    if problem == "no_convenant":
        organisation = OrganisationFactory(region=region, convenant_signed_on=None)
    else:
        organisation = OrganisationFactory(region=other_region)
    item = put_on_agenda(meeting, triaged)
    with pytest.raises(ValidationError) as error:
        services.set_invited_organisations(
            item=item, actor=procesregisseur, organisations=[organisation]
        )
    assert "convenantpartner" in str(error.value)
    assert not item.invited_organisations.exists()
    assert not CaseParticipant.objects.filter(organisation=organisation).exists()


def test_information_window(triaged, meeting, procesregisseur, ggz_user, ggz):
    """Invited for a meeting next week: the partner sees the case only from 48 hours before."""
    item = put_on_agenda(meeting, triaged)
    services.set_invited_organisations(item=item, actor=procesregisseur, organisations=[ggz])
    assert not can_see_case(ggz_user, triaged)
    soon = timezone.now() + datetime.timedelta(hours=2)
    services.move_meeting(
        meeting=meeting,
        actor=procesregisseur,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
        location="Stadhuis",
    )
    assert can_see_case(ggz_user, triaged)


# --- agenda by hand, order, minutes, attendance ----------------------------------------------


def test_add_case_by_hand_and_reorder(table, municipality, meeting, procesregisseur):
    first = make_table_case(table, municipality)
    second = make_table_case(table, municipality)
    a = services.add_case_to_agenda(meeting=meeting, actor=procesregisseur, case=first, purpose="A")
    b = services.add_case_to_agenda(
        meeting=meeting, actor=procesregisseur, case=second, purpose="B"
    )
    assert (a.position, b.position) == (1, 2)
    services.move_item(item=b, actor=procesregisseur, up=True)
    assert list(meeting.items.order_by("position").values_list("case_id", flat=True)) == [
        second.pk,
        first.pk,
    ]
    with pytest.raises(ValidationError) as error:
        services.add_case_to_agenda(meeting=meeting, actor=procesregisseur, case=first, purpose="A")
    assert "al op de agenda" in str(error.value)


def test_add_case_requires_purpose_and_this_table(
    table, region, municipality, meeting, procesregisseur
):
    from tests.factories import TableFactory

    other = make_table_case(TableFactory(region=region, name="Nazorg"), municipality)
    with pytest.raises(ValidationError) as error:
        services.add_case_to_agenda(meeting=meeting, actor=procesregisseur, case=other, purpose=" ")
    assert set(error.value.message_dict) == {"reference", "purpose"}


def test_find_case_only_among_visible_cases(table, municipality, meeting, procesregisseur, region):
    from tests.factories import CaseFactory

    mine = make_table_case(table, municipality)
    assert (
        services.find_case_for_agenda(
            actor=procesregisseur, meeting=meeting, reference=mine.reference
        )
        == mine
    )
    hidden = CaseFactory(region=region, municipality=municipality, table=None)
    CaseFactory._meta.model.objects.filter(pk=hidden.pk).update(state="in_uitvoering")
    from tests.factories import TableFactory

    hidden.table = TableFactory(region=region, name="Andere tafel")
    hidden.save()
    with pytest.raises(ValidationError):
        services.find_case_for_agenda(
            actor=procesregisseur, meeting=meeting, reference=hidden.reference
        )


def test_minutes_are_saved_with_author(triaged, table, procesregisseur):
    # Minutes are written in (or after) the meeting: it began an hour ago.
    item = put_on_agenda(make_meeting(table, days=0, hours=-1), triaged)
    services.record_minutes(
        item=item,
        actor=procesregisseur,
        beeldvorming="Beeld",
        oordeelvorming="Oordeel",
        besluitvorming="Besluit",
    )
    item.refresh_from_db()
    assert item.is_minuted and item.minuted_by == procesregisseur
    with pytest.raises(ValidationError):
        services.record_minutes(
            item=item, actor=procesregisseur, beeldvorming="", oordeelvorming="", besluitvorming=""
        )


def test_attendance_rules(table, procesregisseur, politie, partner_user, ggz):
    meeting = make_meeting(table, days=0, hours=-1)
    attendance = services.record_attendance(
        meeting=meeting,
        actor=procesregisseur,
        organisation=politie,
        mode="op_afstand",
        user=partner_user,
    )
    assert attendance.mode == "op_afstand"
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            meeting=meeting,
            actor=procesregisseur,
            organisation=ggz,
            mode="aanwezig",
            user=partner_user,
        )
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            meeting=meeting, actor=procesregisseur, organisation=ggz, mode="x"
        )
    assert {"mode", "name"} <= set(error.value.message_dict)


def test_mark_held_only_after_start(meeting, procesregisseur, table):
    with pytest.raises(ValidationError):
        services.mark_held(meeting=meeting, actor=procesregisseur)
    past = make_meeting(table, days=-1)
    services.mark_held(meeting=past, actor=procesregisseur)
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD
