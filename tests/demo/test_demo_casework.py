"""The demo's work at the regietafels: schedules, meetings, plans, follow-up and closing.

One demo region is generated for the whole module (inside a transaction that is rolled
back at the end), so the many checks below cost one generation.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from schakel.access.policy import (
    information_opens_at,
    visible_actions,
    visible_agenda_items,
    visible_cases,
    visible_meetings,
)
from schakel.accounts.models import User
from schakel.cases.lifecycle import ALLOWED_TRANSITIONS, PLAN_STATES, CaseState
from schakel.cases.models import Case, CaseKind, CaseParticipant, ParticipationReason
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.demo import texts
from schakel.demo.generator import generate_demo_data
from schakel.demo.seed_cases import CLOSED_FAMILY, HOMELESS_MAN, YOUNG_WOMAN
from schakel.followup.models import (
    Action,
    ActionStatus,
    Escalation,
    EscalationLevel,
    EscalationStatus,
    ProgressMeasurement,
)
from schakel.meetings.models import (
    AgendaItem,
    AgendaSource,
    Attendance,
    AttendanceMode,
    Meeting,
    MeetingStatus,
)
from schakel.notifications.models import Notification
from schakel.plans.models import Intervention, InterventionLine, Plan, PlanVersion
from schakel.referrals.models import ReferralSource
from schakel.tables.models import DAY_PART_HOURS, DayPart, Frequency, Table, Weekday

pytestmark = pytest.mark.django_db

S = CaseState
SIZE = 80


@pytest.fixture(scope="module", autouse=True)
def demo_region(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo_data(size=SIZE, seed=11)
        yield
        transaction.set_rollback(True)


def local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def test_the_tables_have_the_schedules_and_partners_of_seed_002():
    expected = {
        "Jeugd": (
            Frequency.WEEKLY,
            Weekday.THURSDAY,
            DayPart.AFTERNOON,
            {"politie", "Raad voor de Kinderbescherming", "jeugdteam", "leerplicht",
             "jeugdbescherming", "gehandicaptenzorg"},
        ),
        "Volwassenen": (
            Frequency.BIWEEKLY, Weekday.TUESDAY, DayPart.MORNING,
            {"OM", "politie", "reclassering", "GGD"},
        ),
        "Huiselijk Geweld": (
            Frequency.WEEKLY, Weekday.MONDAY, DayPart.AFTERNOON,
            {"politie", "OM", "reclassering", "Veilig Thuis", "Raad voor de Kinderbescherming"},
        ),
        "Nazorg en Re-integratie": (
            Frequency.BIWEEKLY, Weekday.WEDNESDAY, DayPart.MORNING,
            {"DJI / penitentiaire inrichting", "reclassering", "politie", "GGD", "MEE",
             "re-integratieofficier (RIO)", "sociale dienst"},
        ),
        "O3MP": (Frequency.BIWEEKLY, Weekday.FRIDAY, DayPart.MORNING, None),
    }  # fmt: skip
    tables = {table.name: table for table in Table.objects.prefetch_related("fixed_participants")}
    assert set(tables) == set(expected)
    for name, (frequency, weekday, day_part, kinds) in expected.items():
        table = tables[name]
        assert (table.frequency, table.weekday, table.day_part) == (frequency, weekday, day_part)
        assert "Dordrecht" in table.location
        if frequency == Frequency.BIWEEKLY:
            assert table.schedule_anchor.weekday() == weekday
        if kinds is not None:
            assert {o.kind for o in table.fixed_participants.all()} == kinds, name
    assert tables["Jeugd"].procesregisseurs.get().username == "regisseur-jeugd"
    directed = set(
        User.objects.get(username="procesregisseur").directed_tables.values_list("name", flat=True)
    )
    assert directed == {"Volwassenen", "Huiselijk Geweld", "O3MP"}


def _is_sitting(table: Table, day: datetime.date) -> bool:
    if day.weekday() != table.weekday:
        return False
    return table.frequency == Frequency.WEEKLY or (day - table.schedule_anchor).days % 14 == 0


def test_meetings_follow_the_schedule_from_eight_weeks_back_to_four_ahead():
    today = timezone.localdate()
    start, stop = today - datetime.timedelta(weeks=8), today + datetime.timedelta(weeks=4)
    moved = cancelled = 0
    for table in Table.objects.all():
        meetings = list(table.meetings.all())
        days = {local(m.starts_at).date() for m in meetings}
        window = [
            start + datetime.timedelta(days=n)
            for n in range((stop - start).days)
            if _is_sitting(table, start + datetime.timedelta(days=n))
        ]
        assert set(window) <= days, table
        assert len(window) >= (4 if table.frequency == Frequency.BIWEEKLY else 8) + 2
        for meeting in meetings:
            day = local(meeting.starts_at).date()
            assert meeting.from_schedule and _is_sitting(table, day)
            assert meeting.ends_at > meeting.starts_at
            if meeting.status == MeetingStatus.CANCELLED:
                cancelled += 1
                assert not meeting.items.exists()
            elif day < today:
                assert meeting.status == MeetingStatus.HELD
            else:
                assert meeting.status == MeetingStatus.PLANNED
            if local(meeting.starts_at).hour != DAY_PART_HOURS[table.day_part][0]:
                moved += 1
    assert (moved, cancelled) == (1, 1)


def test_past_meetings_have_minuted_agendas_and_coming_ones_have_agendas():
    today = timezone.localdate()
    held = Meeting.objects.filter(status=MeetingStatus.HELD, items__isnull=False).distinct()
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED, items__isnull=False).distinct()
    assert held.count() >= 10
    assert planned.count() >= 5
    for item in AgendaItem.objects.select_related("meeting", "triage"):
        # The generator counts in days: today's sitting is still to be minuted.
        if local(item.meeting.starts_at).date() < today:
            assert item.is_minuted, item
            assert item.beeldvorming and item.oordeelvorming and item.besluitvorming
            assert item.minuted_at > item.meeting.ends_at
        else:
            assert not item.is_minuted
        if item.source == AgendaSource.TRIAGE:
            assert item.triage.case_id == item.case_id
            assert (item.purpose, item.questions) == (item.triage.purpose, item.triage.questions)
        assert item.purpose
    sources = set(AgendaItem.objects.values_list("source", flat=True))
    assert {AgendaSource.TRIAGE, AgendaSource.EVALUATION} <= sources


def test_a_case_is_on_the_agenda_of_its_own_table_only():
    for item in AgendaItem.objects.select_related("meeting", "case"):
        assert item.case.table_id == item.meeting.table_id


def test_coming_evaluations_are_on_the_next_agenda():
    today = timezone.localdate()
    due = Plan.objects.filter(
        case__state=S.IN_UITVOERING,
        next_evaluation_on__lte=today + datetime.timedelta(days=14),
        case__agenda_items__meeting__starts_at__gte=timezone.now(),
        case__agenda_items__source=AgendaSource.EVALUATION,
    )
    assert due.exists()


def test_invited_organisations_take_part_from_the_information_window():
    for item in AgendaItem.objects.select_related("meeting__table").prefetch_related(
        "invited_organisations"
    ):
        fixed = set(item.meeting.table.fixed_participants.values_list("pk", flat=True))
        opens = information_opens_at(item.meeting)
        for organisation in item.invited_organisations.all():
            assert organisation.has_signed_convenant
            if organisation.pk in fixed:
                continue
            invited = CaseParticipant.objects.get(
                case_id=item.case_id,
                organisation=organisation,
                reason=ParticipationReason.UITGENODIGD,
            )
            assert invited.visible_from is not None
            assert invited.visible_from <= opens
    invited = CaseParticipant.objects.filter(reason=ParticipationReason.UITGENODIGD)
    assert invited.exists()
    assert not invited.filter(visible_from__isnull=True).exists()
    # Some invitations lie ahead: that organisation does not see the case yet.
    assert invited.filter(visible_from__gt=timezone.now()).exists()


def test_attendance_includes_remote_participation_from_the_pi():
    assert Attendance.objects.filter(mode=AttendanceMode.REMOTE).exists()
    detainee = Attendance.objects.filter(
        organisation__kind="DJI / penitentiaire inrichting", mode=AttendanceMode.REMOTE
    ).exclude(item=None)
    assert detainee.exists()
    assert {a.name for a in detainee} == {texts.DETAINEE_ATTENDANCE}
    assert not Attendance.objects.filter(meeting__status=MeetingStatus.PLANNED).exists()


def test_every_case_put_on_a_table_has_a_plan():
    # Triage creates the plan when it puts a case on a table; the demo does the same.
    assert Case.objects.filter(state__in=PLAN_STATES).exists()
    assert not Case.objects.filter(state__in=PLAN_STATES, plan__isnull=True).exists()
    # Some on the agenda still have the empty plan triage started.
    assert Plan.objects.filter(case__state=S.GEAGENDEERD, main_goal="").exists()


def test_plans_have_analysis_goals_interventions_and_several_versions():
    # The plans the procesregie has worked on (the others are still as triage made them).
    plans = Plan.objects.exclude(main_goal="").prefetch_related(
        "analyses", "goals__life_domains", "interventions"
    )
    assert plans.exists()
    for plan in plans:
        assert plan.analyses.count() == 13
        assert 2 <= plan.goals.count() <= 4
        for goal in plan.goals.all():
            assert goal.life_domains.exists()
        assert plan.interventions.count() >= 2
        assert plan.main_goal and plan.casusregisseur_organisation_id
        assert plan.main_goal_domains.exists()
    lines = set(Intervention.objects.values_list("line", flat=True))
    assert lines == set(InterventionLine.values)
    several = [p for p in plans if p.versions.count() >= 2]
    assert several
    for plan in several:
        snapshots = [v.snapshot for v in plan.versions.order_by("number")]
        for earlier, later in zip(snapshots, snapshots[1:], strict=False):
            assert earlier != later
    # Cases on the agenda without an agreed plan yet.
    assert Plan.objects.filter(case__state=S.GEAGENDEERD, versions__isnull=True).exists()


def test_every_case_in_uitvoering_has_an_agreed_version_from_a_sitting_of_its_table():
    for case in Case.objects.filter(
        state__in=(S.IN_UITVOERING, S.AFGESCHAALD, S.AFGESLOTEN)
    ).select_related("plan"):
        versions = list(case.plan.versions.select_related("meeting").order_by("number"))
        assert 1 <= len(versions) <= 3
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        first_step = case.transitions.filter(to_state=S.IN_UITVOERING).earliest("at")
        assert versions[0].meeting.ends_at <= first_step.at
        assert local(versions[0].meeting.starts_at).date() == local(first_step.at).date()
        for version in versions:
            assert version.meeting.table_id == case.table_id
            assert version.meeting.status == MeetingStatus.HELD
            assert version.agreed_at >= version.meeting.ends_at
            assert version.meeting.items.filter(case=case).exists()


def test_intervention_holders_are_participants():
    for intervention in Intervention.objects.select_related("plan"):
        assert CaseParticipant.objects.filter(
            case_id=intervention.plan.case_id,
            organisation_id=intervention.organisation_id,
            reason=ParticipationReason.INTERVENTIE,
        ).exists()


def test_transitions_follow_the_lifecycle_graph():
    for case in Case.objects.prefetch_related("transitions"):
        transitions = list(case.transitions.all())
        for earlier, later in zip(transitions, transitions[1:], strict=False):
            assert later.from_state == earlier.to_state
            assert later.to_state in ALLOWED_TRANSITIONS[earlier.to_state]
            assert earlier.at <= later.at
        assert transitions[-1].to_state == case.state


def test_actions_open_done_and_overdue_including_politie_and_ggz():
    today = timezone.localdate()
    actions = Action.objects.all()
    assert actions.filter(status=ActionStatus.DONE, completed_at__isnull=False).exists()
    assert not actions.filter(status=ActionStatus.DONE, completed_at__isnull=True).exists()
    assert actions.filter(status=ActionStatus.OPEN, due_on__gte=today).exists()
    assert actions.filter(agenda_item__isnull=False).count() == actions.count()
    for username in ("politie", "ggz"):
        user = User.objects.get(username=username)
        overdue = visible_actions(user).filter(status=ActionStatus.OPEN, due_on__lt=today)
        assert overdue.count() >= 2, username
        assert Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_stappenmeter_readings_for_cases_with_an_agreed_plan():
    for case in Case.objects.filter(plan__versions__isnull=False).distinct():
        readings = list(ProgressMeasurement.objects.filter(case=case).prefetch_related("scores"))
        assert 2 <= len(readings) <= 4, case
        for reading in readings:
            assert 1 <= reading.cooperation <= 5 and 1 <= reading.main_goal_score <= 5
            assert reading.scores.count() == case.plan.goals.count()
            assert reading.measured_on < timezone.localdate()


def test_afgeschaalde_cases_have_a_complete_checklist_before_de_escalation():
    for case in Case.objects.filter(transitions__to_state=S.AFGESCHAALD).distinct():
        checklist = DeEscalation.objects.get(case=case)
        assert checklist.risks_checked and checklist.cooperation_checked
        assert checklist.regie_organisation_id and checklist.regie_contact
        assert checklist.consult_agreements and checklist.reescalation_agreements
        first = case.transitions.filter(to_state=S.AFGESCHAALD).earliest("at")
        assert checklist.completed_at <= first.at
    assert Case.objects.filter(state=S.AFGESCHAALD).exists()


def test_closed_cases_have_a_closure_and_an_evaluation():
    closed = Case.objects.filter(transitions__to_state=S.AFGESLOTEN).distinct()
    assert closed.exists()
    for case in closed:
        assert (
            Closure.objects.filter(case=case).count()
            == case.transitions.filter(to_state=S.AFGESLOTEN).count()
        )
        assert CaseEvaluation.objects.filter(case=case).exists()
    assert len(set(Closure.objects.values_list("outcome", flat=True))) >= 2
    proposals = CaseEvaluation.objects.exclude(verbetervoorstellen="")
    assert proposals.exists()
    for evaluation in proposals:
        assert evaluation.verbetervoorstellen in texts.VERBETERVOORSTELLEN or (
            evaluation.case.title == CLOSED_FAMILY.title
        )


def test_the_young_woman_in_closed_youth_care():
    case = Case.objects.get(title=YOUNG_WOMAN.title)
    assert (case.table.name, case.state) == ("Jeugd", S.IN_UITVOERING)
    person = case.case_persons.get().person
    age = (timezone.localdate() - person.birth_date).days // 365
    assert 17 <= age <= 19 and person.gender == "vrouw"
    escalations = {(e.level, e.status) for e in Escalation.objects.filter(case=case)}
    assert escalations == {
        (EscalationLevel.TACTISCH, EscalationStatus.AFGEROND),
        (EscalationLevel.STRATEGISCH, EscalationStatus.LOPEND),
    }
    assert case.plan.versions.count() >= 2
    assert case.plan.interventions.filter(organisation__kind="gesloten jeugdzorg").exists()
    regisseur = User.objects.get(username="regisseur-jeugd")
    assert visible_cases(regisseur).filter(pk=case.pk).exists()
    assert visible_agenda_items(regisseur).filter(case=case).exists()


def test_the_homeless_man_with_alcohol_problems():
    case = Case.objects.get(title=HOMELESS_MAN.title)
    assert (case.table.name, case.state) == ("Volwassenen", S.IN_UITVOERING)
    person = case.case_persons.get().person
    assert (timezone.localdate() - person.birth_date).days // 365 == 45
    assert person.street_address == ""
    versions = list(case.plan.versions.order_by("number"))
    assert len(versions) == 3
    assert versions[0].snapshot["interventions"] != versions[-1].snapshot["interventions"]
    assert case.actions.filter(status=ActionStatus.OPEN, due_on__lt=timezone.localdate()).exists()
    assert case.referrals.get().source == ReferralSource.ZSM


def test_the_closed_family_system_referred_by_veilig_thuis():
    case = Case.objects.get(title=CLOSED_FAMILY.title)
    assert (case.table.name, case.state, case.kind) == (
        "Huiselijk Geweld",
        S.AFGESLOTEN,
        CaseKind.SYSTEEM,
    )
    assert case.case_persons.count() == 7
    referral = case.referrals.get()
    assert referral.source == ReferralSource.VEILIG_THUIS
    assert referral.reporting_organisation.kind == "Veilig Thuis"
    states = list(case.transitions.values_list("to_state", flat=True))
    assert states.count(S.IN_UITVOERING) == 2  # re-escalated after the first afschaling
    assert Closure.objects.get(case=case).outcome == Outcome.DEELS
    evaluation = CaseEvaluation.objects.get(case=case)
    assert evaluation.leerpunten and evaluation.verbetervoorstellen
    goals = [v.snapshot["main_goal"] for v in case.plan.versions.order_by("number")]
    assert "zelfstandig leven" in goals[-1] and goals[0] != goals[-1]


def test_demo_users_can_walk_through_meetings():
    regisseur = User.objects.get(username="procesregisseur")
    meetings = visible_meetings(regisseur)
    assert set(meetings.values_list("table__name", flat=True)) == {
        "Volwassenen",
        "Huiselijk Geweld",
        "O3MP",
    }
    assert visible_agenda_items(regisseur).filter(meeting__status=MeetingStatus.HELD).exists()
    assert visible_agenda_items(regisseur).filter(meeting__status=MeetingStatus.PLANNED).exists()
    for username in ("politie", "ggz"):
        partner = User.objects.get(username=username)
        items = visible_agenda_items(partner)
        assert items.exists(), username
        # A partner sees only the items it is invited to, never a whole meeting.
        meeting = visible_meetings(partner).first()
        assert items.filter(meeting=meeting).count() <= meeting.items.count()
        assert Intervention.objects.filter(organisation=partner.organisation).exists()


def test_every_version_is_agreed_by_the_tables_procesregisseur():
    for version in PlanVersion.objects.select_related("plan__case", "meeting__table"):
        assert version.meeting.table.procesregisseurs.filter(pk=version.agreed_by_id).exists()


def test_demo_login_help_lists_the_example_cases():
    out = io.StringIO()
    call_command("demo_login_help", stdout=out)
    for seed in (YOUNG_WOMAN, HOMELESS_MAN, CLOSED_FAMILY):
        case = Case.objects.get(title=seed.title)
        assert f"{case.reference}  {seed.title}" in out.getvalue()


def test_the_schedule_command_adds_no_second_sitting_to_a_demo_slot():
    """make run plans meetings after the demo: the demo's sittings (the moved one too)
    hold their slot, so planning adds only the weeks beyond the demo's horizon."""
    horizon = timezone.now() + datetime.timedelta(weeks=4)
    before = set(
        Meeting.objects.filter(starts_at__lt=horizon).values_list("table_id", "scheduled_for")
    )
    assert all(slot for _table, slot in before)
    with transaction.atomic():
        call_command("plan_overleggen", "--weken", "4", stdout=io.StringIO())
        after = set(
            Meeting.objects.filter(starts_at__lt=horizon).values_list("table_id", "scheduled_for")
        )
        transaction.set_rollback(True)
    assert after - before == set() or all(
        slot >= (horizon - datetime.timedelta(days=7)).date() for _table, slot in after - before
    )


def test_the_bestuurder_has_the_bestuurlijke_opschaling_to_answer_without_the_case():
    from schakel.home.selectors import worklist_for

    bestuurder = User.objects.get(username="bestuurder")
    escalation = Escalation.objects.get(addressed_to=bestuurder)
    assert escalation.level == EscalationLevel.STRATEGISCH and escalation.briefing
    assert worklist_for(user=bestuurder).escalations_for_me == [escalation]
    assert not visible_cases(bestuurder).exists()


def test_case_content_reaches_only_case_readers():
    """No action is owned by, and no message about a case goes to, someone who may not
    open that case (a bestuurder of the gemeente, say)."""
    from schakel.access.policy import case_readers
    from schakel.notifications.models import Notification

    for action in Action.objects.filter(owner_user__isnull=False).select_related("case")[:200]:
        assert case_readers(action.case).filter(pk=action.owner_user_id).exists(), action.pk
    for note in Notification.objects.filter(case__isnull=False).select_related("case"):
        assert case_readers(note.case).filter(pk=note.user_id).exists(), note.pk
    bestuurder = User.objects.get(username="bestuurder")
    assert not Action.objects.filter(owner_user=bestuurder).exists()
