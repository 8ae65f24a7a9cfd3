"""Reads for meldingen. Every query starts from schakel.access.policy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from schakel.access.policy import (
    directed_table_ids,
    get_visible_case,
    may_be_rereport,
    may_direct_case,
    require_role,
)
from schakel.access.rules import may_choose_duplicates
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CLOSED_STATES, INTAKE_STATES, CaseState
from schakel.cases.models import CasePerson
from schakel.cases.selectors import (
    CaseHolderContact,
    PersonInCase,
    attach_possible_duplicates,
    holder_contacts,
)
from schakel.persons.matching import DuplicateCandidate, duplicates_of_registered, find_duplicates
from schakel.persons.restriction import shown
from schakel.referrals.models import KeptApart

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.referrals.services import PersonDetails


def duplicate_candidates(*, user: User, details: PersonDetails) -> list[DuplicateCandidate]:
    """Known persons of the user's region who may be this person.

    Only for ZVH staff who choose between them: a ketenpartner never sees other records.
    """
    if not may_choose_duplicates(user):
        return []
    return find_duplicates(
        region=user.region_id,
        bsn=details.bsn,
        first_names=details.first_names,
        name_prefix=details.name_prefix,
        last_name=details.last_name,
        birth_date=details.birth_date,
    )


def case_for_rereport(*, user: User, pk: int) -> Case:
    """The case a procesregisseur registers a her-melding on: 403 wrong role, 404 outsider."""
    require_role(user, Role.PROCESREGISSEUR)
    case = get_visible_case(user, pk)
    if not may_direct_case(user, case):
        raise PermissionDenied(
            _("Alleen de procesregisseur van deze casus registreert een her-melding.")
        )
    return case


def new_case_for_rereport(*, user: User, pk: int) -> Case:
    """A new case whose her-melding candidates are decided on: 403 wrong role or not its
    procesregisseur, 404 outsider. (Out of intake, it simply has no candidates.)"""
    require_role(user, Role.PROCESREGISSEUR)
    case = get_visible_case(user, pk)
    if not may_direct_case(user, case):
        raise PermissionDenied(_("U bent geen procesregisseur van deze casus."))
    return case


# --- Her-melding: the closed cases a new melding may come back to --------------------


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


def _closed_links(*, region_id: int, person_ids, exclude_case_ids):
    """Links of these persons to the closed cases of the region, other than the given ones."""
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
        attach_possible_duplicates(case=case, persons=persons)
    match_ids = {entry.person.pk for entry in persons} | {
        duplicate.person.pk for entry in persons for duplicate in entry.possible_duplicates
    }
    if not match_ids:
        return []
    links, kept_apart = _closed_links(
        region_id=case.region_id, person_ids=match_ids, exclude_case_ids=[case.pk]
    )
    directed = directed_table_ids(user)
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
                contacts=holder_contacts(closed),
            )
        name = shown(link.person).full_name
        if name not in candidate.person_names:
            candidate.person_names.append(name)
    return list(by_case.values())


def rereport_candidate_case_ids(*, user: User, cases: list[Case]) -> set[int]:
    """Which of these (visible) cases have a her-melding candidate for this user, in a
    fixed number of queries: the badge in the intake list."""
    directed = directed_table_ids(user) if cases else frozenset()
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
        exclude_case_ids = [c.pk for c in mine if c.region_id == region_id]
        # Only the pairs: a badge needs no case or person rows.
        closed_links = (
            CasePerson.objects.filter(
                person_id__in=list(persons_of),
                case__region_id=region_id,
                case__state__in=CLOSED_STATES,
            )
            .exclude(case_id__in=exclude_case_ids)
            .values_list("person_id", "case_id")
        )
        kept_apart = set(
            KeptApart.objects.filter(case_id__in=exclude_case_ids).values_list(
                "case_id", "closed_case_id"
            )
        )
        for person_id, closed_case_id in closed_links:
            for case_id in persons_of[person_id]:
                if (case_id, closed_case_id) not in kept_apart:
                    found_ids.add(case_id)
    return found_ids
