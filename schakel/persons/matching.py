"""Finding a person who is already known: by BSN, or by name and date of birth."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from schakel.persons.models import Person


def name_key(first_names: str, name_prefix: str, last_name: str) -> str:
    """A spelling-tolerant key of a full name (lower case, no accents)."""
    text = " ".join(part for part in (first_names, name_prefix, last_name) if part)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    reason: str


def find_duplicates(
    *,
    region,
    bsn: str = "",
    first_names: str = "",
    name_prefix: str = "",
    last_name: str = "",
    birth_date: datetime.date | None = None,
    exclude_pk: int | None = None,
) -> list[DuplicateCandidate]:
    candidates: list[DuplicateCandidate] = []
    people = Person.objects.filter(region=region, merged_into__isnull=True)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    if bsn:
        candidates += [DuplicateCandidate(p, "zelfde BSN") for p in people.filter(bsn=bsn)]
    if birth_date and last_name:
        key = name_key(first_names, name_prefix, last_name)
        seen = {c.person.pk for c in candidates}
        candidates += [
            DuplicateCandidate(p, "zelfde geboortedatum en vergelijkbare naam")
            for p in people.filter(birth_date=birth_date, name_key=key)
            if p.pk not in seen
        ]
    return candidates
