"""Reads on cases. Every query starts from schakel.access.policy."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case as DbCase
from django.db.models import CharField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.utils.translation import gettext as _

from schakel.access.policy import (
    get_visible_person,
    visible_cases,
)
from schakel.accounts.roles import Role
from schakel.cases.lifecycle import (
    OPEN_STATES,
    CaseState,
)
from schakel.cases.models import Case, CasePerson, PersonRole
from schakel.persons.matching import (
    KEY_SEPARATOR,
    duplicates_of_registered,
    first_name_key,
    last_name_key,
)
from schakel.persons.models import Person, PersonCorrection
from schakel.persons.restriction import shown
from schakel.persons.selectors import correction_history

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality
    from schakel.tables.models import Table


def persons_in_case(case: Case) -> QuerySet[Person]:
    """Everyone linked to the case, each once, in name order: whom a write or a read of the
    whole case concerns (the access log), and whom a request can be about. The records
    themselves, restricted ones too: to show them, pass them through
    persons.restriction.shown (a form does, in its labels)."""
    return Person.objects.filter(
        pk__in=CasePerson.objects.filter(case_id=case.pk).values("person_id")
    ).order_by("last_name", "first_names", "pk")


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
    # A person under restriction (AVG art. 18) is found by no one: the name would tie them
    # to the case even though the case page shows them masked.
    links = CasePerson.objects.filter(
        condition, person__merged_into__isnull=True, person__is_restricted=False
    )
    return cases.filter(pk__in=links.values("case_id"))


def main_persons_by_case(*, cases: list[Case]) -> dict[int, list[Person]]:
    """The hoofdpersonen of already visible cases, in one query; restricted ones masked."""
    links = (
        CasePerson.objects.filter(case_id__in=[c.pk for c in cases], role=PersonRole.HOOFDPERSOON)
        .select_related("person")
        .order_by("person__last_name", "person__pk")
    )
    persons: dict[int, list[Person]] = defaultdict(list)
    for link in links:
        persons[link.case_id].append(shown(link.person))
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


def holder_contacts(case: Case) -> list[CaseHolderContact]:
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
                contacts=holder_contacts(other),
            )
        )
    return found


def attach_possible_duplicates(*, case: Case, persons: list[PersonInCase]) -> None:
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


@dataclass
class CaseOfPerson:
    case: Case
    role_labels: list[str] = field(default_factory=list)


@dataclass
class PersonDetail:
    person: Person
    cases: list[CaseOfPerson]
    known_elsewhere: list[KnownElsewhere]
    shows_known_elsewhere: bool
    may_merge: bool
    # The corrections of the person's data (AVG art. 16), with the old values.
    corrections: list[PersonCorrection] = field(default_factory=list)


def person_detail(*, user: User, pk: int) -> PersonDetail:
    """The person page (/personen/<id>/): a visible person (404 otherwise), the visible
    cases with the roles in each and, for a procesregisseur, the other cases of the region
    the person appears in. Composed here, above persons, because it lists cases."""
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
    elsewhere = (
        known_elsewhere(region_id=user.region_id, person_ids=[person.pk], exclude_cases=seen_cases)
        if is_procesregisseur
        else {}
    )
    return PersonDetail(
        person=person,
        cases=list(by_case.values()),
        known_elsewhere=elsewhere.get(person.pk, []),
        shows_known_elsewhere=is_procesregisseur,
        may_merge=is_procesregisseur,
        corrections=list(correction_history(person=person)),
    )
