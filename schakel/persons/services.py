"""Writes on persons: creating a betrokkene, merging two records of one person, and the
rights of the betrokkene handled by the privacy officer: correction (AVG article 16) and
restriction of processing (article 18)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import django.dispatch
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import (
    ensure_processing_allowed,
    get_person_of_privacy_officer,
    get_visible_person,
    require_role,
)
from schakel.accounts.roles import Role
from schakel.core.concurrency import bump_version, claim_version
from schakel.persons.bsn import normalise_bsn
from schakel.persons.matching import name_key
from schakel.persons.models import (
    Gender,
    Person,
    PersonCorrection,
    ProcessingRestriction,
    person_field_label,
)

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
    # A record under restriction (AVG art. 18) is shown as a candidate, masked, so that no
    # second record of the person is made; merging it is refused with the reason.
    ensure_processing_allowed(persons=[keep, remove])
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
        bump_version(Person, keep.pk)  # an open correction form now holds stale values
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


# --- Rights of the betrokkene: correction and restriction -------------------------------

# The fields a correction may change: what identifies and reaches the person.
CORRECTABLE_FIELDS = (
    "bsn",
    "first_names",
    "name_prefix",
    "last_name",
    "birth_date",
    "gender",
    "street_address",
    "postal_code",
    "city",
    "municipality",
    "phone",
    "email",
)
REASON_MAX_LENGTH = 2000
PURPOSE_CORRECTION = _("Rectificatie (AVG art. 16)")
PURPOSE_RESTRICTION = _("Beperking van de verwerking (AVG art. 18)")


def _as_text(field: str, value: Any) -> str:
    """A value as the correction history keeps it: as it was shown."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if field == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    return str(value)


def _normalised(field: str, value: Any) -> Any:
    """What create_person would store for the value."""
    if field == "bsn":
        return normalise_bsn(value or "")
    if field == "postal_code":
        return _clean(value).upper()
    if field == "email":
        return (value or "").strip()
    if field == "gender":
        return value or Gender.ONBEKEND
    if field in ("birth_date", "municipality"):
        return value or None
    return _clean(value)


def _reason_errors(reason: str, *, empty: str) -> list[str]:
    if not reason.strip():
        return [empty]
    if len(reason) > REASON_MAX_LENGTH:
        return [
            _("De reden mag ten hoogste %(max)s tekens lang zijn.") % {"max": REASON_MAX_LENGTH}
        ]
    return []


@transaction.atomic
def correct_person(
    *,
    actor: User,
    person: Person,
    changes: Mapping[str, Any],
    reason: str,
    expected_version: int | None = None,
) -> list[PersonCorrection]:
    """Correct a person's data at the request of the betrokkene (AVG article 16).

    Only the privacy officer of the person's region (403 for another role, 404 for another
    region). Every changed field keeps its old value in the history with who, for which
    organisation, when and why. Validated as a new person is (the BSN's 11-proef, a date of
    birth not in the future, a municipality of the region); version-checked against the
    form (EditConflict); all or nothing.
    """
    person = get_person_of_privacy_officer(actor, person.pk)
    errors: dict[str, list[str]] = {}
    reason_errors = _reason_errors(
        reason,
        empty=_("Geef de reden van de correctie, bijvoorbeeld het verzoek van de betrokkene."),
    )
    if reason_errors:
        errors["reason"] = reason_errors
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        errors.setdefault("__all__", []).append(
            _("Deze gegevens kunnen niet worden gecorrigeerd: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )

    locked = Person.objects.select_for_update().get(pk=person.pk)
    claim_version(locked, expected=expected_version, actor=actor, what=_("deze persoon"))
    old = {field: getattr(locked, field) for field in CORRECTABLE_FIELDS}
    for field, value in changes.items():
        if field in CORRECTABLE_FIELDS:
            setattr(locked, field, _normalised(field, value))
    changed = [field for field in CORRECTABLE_FIELDS if getattr(locked, field) != old[field]]
    if not changed and not unknown:
        errors.setdefault("__all__", []).append(
            _("Er is niets gewijzigd: pas ten minste één gegeven aan.")
        )
    municipality = locked.municipality
    if municipality is not None and municipality.region_id != locked.region_id:
        errors.setdefault("municipality", []).append(
            _("Deze gemeente hoort niet bij de regio van dit Zorg- en Veiligheidshuis.")
        )
    if locked.birth_date is not None and locked.birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(
            _("De geboortedatum kan niet in de toekomst liggen.")
        )
    try:
        locked.full_clean(exclude=["name_key", "region", "merged_into", "changed_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    locked.name_key = name_key(locked.first_names, locked.name_prefix, locked.last_name)
    locked.save(update_fields=[*changed, "name_key"])
    organisation_id = actor.organisation_id
    corrections = PersonCorrection.objects.bulk_create(
        [
            PersonCorrection(
                person=locked,
                field=field,
                old_value=_as_text(field, old[field]),
                new_value=_as_text(field, getattr(locked, field)),
                reason=reason.strip(),
                corrected_by=actor,
                organisation_id=organisation_id,
            )
            for field in changed
        ]
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        persons=[locked],
        obj=locked,
        purpose=str(PURPOSE_CORRECTION),
        # Which fields, never their values: the log is read more widely than the record.
        detail=_("Gegevens gecorrigeerd: %(fields)s")
        % {"fields": ", ".join(person_field_label(field) for field in changed)},
    )
    return corrections


@transaction.atomic
def restrict_processing(*, actor: User, person: Person, reason: str) -> ProcessingRestriction:
    """Restrict the processing of a person's data (AVG article 18).

    The data stays stored; until the restriction is lifted no one but the privacy officer
    sees the person (policy.visible_persons, persons.restriction.shown) and no new
    processing is allowed (policy.ensure_processing_allowed). Only the privacy officer of
    the person's region.
    """
    person = get_person_of_privacy_officer(actor, person.pk)
    errors = _reason_errors(
        reason,
        empty=_("Geef de reden van de beperking, bijvoorbeeld het verzoek van de betrokkene."),
    )
    if errors:
        raise ValidationError({"reason": errors})
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_restricted:
        raise ValidationError(_("Voor deze persoon is de verwerking al beperkt."))
    restriction = ProcessingRestriction.objects.create(
        person=locked,
        reason=reason.strip(),
        restricted_by=actor,
        organisation_id=actor.organisation_id,
    )
    locked.is_restricted = True
    locked.save(update_fields=["is_restricted"])
    bump_version(Person, locked.pk)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        persons=[locked],
        obj=restriction,
        purpose=str(PURPOSE_RESTRICTION),
        detail=_("Verwerking beperkt"),
    )
    return restriction


@transaction.atomic
def lift_restriction(*, actor: User, person: Person, reason: str) -> ProcessingRestriction:
    """Lift the restriction: the person is shown and processed as before. Only the privacy
    officer of the person's region, with a reason (the betrokkene is told beforehand,
    AVG article 18(3))."""
    person = get_person_of_privacy_officer(actor, person.pk)
    errors = _reason_errors(reason, empty=_("Geef de reden waarom de beperking wordt opgeheven."))
    if errors:
        raise ValidationError({"reason": errors})
    locked = Person.objects.select_for_update().get(pk=person.pk)
    restriction = (
        ProcessingRestriction.objects.select_for_update()
        .filter(person=locked, lifted_at__isnull=True)
        .first()
    )
    if not locked.is_restricted or restriction is None:
        raise ValidationError(_("Voor deze persoon is de verwerking niet beperkt."))
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.lift_reason = reason.strip()
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    locked.is_restricted = False
    locked.save(update_fields=["is_restricted"])
    bump_version(Person, locked.pk)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        persons=[locked],
        obj=restriction,
        purpose=str(PURPOSE_RESTRICTION),
        detail=_("Beperking van de verwerking opgeheven"),
    )
    return restriction
