"""The worklist a user lands on: only what need-to-know allows, in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from schakel.access.policy import visible_cases, visible_information_requests
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import INTAKE_STATES
from schakel.inquiries.models import RequestStatus

if TYPE_CHECKING:
    from schakel.accounts.models import User

WORKLIST_LIMIT = 15


@dataclass
class Worklist:
    awaiting_triage: list = field(default_factory=list)
    awaiting_triage_count: int = 0
    requests_to_answer: list = field(default_factory=list)
    requests_to_answer_count: int = 0
    overdue_requests: list = field(default_factory=list)
    overdue_requests_count: int = 0
    recent_cases: list = field(default_factory=list)
    shows_cases: bool = False


def worklist_for(*, user: User) -> Worklist:
    worklist = Worklist()
    if not user.has_role(Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR, Role.KETENPARTNER):
        return worklist
    worklist.shows_cases = True
    cases = visible_cases(user).select_related("municipality", "table")
    today = timezone.localdate()

    if user.has_role(Role.PROCESREGISSEUR, Role.INFORMATIEMAKELAAR):
        intake = cases.filter(state__in=INTAKE_STATES).order_by("created_at")
        worklist.awaiting_triage = list(intake[:WORKLIST_LIMIT])
        worklist.awaiting_triage_count = intake.count()
        overdue = (
            visible_information_requests(user)
            .filter(status=RequestStatus.OPEN, deadline__lt=today)
            .exclude(organisation_id=user.organisation_id)
            .select_related("organisation", "case")
            .order_by("deadline")
        )
        worklist.overdue_requests = list(overdue[:WORKLIST_LIMIT])
        worklist.overdue_requests_count = overdue.count()

    if user.has_role(Role.KETENPARTNER) and user.organisation.has_signed_convenant:
        to_answer = (
            visible_information_requests(user)
            .filter(status=RequestStatus.OPEN, organisation_id=user.organisation_id)
            .select_related("case")
            .order_by("deadline")
        )
        worklist.requests_to_answer = list(to_answer[:WORKLIST_LIMIT])
        worklist.requests_to_answer_count = to_answer.count()

    worklist.recent_cases = list(cases.order_by("-state_changed_at")[:WORKLIST_LIMIT])
    return worklist
