"""The case page, composed from the parts that own its sections.

The page belongs above the apps it shows: cases knows the case, referrals the
meldingen, meetings, plans, followup, inquiries and closure their own sections. Composing
them here keeps every domain app's dependencies pointing one way (schakel/__init__.py).
Every query starts from schakel.access.policy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schakel.access.policy import (
    get_visible_case,
    may_direct_case,
    may_request_information,
    plan_scope,
    visible_actions,
    visible_agenda_items,
    visible_cases,
    visible_information_requests,
)
from schakel.cases.lifecycle import OPEN_STATES, CaseState, is_allowed
from schakel.cases.models import Case, CaseParticipant
from schakel.cases.selectors import (
    PersonInCase,
    attach_possible_duplicates,
    known_elsewhere,
)
from schakel.followup.models import Action, ActionStatus
from schakel.inquiries.models import RequestStatus
from schakel.meetings.models import Meeting, MeetingStatus
from schakel.persons.restriction import shown
from schakel.plans.models import Plan
from schakel.referrals.models import Referral
from schakel.referrals.selectors import RereportCandidate, rereport_candidates

if TYPE_CHECKING:
    from schakel.accounts.models import User


@dataclass
class CaseDetail:
    case: Case
    persons: list[PersonInCase]
    referrals: list
    transitions: list
    participants: list[CaseParticipant]
    may_direct: bool
    may_request_information: bool
    may_rereport: bool
    may_merge: bool = False
    # Hand the case to another region (schakel.transfers), when the person moved.
    may_transfer: bool = False
    # The case this one was merged into, when the user may open it (never an oracle).
    merged_into: Case | None = None
    rereport_candidates: list[RereportCandidate] = field(default_factory=list)


def case_detail(*, user: User, pk: int) -> CaseDetail:
    """Everything on the case page, in a fixed number of queries. 404 for outsiders."""
    case = get_visible_case(user, pk)
    may_direct = may_direct_case(user, case)
    links = list(
        case.case_persons.select_related("person").order_by("role", "person__last_name", "pk")
    )
    persons = [
        PersonInCase(person=shown(link.person), role_label=link.get_role_display())
        for link in links
    ]
    if may_direct and persons:
        # Where a restricted person is known as well is theirs to keep (AVG art. 18).
        elsewhere = known_elsewhere(
            region_id=case.region_id,
            person_ids=[p.person.pk for p in persons if not p.person.is_restricted],
            exclude_cases=[case.pk],
        )
        for entry in persons:
            entry.known_elsewhere = elsewhere.get(entry.person.pk, [])
        attach_possible_duplicates(case=case, persons=persons)
    # A samengevoegde case keeps showing the meldingen that opened it: the melder reads its
    # own melding there, not the case it went into.
    referrals = list(
        Referral.objects.filter(Q(case=case) | Q(merged_from=case))
        .select_related("reporting_organisation", "reported_by")
        .prefetch_related("life_domains")
    )
    transitions = list(case.transitions.select_related("by", "by__organisation"))
    participants = list(
        case.participants.filter(ended_at__isnull=True)
        .select_related("organisation")
        .order_by("since", "pk")
    )
    return CaseDetail(
        case=case,
        persons=persons,
        referrals=referrals,
        transitions=transitions,
        participants=participants,
        may_direct=may_direct,
        may_request_information=may_request_information(user, case, directs=may_direct),
        may_rereport=may_direct and is_allowed(case.state, CaseState.AANGEMELD),
        may_merge=may_direct and is_allowed(case.state, CaseState.SAMENGEVOEGD),
        may_transfer=may_direct and case.state in OPEN_STATES,
        merged_into=(
            visible_cases(user).filter(pk=case.merged_into_id).first()
            if case.merged_into_id is not None
            else None
        ),
        rereport_candidates=rereport_candidates(user=user, case=case, persons=persons)
        if may_direct and persons
        else [],
    )


# --- The summary at the top of the case page ---------------------------------------------

# What usually comes next in each state: a pointer for whoever opens the case, not a rule.
NEXT_STEPS = {
    CaseState.AANGEMELD: _lazy("Melding beoordelen: informatie uitvragen of naar triage."),
    CaseState.IN_UITVRAAG: _lazy("Antwoorden op de informatieverzoeken afwachten, dan triage."),
    CaseState.IN_TRIAGE: _lazy("Triagebesluit nemen: wel of niet naar de regietafel."),
    CaseState.GEAGENDEERD: _lazy(
        "Bespreken in het casusoverleg en het plan van aanpak vaststellen."
    ),
    CaseState.IN_UITVOERING: _lazy("Plan uitvoeren: acties opvolgen en de voortgang meten."),
    CaseState.AFGESCHAALD: _lazy("Regie ligt bij de partner; afsluiten als het goed blijft gaan."),
    CaseState.AFGESLOTEN: _lazy("Afgesloten. Bij een nieuwe melding: her-melding registreren."),
    CaseState.NIET_IN_BEHANDELING: _lazy(
        "Niet in behandeling genomen. Bij een nieuwe melding: her-melding registreren."
    ),
}

SUMMARY_ITEMS_SHOWN = 5


@dataclass(frozen=True)
class OverdueItem:
    """Something past its date that the user may see: what it is, since when, where to go."""

    kind: str
    label: str
    since: date
    url: str


@dataclass
class CaseSummary:
    state_label: str
    state_since: datetime.datetime
    next_step: str
    next_meeting: Meeting | None
    # The open actions still on time (the late ones are in `overdue`), the first few.
    open_actions: list[Action]
    open_action_count: int
    overdue: list[OverdueItem]
    next_evaluation_on: date | None

    @property
    def overdue_shown(self) -> list[OverdueItem]:
        return self.overdue[:SUMMARY_ITEMS_SHOWN]


def case_summary(*, user: User, case: Case, directs: bool | None = None) -> CaseSummary:
    """State, next step, next meeting, open actions and what is overdue, for a visible case.

    Each part comes from the policy's own visibility rules (a partner sees its own actions,
    the meetings its organisation is invited to, the requests it may read), so the summary
    never shows more than the sections below it. A fixed number of queries. ``directs`` is
    may_direct_case(user, case) when the caller already knows it.
    """
    today = timezone.localdate()
    item = (
        visible_agenda_items(user)
        .filter(
            case_id=case.pk,
            meeting__starts_at__gte=timezone.now(),
            meeting__status=MeetingStatus.PLANNED,
        )
        .select_related("meeting", "meeting__table")
        .order_by("meeting__starts_at", "pk")
        .first()
    )
    actions = list(
        visible_actions(user)
        .filter(case_id=case.pk, status=ActionStatus.OPEN)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")
    )
    overdue = [
        OverdueItem(
            kind=_("Actie"),
            label=action.description,
            since=action.due_on,
            url=reverse("followup:action_detail", args=[action.pk]),
        )
        for action in actions
        if action.due_on < today
    ]
    requests = (
        visible_information_requests(user)
        .filter(case_id=case.pk, status=RequestStatus.OPEN, deadline__lt=today)
        .select_related("organisation")
        .order_by("deadline", "pk")
    )
    overdue += [
        OverdueItem(
            kind=_("Informatieverzoek"),
            label=str(request.organisation),
            since=request.deadline,
            url=reverse("inquiries:detail", args=[request.pk]),
        )
        for request in requests
    ]
    next_evaluation_on = None
    if plan_scope(user, case, directs=directs) is not None:
        next_evaluation_on = (
            Plan.objects.filter(case_id=case.pk)
            .values_list("next_evaluation_on", flat=True)
            .first()
        )
        if next_evaluation_on is not None and next_evaluation_on < today:
            overdue.append(
                OverdueItem(
                    kind=_("Evaluatie van het plan"),
                    label=_("Plan van aanpak"),
                    since=next_evaluation_on,
                    url=reverse("plans:detail", kwargs={"case_pk": case.pk}),
                )
            )
    overdue.sort(key=lambda entry: entry.since)
    return CaseSummary(
        state_label=str(CaseState(case.state).label),
        state_since=case.state_changed_at,
        next_step=str(NEXT_STEPS.get(CaseState(case.state), "")),
        next_meeting=item.meeting if item is not None else None,
        open_actions=[a for a in actions if a.due_on >= today][:SUMMARY_ITEMS_SHOWN],
        open_action_count=len(actions),
        overdue=overdue,
        next_evaluation_on=next_evaluation_on,
    )
