"""Writes on persons: creating a betrokkene and merging two records of one person."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

import django.dispatch
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import get_visible_person, require_role
from schakel.accounts.roles import Role
from schakel.persons.bsn import normalise_bsn
from schakel.persons.matching import name_key
from schakel.persons.models import Gender, Person

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality, Region

# Sent inside the merge transaction, so every app that links persons in its own tables
# (case links, information requests, ...) moves its links to the kept person too, and a
# merge that fails leaves them all where they were. Those apps sit above persons and
# connect their receivers in their AppConfig.ready().
person_merged = django.dispatch.Signal()  # kwargs: keep, remove, user

# Fields of the kept record that are filled from the removed one when still empty.
_MERGE_FILLABLE_FIELDS = (
    "bsn",
    "birth_date",
    "street_address",
    "postal_code",
    "city",
    "municipality",
    "phone",
    "email",
)


def _clean(value: str) -> str:
    return " ".join((value or "").split())


@transaction.atomic
def create_person(
    *,
    actor: User,
    region: Region,
    bsn: str = "",
    first_names: str,
    name_prefix: str = "",
    last_name: str,
    birth_date: datetime.date | None = None,
    gender: str = Gender.ONBEKEND,
    street_address: str = "",
    postal_code: str = "",
    city: str = "",
    municipality: Municipality | None = None,
    phone: str = "",
    email: str = "",
    ignored_duplicates: Sequence[Person] = (),
) -> Person:
    """Register a betrokkene of the region.

    Linking the new person into a case is the caller's next step, in the same
    transaction (cases.services.register_person_in_case, referrals.services).

    Does not look for duplicates: callers call matching.find_duplicates first and show
    the candidates to the user; the ones the user declared to be someone else are passed
    as `ignored_duplicates` and named in the access log. Raises ValidationError with a Dutch message per field.
    """
    person = Person(
        region=region,
        bsn=normalise_bsn(bsn or ""),
        first_names=_clean(first_names),
        name_prefix=_clean(name_prefix),
        last_name=_clean(last_name),
        birth_date=birth_date,
        gender=gender or Gender.ONBEKEND,
        street_address=_clean(street_address),
        postal_code=_clean(postal_code).upper(),
        city=_clean(city),
        municipality=municipality,
        phone=_clean(phone),
        email=(email or "").strip(),
    )
    person.name_key = name_key(person.first_names, person.name_prefix, person.last_name)

    errors: dict[str, list[str]] = {}
    if actor.region_id != region.pk:
        errors.setdefault("__all__", []).append(
            _("U kunt alleen betrokkenen registreren in de regio van uw eigen organisatie.")
        )
    if municipality is not None and municipality.region_id != region.pk:
        errors.setdefault("municipality", []).append(
            _("Deze gemeente hoort niet bij de regio van dit Zorg- en Veiligheidshuis.")
        )
    if birth_date is not None and birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(
            _("De geboortedatum kan niet in de toekomst liggen.")
        )
    try:
        person.full_clean(exclude=["name_key"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    person.save()
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        persons=[person],
        obj=person,
        detail=_("Betrokkene geregistreerd")
        if not ignored_duplicates
        else _("Betrokkene geregistreerd; volgens de gebruiker een andere persoon dan %(pks)s")
        % {"pks": ", ".join(str(p.pk) for p in ignored_duplicates)},
    )
    return person


def _fill_empty_fields(*, keep: Person, remove: Person) -> list[str]:
    filled: list[str] = []
    for field in _MERGE_FILLABLE_FIELDS:
        if getattr(keep, field) in ("", None) and getattr(remove, field) not in ("", None):
            setattr(keep, field, getattr(remove, field))
            filled.append(field)
    if keep.gender == Gender.ONBEKEND and remove.gender != Gender.ONBEKEND:
        keep.gender = remove.gender
        filled.append("gender")
    # A prefix only travels with the very same last name, or "van" would end up twice.
    if not keep.name_prefix and remove.name_prefix and keep.last_name == remove.last_name:
        keep.name_prefix = remove.name_prefix
        keep.name_key = name_key(keep.first_names, keep.name_prefix, keep.last_name)
        filled.extend(["name_prefix", "name_key"])
    return filled


@transaction.atomic
def merge_persons(*, actor: User, keep: Person, remove: Person) -> Person:
    """Merge two records of one person into `keep`; `remove` stays, pointing at `keep`.

    Only a procesregisseur, only for two persons they may both see, of one region, that
    do not carry two different BSNs. Everything happens in one transaction and is logged.
    """
    require_role(actor, Role.PROCESREGISSEUR)
    if keep.pk == remove.pk:
        raise ValidationError(
            {"remove": [_("Een persoon kan niet met zichzelf worden samengevoegd.")]}
        )
    # Both must be visible right now (404 otherwise), and are locked while we merge.
    keep_pk, remove_pk = (
        get_visible_person(actor, keep.pk).pk,
        get_visible_person(actor, remove.pk).pk,
    )
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep_pk, remove_pk])
    }
    keep, remove = locked[keep_pk], locked[remove_pk]
    if keep.merged_into_id is not None or remove.merged_into_id is not None:
        raise ValidationError({"remove": [_("Een van deze personen is intussen al samengevoegd.")]})
    if keep.region_id != remove.region_id or keep.region_id != actor.region_id:
        raise ValidationError(
            {
                "remove": [
                    _(
                        "Alleen personen uit de regio van uw eigen organisatie kunnen worden samengevoegd."
                    )
                ]
            }
        )
    if keep.bsn and remove.bsn and keep.bsn != remove.bsn:
        raise ValidationError(
            {
                "remove": [
                    _(
                        "Deze personen hebben een verschillend BSN en zijn dus niet dezelfde "
                        "persoon; samenvoegen kan niet."
                    )
                ]
            }
        )

    # The apps that link persons in their own tables (cases, inquiries, ...) move their
    # links to the kept person on person_merged, below.
    filled = _fill_empty_fields(keep=keep, remove=remove)
    if filled:
        keep.save(update_fields=filled)
    remove.merged_into = keep
    remove.save(update_fields=["merged_into"])
    # Records merged into `remove` earlier now point at `keep` directly: no chains.
    Person.objects.filter(merged_into=remove).update(merged_into=keep)
    person_merged.send(sender=Person, keep=keep, remove=remove, user=actor)

    record_access(
        actor=actor,
        action=AccessAction.MERGE,
        persons=[keep, remove],
        obj=keep,
        detail=_("Persoon %(remove)s samengevoegd met persoon %(keep)s")
        % {"remove": remove.pk, "keep": keep.pk},
    )
    return keep
