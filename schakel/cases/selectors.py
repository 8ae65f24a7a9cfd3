"""Reads on cases. Every query starts from schakel.access.policy."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Case as DbCase
from django.db.models import CharField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schakel.access.policy import (
    get_visible_case,
    may_be_rereport,
    may_direct_case,
    may_request_information,
    plan_scope,
    visible_actions,
    visible_agenda_items,
    visible_cases,
    visible_information_requests,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import (
    CLOSED_STATES,
    INTAKE_STATES,
    OPEN_STATES,
    CaseState,
    is_allowed,
)
from schakel.cases.models import Case, CaseParticipant, CasePerson, PersonRole
from schakel.followup.models import Action, ActionStatus
from schakel.inquiries.models import RequestStatus
from schakel.meetings.models import Meeting, MeetingStatus
from schakel.persons.matching import (
    KEY_SEPARATOR,
    duplicates_of_registered,
    first_name_key,
    last_name_key,
)
from schakel.plans.models import Plan

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality
    from schakel.persons.models import Person
    from schakel.tables.models import Table


def case_list(
    *,
    user: User,
    state: str = "",
    municipality: Municipality | None = None,
    table: Table | None = None,
) -> QuerySet[Case]:
    """The cases a user may see, filtered; newest first."""
    cases = visible_cases(user).select_related("municipality", "table")
    if state:
        cases = cases.filter(state=state)
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    if table is not None:
        cases = cases.filter(table=table)
    return cases.order_by("-created_at", "-pk")


def _reference_expression():
    """Case.reference ("C2026-000123") as SQL, so that part of it can be searched."""
    number = Cast("pk", CharField())
    return Concat(
        Value("C"),
        Cast(ExtractYear("created_at", tzinfo=datetime.UTC), CharField()),
        Value("-"),
        # LPad would cut a number longer than the padding; the reference does not.
        DbCase(When(pk__gte=1_000_000, then=number), default=LPad(number, 6, Value("0"))),
        output_field=CharField(),
    )


def search_by_reference(cases: QuerySet[Case], fragment: str) -> QuerySet[Case]:
    """The cases whose reference contains the fragment ("123", "2026-000123", "C2026-0001")."""
    return cases.annotate(search_reference=_reference_expression()).filter(
        search_reference__icontains=fragment
    )


def search_by_name(cases: QuerySet[Case], name: str) -> QuerySet[Case]:
    """The cases with a person of this name, spelling-tolerant as the persons search: the
    name's key is compared with the indexed name keys ("Meyer" finds "Meijer"). A name of
    several words is read as a last name, or as a first name followed by a last name."""
    words = name.split()
    last = last_name_key("", name)
    condition = Q(person__name_key__startswith=f"{last}{KEY_SEPARATOR}") if last else Q()
    if len(words) > 1:
        first, rest = first_name_key(words[0]), last_name_key("", " ".join(words[1:]))
        if first and rest:
            condition |= Q(person__name_key__startswith=f"{rest}{KEY_SEPARATOR}{first}")
    if not condition:
        return cases.none()
    links = CasePerson.objects.filter(condition, person__merged_into__isnull=True)
    return cases.filter(pk__in=links.values("case_id"))


def main_persons_by_case(*, cases: list[Case]) -> dict[int, list[Person]]:
    """The hoofdpersonen of already visible cases, in one query."""
    links = (
        CasePerson.objects.filter(case_id__in=[c.pk for c in cases], role=PersonRole.HOOFDPERSOON)
        .select_related("person")
        .order_by("person__last_name", "person__pk")
    )
    persons: dict[int, list[Person]] = defaultdict(list)
    for link in links:
        persons[link.case_id].append(link.person)
    return persons


@dataclass(frozen=True)
class CaseHolderContact:
    """Who to call about a case: never anything about its content."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class KnownElsewhere:
    """Another case of the region in which a person appears: reference, state and contact only."""

    reference: str
    state_label: str
    is_open: bool
    contacts: list[CaseHolderContact]


@dataclass
class PersonInCase:
    person: Person
    role_label: str
    known_elsewhere: list[KnownElsewhere] = field(default_factory=list)
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)


@dataclass
class PossibleDuplicate:
    """A registered person who may be this one: for the procesregisseur to merge or not."""

    person: Person
    reason: str
    known_in: list[KnownElsewhere]


@dataclass(frozen=True)
class RereportCandidate:
    """A closed case of the region in which a person of a new case (or a possible duplicate
    of one) appears: the new melding may be a her-melding of it. For the procesregisseur
    only; nothing of its content but the reference, the state and the holder's contact."""

    case_id: int
    reference: str
    state_label: str
    person_names: list[str]
    may_attach: bool
    contacts: list[CaseHolderContact]


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
    # The case this one was merged into, when the user may open it (never an oracle).
    merged_into: Case | None = None
    rereport_candidates: list[RereportCandidate] = field(default_factory=list)


def _contacts(case: Case) -> list[CaseHolderContact]:
    if case.procesregisseur is not None:
        holders = [case.procesregisseur]
    elif case.table is not None:
        holders = list(case.table.procesregisseurs.all())
    else:
        holders = []
    return [CaseHolderContact(name=str(u), email=u.email, phone=u.phone) for u in holders] or [
        CaseHolderContact(
            name=_("nog niet toegewezen: neem contact op met het ZVH"), email="", phone=""
        )
    ]


def known_elsewhere(
    *, region_id: int | None, person_ids: list[int], exclude_cases
) -> dict[int, list[KnownElsewhere]]:
    """Other cases of the region per person, whether or not the user may open them.

    Only the reference, the state and the contact of the case holder leave this function:
    that is what the procesregisseur needs to pick up the phone, and nothing of the content.
    `exclude_cases` is a list of case ids or a subquery of them (e.g. the visible cases).
    """
    if region_id is None:  # a user without an organisation belongs to no region
        return {}
    links = (
        CasePerson.objects.filter(person_id__in=person_ids, case__region_id=region_id)
        .exclude(case_id__in=exclude_cases)
        .select_related("case", "case__procesregisseur", "case__table")
        .prefetch_related("case__table__procesregisseurs")
        .order_by("-case__created_at", "case_id")
    )
    found: dict[int, list[KnownElsewhere]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for link in links:
        if (link.person_id, link.case_id) in seen:
            continue
        seen.add((link.person_id, link.case_id))
        other = link.case
        found[link.person_id].append(
            KnownElsewhere(
                reference=other.reference,
                state_label=str(CaseState(other.state).label),
                is_open=other.state in OPEN_STATES,
                contacts=_contacts(other),
            )
        )
    return found


def _attach_possible_duplicates(*, case: Case, persons: list[PersonInCase]) -> None:
    """Matching is the procesregisseur's step: a melding of a partner stands on what the
    partner typed, so the procesregisseur sees here who else it may be, and merges."""
    in_case = {entry.person.pk for entry in persons}
    found = duplicates_of_registered(
        region=case.region_id, persons=[entry.person for entry in persons], exclude_pks=in_case
    )
    candidate_ids = [c.person.pk for candidates in found.values() for c in candidates]
    if not candidate_ids:
        return
    cases_of = known_elsewhere(
        region_id=case.region_id, person_ids=candidate_ids, exclude_cases=[case.pk]
    )
    for entry in persons:
        entry.possible_duplicates = [
            PossibleDuplicate(
                person=c.person, reason=c.reason, known_in=cases_of.get(c.person.pk, [])
            )
            for c in found[entry.person.pk]
        ]


def _closed_links(*, region_id: int, person_ids, exclude_case_ids):
    """Links of these persons to the closed cases of the region, other than the given ones."""
    from schakel.referrals.models import KeptApart

    kept_apart = KeptApart.objects.filter(case_id__in=exclude_case_ids).values_list(
        "case_id", "closed_case_id"
    )
    links = (
        CasePerson.objects.filter(
            person_id__in=person_ids, case__region_id=region_id, case__state__in=CLOSED_STATES
        )
        .exclude(case_id__in=exclude_case_ids)
        .select_related("case", "person")
        .order_by("-case__created_at", "case_id", "person_id")
    )
    return list(links), set(kept_apart)


def rereport_candidates(
    *, user: User, case: Case, persons: list[PersonInCase] | None = None
) -> list[RereportCandidate]:
    """The closed cases the new case may be a her-melding of; [] for anyone but its
    procesregisseur. `persons` with their possible duplicates saves the matching queries."""
    if not may_be_rereport(user=user, case=case):
        return []
    if persons is None:
        persons = [
            PersonInCase(person=link.person, role_label="")
            for link in case.case_persons.select_related("person")
        ]
        _attach_possible_duplicates(case=case, persons=persons)
    match_ids = {entry.person.pk for entry in persons} | {
        duplicate.person.pk for entry in persons for duplicate in entry.possible_duplicates
    }
    if not match_ids:
        return []
    links, kept_apart = _closed_links(
        region_id=case.region_id, person_ids=match_ids, exclude_case_ids=[case.pk]
    )
    directed = set(user.directed_tables.values_list("pk", flat=True))
    by_case: dict[int, RereportCandidate] = {}
    for link in links:
        closed = link.case
        if (case.pk, closed.pk) in kept_apart:
            continue
        candidate = by_case.get(closed.pk)
        if candidate is None:
            candidate = by_case[closed.pk] = RereportCandidate(
                case_id=closed.pk,
                reference=closed.reference,
                state_label=str(CaseState(closed.state).label),
                person_names=[],
                may_attach=closed.table_id is None or closed.table_id in directed,
                contacts=_contacts(closed),
            )
        if link.person.full_name not in candidate.person_names:
            candidate.person_names.append(link.person.full_name)
    return list(by_case.values())


def rereport_candidate_case_ids(*, user: User, cases: list[Case]) -> set[int]:
    """Which of these (visible) cases have a her-melding candidate for this user, in a
    fixed number of queries: the badge in the intake list."""
    directed = set(user.directed_tables.values_list("pk", flat=True)) if cases else set()
    mine = [
        c
        for c in cases
        if c.state in INTAKE_STATES
        and user.has_role(Role.PROCESREGISSEUR)
        and (c.table_id is None or c.table_id in directed)
    ]
    if not mine:
        return set()
    links = CasePerson.objects.filter(case__in=[c.pk for c in mine]).select_related("person")
    persons_of: dict[int, set[int]] = defaultdict(set)  # match person -> new cases
    by_region: dict[int, list] = defaultdict(list)
    region_of = {c.pk: c.region_id for c in mine}
    for link in links:
        persons_of[link.person_id].add(link.case_id)
        by_region[region_of[link.case_id]].append(link)
    found_ids: set[int] = set()
    for region_id, region_links in by_region.items():
        people = {link.person_id: link.person for link in region_links}
        found = duplicates_of_registered(
            region=region_id, persons=list(people.values()), exclude_pks=set(people)
        )
        for pk, candidates in found.items():
            for candidate in candidates:
                persons_of[candidate.person.pk] |= persons_of[pk]
        closed_links, kept_apart = _closed_links(
            region_id=region_id,
            person_ids=list(persons_of),
            exclude_case_ids=[c.pk for c in mine if c.region_id == region_id],
        )
        for link in closed_links:
            for case_id in persons_of[link.person_id]:
                if (case_id, link.case_id) not in kept_apart:
                    found_ids.add(case_id)
    return found_ids


def case_detail(*, user: User, pk: int) -> CaseDetail:
    """Everything on the case page, in a fixed number of queries. 404 for outsiders."""
    case = get_visible_case(user, pk)
    may_direct = may_direct_case(user, case)
    links = list(
        case.case_persons.select_related("person").order_by("role", "person__last_name", "pk")
    )
    persons = [
        PersonInCase(person=link.person, role_label=link.get_role_display()) for link in links
    ]
    if may_direct and persons:
        elsewhere = known_elsewhere(
            region_id=case.region_id,
            person_ids=[p.person.pk for p in persons],
            exclude_cases=[case.pk],
        )
        for entry in persons:
            entry.known_elsewhere = elsewhere.get(entry.person.pk, [])
        _attach_possible_duplicates(case=case, persons=persons)
    from schakel.referrals.models import Referral

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
        may_request_information=may_request_information(user, case),
        may_rereport=may_direct and is_allowed(case.state, CaseState.AANGEMELD),
        may_merge=may_direct and is_allowed(case.state, CaseState.SAMENGEVOEGD),
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


def case_summary(*, user: User, case: Case) -> CaseSummary:
    """State, next step, next meeting, open actions and what is overdue, for a visible case.

    Each part comes from the policy's own visibility rules (a partner sees its own actions,
    the meetings its organisation is invited to, the requests it may read), so the summary
    never shows more than the sections below it. A fixed number of queries.
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
    if plan_scope(user, case) is not None:
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
