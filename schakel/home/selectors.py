"""The worklist a user lands on: only what need-to-know allows, in a bounded number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from schakel.access import policy, rules
from schakel.access.policy import (
    partner_organisation_id,
    visible_actions,
    visible_cases,
    visible_information_requests,
    visible_meetings,
)
from schakel.access.selectors import emergency_accesses_to_review
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import INTAKE_STATES, OPEN_STATES, CaseState
from schakel.core.paging import rows_and_capped_count
from schakel.followup.models import ActionStatus, Escalation, EscalationStatus
from schakel.followup.selectors import addressed_escalations
from schakel.inquiries.models import RequestStatus
from schakel.meetings.models import MeetingStatus
from schakel.nazorg.selectors import released_soon_with_open_conditions
from schakel.plans.models import Plan
from schakel.referrals.selectors import rereport_candidate_case_ids
from schakel.rights import selectors as rights

if TYPE_CHECKING:
    from schakel.accounts.models import User

WORKLIST_LIMIT = 15
# The label of each state, looked up once: get_state_display builds this per call.
STATE_LABELS = dict(CaseState.choices)
# Meetings and evaluations this many days ahead show on the worklist.
LOOKAHEAD_DAYS = 14


@dataclass
class Worklist:
    awaiting_triage: list = field(default_factory=list)
    awaiting_triage_count: int = 0
    # Cases in intake that may be a her-melding of a closed case (procesregisseur only)
    rereport_candidates: set = field(default_factory=set)
    requests_to_answer: list = field(default_factory=list)
    requests_to_answer_count: int = 0
    overdue_requests: list = field(default_factory=list)
    overdue_requests_count: int = 0
    recent_cases: list = field(default_factory=list)
    shows_cases: bool = False
    # Volhouden (procesregisseur)
    overdue_actions: list = field(default_factory=list)
    overdue_actions_count: int = 0
    running_escalations: list = field(default_factory=list)
    running_escalations_count: int = 0
    evaluations_due: list = field(default_factory=list)
    evaluations_due_count: int = 0
    # Volhouden (ketenpartner): open actions of the own organisation, overdue first
    my_actions: list = field(default_factory=list)
    my_actions_count: int = 0
    # Both: the coming sittings the user directs or is invited to
    upcoming_meetings: list = field(default_factory=list)
    shows_meetings: bool = False
    # Opschalingen put to this user (bestuurder, manager): the question, never the case
    escalations_for_me: list = field(default_factory=list)
    # Rights requests: the privacy officer's open requests by deadline, and the tasks of
    # a partner's own organisation
    rights_requests: list = field(default_factory=list)
    rights_requests_count: int = 0
    rights_overdue_count: int = 0
    rights_tasks: list = field(default_factory=list)
    rights_tasks_count: int = 0
    # The privacy officer's overview: what waits for them, always shown with its count.
    shows_privacy: bool = False
    break_glass_to_review_count: int = 0
    # Nazorg (procesregisseur, re-integratieofficier): detainees released soon with basic
    # conditions not in order, by number (like a case reference), never by name
    nazorg_released_soon: list = field(default_factory=list)
    nazorg_released_soon_count: int = 0


def worklist_for(*, user: User) -> Worklist:
    worklist = Worklist()
    worklist.escalations_for_me = list(
        addressed_escalations(user=user).filter(answered_at__isnull=True)[:WORKLIST_LIMIT]
    )
    _add_rights(worklist, user=user)
    if not rules.works_in_cases(user):
        return worklist
    worklist.shows_cases = True
    cases = visible_cases(user).select_related("municipality")
    today = timezone.localdate()

    if user.has_role(*rules.REQUEST_OVERVIEW_ROLES):
        intake = cases.filter(state__in=INTAKE_STATES).order_by("created_at")
        worklist.awaiting_triage, worklist.awaiting_triage_count = _rows_and_count(intake)
        worklist.rereport_candidates = rereport_candidate_case_ids(
            user=user, cases=worklist.awaiting_triage
        )
        overdue = (
            visible_information_requests(user)
            .filter(status=RequestStatus.OPEN, deadline__lt=today)
            # Its own organisation's requests are answered, not chased (a procesregisseur
            # without an organisation excludes none).
            .exclude(organisation_id=user.organisation_id or 0)
            .select_related("organisation", "case")
            .order_by("deadline")
        )
        worklist.overdue_requests, worklist.overdue_requests_count = _rows_and_count(overdue)

    partner_organisation = partner_organisation_id(user)
    if partner_organisation is not None:
        to_answer = (
            visible_information_requests(user)
            .filter(status=RequestStatus.OPEN, organisation_id=partner_organisation)
            .select_related("case")
            .order_by("deadline")
        )
        worklist.requests_to_answer, worklist.requests_to_answer_count = _rows_and_count(to_answer)

    if user.has_role(Role.PROCESREGISSEUR):
        _add_direction(worklist, user=user, today=today)
    if partner_organisation is not None:
        mine = (
            visible_actions(user)
            .filter(owner_organisation_id=partner_organisation, status=ActionStatus.OPEN)
            .select_related("case")
            # Ascending due date puts the overdue ones first.
            .order_by("due_on", "pk")
        )
        worklist.my_actions, worklist.my_actions_count = _rows_and_count(mine)
    if user.has_role(Role.PROCESREGISSEUR) or partner_organisation is not None:
        worklist.shows_meetings = True
        now = timezone.now()
        # A sitting stays on the list while it is going on and leaves once it has ended.
        worklist.upcoming_meetings = list(
            visible_meetings(user)
            .filter(
                status=MeetingStatus.PLANNED,
                ends_at__gt=now,
                starts_at__lt=now + datetime.timedelta(days=LOOKAHEAD_DAYS),
            )
            .select_related("table")
            .order_by("starts_at")[:WORKLIST_LIMIT]
        )
        for meeting in worklist.upcoming_meetings:
            meeting.is_running = meeting.starts_at <= now
            meeting.is_today = timezone.localdate(meeting.starts_at) == today

    if rules.works_in_nazorg(user):
        worklist.nazorg_released_soon, worklist.nazorg_released_soon_count = (
            released_soon_with_open_conditions(user=user, limit=WORKLIST_LIMIT)
        )

    worklist.recent_cases = list(cases.order_by("-state_changed_at")[:WORKLIST_LIMIT])
    for case in [*worklist.awaiting_triage, *worklist.recent_cases]:
        case.state_label = STATE_LABELS[case.state]
    return worklist


def _rows_and_count(queryset) -> tuple[list, int]:
    """The first rows, and the total counted up to the cap (shown as "meer dan 1.000")."""
    return rows_and_capped_count(queryset, WORKLIST_LIMIT)


def _compiled(queryset: QuerySet) -> RawSQL:
    """The queryset's SQL, compiled now, to be used as a subquery in several queries. The
    text is Django's own compilation and every value stays a bound parameter. Compiled on
    its own it keeps any ordering: pass it unordered, so the database may merge it into
    the outer query (an ordered subquery is sorted and hashed whole)."""
    sql, params = queryset.query.sql_with_params()
    return RawSQL(sql, params)  # noqa: S611


def _add_direction(worklist: Worklist, *, user: User, today: datetime.date) -> None:
    """What a procesregisseur keeps going: overdue actions, escalations, evaluations."""
    # Read once per request with the policy's facts.
    directed_table_ids = sorted(policy.directed_table_ids(user))
    if not directed_table_ids:
        return  # Directs no table (yet): nothing to keep going.
    # The visible cases of the directed tables, compiled once for the queries that use
    # them (rows and count of escalations and of evaluations): the same SQL each time.
    # The running ones apart: a table's closed cases pile up over the years, its running
    # ones do not, and only those are kept going (closing lets open actions lapse).
    directed_cases = visible_cases(user).filter(table_id__in=directed_table_ids).order_by()
    try:
        directed = _compiled(directed_cases.values("pk"))
        running = _compiled(directed_cases.filter(state__in=OPEN_STATES).values("pk"))
    except EmptyResultSet:
        return  # The policy opens no case to this user at all.
    overdue = (
        visible_actions(user)
        .filter(
            case__table_id__in=directed_table_ids,
            case__state__in=OPEN_STATES,
            status=ActionStatus.OPEN,
            due_on__lt=today,
        )
        .select_related("case", "owner_organisation")
        # Most recently overdue first: an action that just slipped is the one to chase now;
        # the long-overdue ones are known, counted, and one click away in the action list.
        # (Oldest first kept a new one out of sight behind the same fifteen old ones.)
        .order_by("-due_on", "-pk")
    )
    worklist.overdue_actions, worklist.overdue_actions_count = _rows_and_count(overdue)
    escalations = (
        Escalation.objects.filter(case_id__in=directed, status=EscalationStatus.LOPEND)
        .select_related("case")
        .order_by("raised_on", "pk")
    )
    worklist.running_escalations, worklist.running_escalations_count = _rows_and_count(escalations)
    evaluations = (
        Plan.objects.filter(
            case_id__in=running,
            next_evaluation_on__lte=today + datetime.timedelta(days=LOOKAHEAD_DAYS),
        )
        .select_related("case")
        .order_by("next_evaluation_on", "pk")
    )
    worklist.evaluations_due, worklist.evaluations_due_count = _rows_and_count(evaluations)


def _add_rights(worklist: Worklist, *, user: User) -> None:
    """Open rights requests (privacy officer) and open tasks of the own organisation."""
    if rules.may_read_access_log(user):
        worklist.shows_privacy = True
        worklist.break_glass_to_review_count = emergency_accesses_to_review(user=user).count()
    if rules.may_handle_rights_requests(user):
        requests = rights.open_requests(user=user)
        worklist.rights_requests, worklist.rights_requests_count = _rows_and_count(requests)
        worklist.rights_overdue_count = requests.filter(deadline__lt=timezone.localdate()).count()
    if rules.may_answer_rights_tasks(user):
        tasks = rights.open_tasks(user=user)
        worklist.rights_tasks, worklist.rights_tasks_count = _rows_and_count(tasks)
