"""Cases, meetings and actions made the way the application makes them.

Each builder goes through the services a person would use, so a case "at a table" has its
triage decision, its transitions, its plan and its involvement rows exactly as in real
use. Tests whose behaviour depends on how a case got where it is use these; tests about a
state the lifecycle refuses build that state by hand (tests.helpers.set_state).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from schakel.cases.lifecycle import CaseState
from schakel.followup import services as followup
from schakel.meetings import services as meetings
from schakel.meetings.models import AgendaItem, Meeting
from schakel.plans import services as plans
from schakel.plans.models import Plan
from schakel.referrals import services as referrals
from schakel.referrals.services import PersonDetails, ReferredPerson
from schakel.triage import services as triage
from schakel.triage.models import TriageOutcome
from tests.helpers import add_goal, add_intervention, fill_general


def reported_case(
    *,
    reporter,
    municipality,
    title="Overlast en verwaarlozing",
    last_name="Fictief-Melding",
    received_on=datetime.date(2025, 3, 14),
):
    """A melding by `reporter` through the referral service: aangemeld, with its melder."""
    referral = referrals.submit_referral(
        actor=reporter,
        source="veldaanmelding",
        received_on=received_on,
        municipality=municipality,
        kind="persoon",
        title=title,
        description="Buren melden aanhoudende overlast; de woning lijkt vervuild.",
        question="Kan het ZVH de partners bij elkaar brengen?",
        reporter_contact="K. de Vries, 078-1234567",
        persons=[
            ReferredPerson(
                role="hoofdpersoon",
                details=PersonDetails(
                    first_names="Fenna",
                    last_name=last_name,
                    birth_date=datetime.date(1988, 5, 17),
                ),
            )
        ],
    )
    return referral.case


def in_triage(case, *, actor):
    """The melding put before the weegoverleg by its procesregisseur."""
    triage.start_triage(actor=actor, case=case)
    case.refresh_from_db()
    return case


def case_at_table(
    case,
    *,
    table,
    actor,
    required_partners=(),
    purpose="Eén gezamenlijk plan van aanpak",
    questions="Wie neemt de regie?",
):
    """The weegoverleg decides 'agenderen': the case is geagendeerd on `table`, with an
    empty plan, and `actor` as its procesregisseur if it had none."""
    if case.state != CaseState.IN_TRIAGE:
        in_triage(case, actor=actor)
    triage.decide_triage(
        actor=actor,
        case=case,
        meets_multiple_domains=True,
        needs_multiple_chains=True,
        impacts_system=True,
        impacts_local_safety=False,
        o3mp_applied=False,
        o3mp_ondoorgrondelijk=False,
        o3mp_ongrijpbaar=False,
        o3mp_ontwrichtend=False,
        complexity="hoog",
        risk="hoog",
        unrest="midden",
        outcome=TriageOutcome.AGENDEREN,
        reason="Meerdere ketens en levensdomeinen nodig",
        table=table,
        purpose=purpose,
        questions=questions,
        required_partners=required_partners,
    )
    case.refresh_from_db()
    return case


def started_meeting(table, *, hours_ago=1):
    """A meeting of `table` that is under way: plans are agreed in one that has begun."""
    starts_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    return Meeting.objects.create(
        table=table, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )


def on_agenda(meeting, case, *, actor, purpose="Plan van aanpak vaststellen") -> AgendaItem:
    """The procesregisseur puts the case on the agenda; the table's default invitees come."""
    return meetings.add_case_to_agenda(meeting=meeting, actor=actor, case=case, purpose=purpose)


def invited(item, organisations, *, actor) -> AgendaItem:
    """Invite exactly `organisations` for this agenda item, through the meetings service."""
    meetings.set_invited_organisations(item=item, actor=actor, organisations=organisations)
    return item


def case_in_uitvoering(case, *, table, actor, intervention_by, meeting=None):
    """The case at the table, its plan completed and agreed in a meeting that has begun:
    in uitvoering, with `intervention_by` holding an intervention of the plan."""
    if case.table_id is None:
        case_at_table(case, table=table, actor=actor)
    meeting = meeting or started_meeting(table)
    if not meeting.items.filter(case=case).exists():
        on_agenda(meeting, case, actor=actor)
    plan = Plan.objects.get(case=case)
    fill_general(plan, actor)
    goal = add_goal(plan, actor)
    add_intervention(plan, actor, intervention_by, goal=goal)
    plan.refresh_from_db()
    plans.agree_plan(plan=plan, actor=actor, meeting=meeting, expected_revision=plan.revision)
    case.refresh_from_db()
    return case


def action_for(case, organisation, *, actor, due_in_days=7, owner_user=None, **extra):
    """An action agreed by the procesregie, through the follow-up service."""
    return followup.create_action(
        actor=actor,
        case=case,
        description=extra.pop("description", "Huisbezoek afleggen en terugkoppelen"),
        owner_organisation=organisation,
        owner_user=owner_user,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        **extra,
    )
