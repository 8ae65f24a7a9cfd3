"""Reads on persons. Every query starts from schakel.access.policy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schakel.access.policy import persons_of_privacy_officer, visible_persons
from schakel.accounts.roles import Role
from schakel.persons.bsn import normalise_bsn
from schakel.persons.matching import (
    KEY_SEPARATOR,
    DuplicateCandidate,
    find_duplicates,
    last_name_key,
    last_names_look_alike,
)
from schakel.persons.models import PersonCorrection, ProcessingRestriction

if TYPE_CHECKING:
    from django.db.models import QuerySet

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
    """Visible persons matching every criterion given, spelling-tolerant on the last name."""
    return _matching(
        visible_persons(user), bsn=bsn, last_name=last_name, birth_date=birth_date, limit=limit
    )


def search_persons_for_privacy_officer(
    *,
    user: User,
    bsn: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchOutcome:
    """The privacy officer's search for the person a rights request is about: every record
    of the officer's region, also those under restriction, found as the persons search does."""
    return _matching(
        persons_of_privacy_officer(user),
        bsn=bsn,
        last_name=last_name,
        birth_date=birth_date,
        limit=limit,
    )


def restricted_persons(*, user: User) -> list[Person]:
    """The persons of the privacy officer's region whose processing is restricted now."""
    return list(
        persons_of_privacy_officer(user)
        .filter(is_restricted=True)
        .select_related("municipality")
        .order_by("last_name", "first_names", "pk")[:SEARCH_LIMIT]
    )


def correction_history(*, person: Person) -> QuerySet[PersonCorrection]:
    """The corrections of a person the caller may already see, newest first."""
    return PersonCorrection.objects.filter(person_id=person.pk).select_related(
        "corrected_by", "organisation"
    )


def restriction_history(*, person: Person) -> QuerySet[ProcessingRestriction]:
    return ProcessingRestriction.objects.filter(person_id=person.pk).select_related(
        "restricted_by", "organisation", "lifted_by"
    )


def _matching(
    people: QuerySet[Person],
    *,
    bsn: str,
    last_name: str,
    birth_date: datetime.date | None,
    limit: int,
) -> SearchOutcome:
    """With a date of birth the candidates are that day's births (indexed), compared on the
    last-name key in Python; with a last name alone the key prefix is an indexed query."""
    people = people.select_related("municipality")
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


def merge_candidates(*, user: User, person: Person) -> list[DuplicateCandidate]:
    """Possible duplicates of a visible person, for the procesregisseur who merges them.

    Matching is the procesregisseur's step for the whole region: a partner's melding
    stands on what it typed, and its person may be a record in a case of another table.
    """
    candidates = find_duplicates(
        region=person.region_id,
        bsn=person.bsn,
        first_names=person.first_names,
        name_prefix=person.name_prefix,
        last_name=person.last_name,
        birth_date=person.birth_date,
        exclude_pk=person.pk,
    )
    if user.has_role(Role.PROCESREGISSEUR):
        return candidates
    visible = visible_person_ids(user=user, pks=[c.person.pk for c in candidates])
    return [c for c in candidates if c.person.pk in visible]


def visible_person_ids(*, user: User, pks: list[int]) -> set[int]:
    """Which of these persons the user may open (one query, none for an empty list)."""
    if not pks:
        return set()
    return set(visible_persons(user).filter(pk__in=pks).values_list("pk", flat=True))
