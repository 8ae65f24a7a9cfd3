"""How a person whose processing is restricted (AVG article 18) is shown: the one place.

Every selector that hands persons of a case to a page, a print or an export passes them
through `shown`, so a restricted person appears as "Gegevens beperkt (AVG art. 18)" with
no name, BSN, date of birth, address or contact data, wherever the template reads them.
Only the privacy officer's pages (persons.privacy_views) show the record itself. Which
persons a user may open at all is the policy's (visible_persons leaves them out); whether
a write may still touch them is policy.ensure_processing_allowed.
"""

from __future__ import annotations

from collections.abc import Iterable

from schakel.persons.models import Gender, MaskedPerson, Person


def shown(person: Person) -> Person:
    """The person as a page outside the privacy officer's may show them."""
    if not person.is_restricted or isinstance(person, MaskedPerson):
        return person
    return MaskedPerson(
        pk=person.pk,
        region_id=person.region_id,
        merged_into_id=person.merged_into_id,
        gender=Gender.ONBEKEND,
        is_restricted=True,
    )


def shown_all(persons: Iterable[Person]) -> list[Person]:
    return [shown(person) for person in persons]
