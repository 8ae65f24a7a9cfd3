"""Writes of police incidents: one call per incident, as one imported row makes it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import require_role
from schakel.accounts.typing import organisation_of
from schakel.core.fields import max_length
from schakel.core.row_values import parse_date
from schakel.incidents.models import IncidentKind, PoliceIncident
from schakel.persons.bsn import is_valid_bsn, normalise_bsn
from schakel.persons.models import Person
from schakel.persons.services import create_person

if TYPE_CHECKING:
    from schakel.accounts.models import User

MAX_REFERENCE = max_length(PoliceIncident, "source_reference")


def duplicate_reference(message: str) -> ValidationError:
    return ValidationError({"source_reference": ValidationError(message, code="duplicate")})


@transaction.atomic
def register_incident(
    *,
    actor: User,
    person: Person,
    occurred_on: datetime.date,
    kind: str,
    source_reference: str,
) -> PoliceIncident:
    """Register one police incident on a person of the actor's region.

    The police's registration number is the natural key: a known number is refused with
    code "duplicate", so importing the same file twice adds nothing. Raises
    ValidationError with a Dutch message per field; nothing is saved on a refusal.
    """
    require_role(actor, *rules.INCIDENT_ROLES)
    reference = (source_reference or "").strip()
    errors: dict[str, list[str]] = {}
    if person.region_id != actor.region_id or person.merged_into_id is not None:
        errors["person"] = [_("Deze betrokkene hoort niet bij uw regio.")]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("De datum van het incident kan niet in de toekomst liggen.")]
    if kind not in IncidentKind.values:
        errors["kind"] = [
            _("Onbekende soort incident; kies uit: %(kinds)s.")
            % {"kinds": ", ".join(IncidentKind.values)}
        ]
    if not reference:
        errors["source_reference"] = [_("Geef het registratienummer van de politie.")]
    elif len(reference) > MAX_REFERENCE:
        errors["source_reference"] = [
            _("Het registratienummer is ten hoogste %(max)d tekens lang.") % {"max": MAX_REFERENCE}
        ]
    if errors:
        raise ValidationError(errors)
    if PoliceIncident.objects.filter(
        region_id=organisation_of(actor).region_id, source_reference=reference
    ).exists():
        raise duplicate_reference(
            _("Incident %(reference)s is al geregistreerd; het wordt niet nog eens toegevoegd.")
            % {"reference": reference}
        )
    incident = PoliceIncident(
        region_id=person.region_id,
        person=person,
        occurred_on=occurred_on,
        kind=kind,
        source_reference=reference,
        registered_by=actor,
    )
    try:
        # Two imports of the same file at once: the constraint decides, with the same answer.
        with transaction.atomic():
            incident.save()
    except IntegrityError as error:
        raise duplicate_reference(
            _("Incident %(reference)s is al geregistreerd; het wordt niet nog eens toegevoegd.")
            % {"reference": reference}
        ) from error
    record_access(
        actor=actor,
        action=AccessAction.CREATE,
        persons=[person],
        obj=incident,
        purpose=_("Rendementsanalyse"),
        detail=_("Politie-incident %(reference)s geregistreerd") % {"reference": reference},
    )
    return incident


@transaction.atomic
def register_incident_row(*, actor: User, row: Mapping[str, str]) -> PoliceIncident:
    """One imported row: registratienummer, datum, soort, bsn, voornamen, tussenvoegsel,
    achternaam, geboortedatum.

    The person is found by BSN in the actor's region, or registered from the row (the
    control group of the rendementsanalyse are persons never discussed). Every error is
    named by its column; a bad row saves nothing.
    """
    require_role(actor, *rules.INCIDENT_ROLES)
    errors: dict[str, list[str]] = {}
    occurred_on = parse_date(row.get("datum", ""))
    if occurred_on is None:
        errors["datum"] = [_("Geen geldige datum; gebruik bijvoorbeeld 2025-03-14 of 14-03-2025.")]
    birth_text = (row.get("geboortedatum") or "").strip()
    birth_date = parse_date(birth_text) if birth_text else None
    if birth_text and birth_date is None:
        errors["geboortedatum"] = [_("Geen geldige geboortedatum.")]
    bsn = normalise_bsn(row.get("bsn") or "")
    if not bsn:
        errors["bsn"] = [_("Een incident zonder BSN kan niet aan een betrokkene worden gekoppeld.")]
    elif not is_valid_bsn(bsn):
        errors["bsn"] = [
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef.")
        ]
    if errors:
        raise ValidationError(errors)
    assert occurred_on is not None
    person = (
        Person.objects.filter(
            region_id=organisation_of(actor).region_id, bsn=bsn, merged_into__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if person is None:
        if not (row.get("achternaam") or "").strip():
            raise ValidationError(
                {"achternaam": [_("Deze betrokkene is nieuw: geef ten minste de achternaam.")]}
            )
        person = create_person(
            actor=actor,
            region=organisation_of(actor).region,
            bsn=bsn,
            first_names=row.get("voornamen") or "",
            name_prefix=row.get("tussenvoegsel") or "",
            last_name=row.get("achternaam") or "",
            birth_date=birth_date,
        )
    return register_incident(
        actor=actor,
        person=person,
        occurred_on=occurred_on,
        kind=(row.get("soort") or "").strip().lower(),
        source_reference=row.get("registratienummer") or "",
    )
