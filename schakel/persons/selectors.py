"""Reads on persons. Every query starts from schakel.access.policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from schakel.access.policy import get_visible_person, visible_cases, visible_persons
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import OPEN_STATES, CaseState
from schakel.cases.models import Case, CasePerson, PersonRole
from schakel.persons.bsn import normalise_bsn
from schakel.persons.matching import (
    KEY_SEPARATOR,
    DuplicateCandidate,
    find_duplicates,
    last_name_key,
    last_names_look_alike,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.persons.models import Person

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class SearchOutcome:
    persons: list[Person]
    truncated: bool


def search_persons(
    *,
    user: User,
    bsn: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchOutcome:
    """Visible persons matching every criterion given, spelling-tolerant on the last name.

    With a date of birth the candidates are that day's births (indexed), compared on the
    last-name key in Python; with a last name alone the key prefix is an indexed query.
    """
    people = visible_persons(user).select_related("municipality")
    if bsn:
        people = people.filter(bsn=normalise_bsn(bsn))
    if birth_date is not None:
        people = people.filter(birth_date=birth_date)
    wanted_key = last_name_key("", last_name) if last_name.strip() else ""
    people = people.order_by("last_name", "first_names", "pk")

    if wanted_key and birth_date is None:
        found = list(
            people.filter(name_key__startswith=f"{wanted_key}{KEY_SEPARATOR}")[: limit + 1]
        )
    elif wanted_key:
        found = [
            person
            for person in people[: limit * 20]
            if last_names_look_alike(person.name_key.partition(KEY_SEPARATOR)[0], wanted_key)
        ][: limit + 1]
    else:
        found = list(people[: limit + 1])
    return SearchOutcome(persons=found[:limit], truncated=len(found) > limit)


@dataclass
class CaseOfPerson:
    case: Case
    role_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CaseContact:
    """Who to call about a case the user may not open: never anything of its content."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class KnownElsewhere:
    reference: str
    state_label: str
    is_open: bool
    contacts: list[CaseContact]


@dataclass
class PersonDetail:
    person: Person
    cases: list[CaseOfPerson]
    known_elsewhere: list[KnownElsewhere]
    shows_known_elsewhere: bool
    may_merge: bool


def person_detail(*, user: User, pk: int) -> PersonDetail:
    """A visible person (404 otherwise), the visible cases with the roles in each and, for
    a procesregisseur, the other cases of the region the person appears in."""
    person = get_visible_person(user, pk)
    seen_cases = visible_cases(user).values("pk")
    links = (
        CasePerson.objects.filter(person=person, case__in=seen_cases)
        .select_related("case", "case__municipality", "case__table")
        .order_by("-case__created_at", "case_id", "role")
    )
    by_case: dict[int, CaseOfPerson] = {}
    for link in links:
        entry = by_case.setdefault(link.case_id, CaseOfPerson(case=link.case))
        entry.role_labels.append(str(PersonRole(link.role).label))

    is_procesregisseur = user.has_role(Role.PROCESREGISSEUR)
    known_elsewhere = (
        _known_elsewhere(person=person, region_id=user.region_id, exclude_cases=seen_cases)
        if is_procesregisseur
        else []
    )
    return PersonDetail(
        person=person,
        cases=list(by_case.values()),
        known_elsewhere=known_elsewhere,
        shows_known_elsewhere=is_procesregisseur,
        may_merge=is_procesregisseur,
    )


def _known_elsewhere(
    *, person: Person, region_id: int | None, exclude_cases
) -> list[KnownElsewhere]:
    """Reference, state and the case holder's contact; the content stays where it is."""
    cases = (
        Case.objects.filter(region_id=region_id, case_persons__person=person)
        .exclude(pk__in=exclude_cases)
        .select_related("procesregisseur", "table")
        .prefetch_related("table__procesregisseurs")
        .distinct()
        .order_by("-created_at", "pk")
    )
    return [
        KnownElsewhere(
            reference=case.reference,
            state_label=str(CaseState(case.state).label),
            is_open=case.state in OPEN_STATES,
            contacts=_contacts(case),
        )
        for case in cases
    ]


def _contacts(case: Case) -> list[CaseContact]:
    if case.procesregisseur_id is not None:
        holders = [case.procesregisseur]
    elif case.table_id is not None:
        holders = list(case.table.procesregisseurs.all())
    else:
        holders = []
    contacts = [CaseContact(name=str(u), email=u.email, phone=u.phone) for u in holders]
    return contacts or [
        CaseContact(name=_("nog niet toegewezen: neem contact op met het ZVH"), email="", phone="")
    ]


def merge_candidates(*, user: User, person: Person) -> list[DuplicateCandidate]:
    """Possible duplicates of a visible person that the user may also see."""
    candidates = find_duplicates(
        region=person.region_id,
        bsn=person.bsn,
        first_names=person.first_names,
        name_prefix=person.name_prefix,
        last_name=person.last_name,
        birth_date=person.birth_date,
        exclude_pk=person.pk,
    )
    visible = visible_person_ids(user=user, pks=[c.person.pk for c in candidates])
    return [c for c in candidates if c.person.pk in visible]


def visible_person_ids(*, user: User, pks: list[int]) -> set[int]:
    """Which of these persons the user may open (one query, none for an empty list)."""
    if not pks:
        return set()
    return set(visible_persons(user).filter(pk__in=pks).values_list("pk", flat=True))
