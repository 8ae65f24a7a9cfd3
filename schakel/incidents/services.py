"""Writes of police incidents: one call per incident, as one imported row makes it
(schakel/incidents/importers.py)."""

from __future__ import annotations

import datetime
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
from schakel.incidents.models import IncidentKind, PoliceIncident
from schakel.persons.bsn import is_valid_bsn, normalise_bsn
from schakel.persons.models import Person
from schakel.persons.services import create_person

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Municipality

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
def register_incident_on_bsn(
    *,
    actor: User,
    bsn: str,
    first_names: str,
    name_prefix: str = "",
    last_name: str,
    birth_date: datetime.date | None = None,
    municipality: Municipality | None = None,
    occurred_on: datetime.date,
    kind: str,
    source_reference: str,
) -> PoliceIncident:
    """One police incident as the police's export names it: by the person's BSN.

    The person is the one with that BSN in the actor's region, or registered from the
    given names (the control group of the rendementsanalyse are persons never discussed).
    The names are only used for a new person: a known person keeps what the ZVH checked.
    Raises ValidationError with a Dutch message per field; a refusal saves nothing.
    """
    require_role(actor, *rules.INCIDENT_ROLES)
    region = organisation_of(actor).region
    bsn = normalise_bsn(bsn or "")
    errors: dict[str, list[str]] = {}
    if not bsn:
        errors["bsn"] = [_("Een incident zonder BSN kan niet aan een betrokkene worden gekoppeld.")]
    elif not is_valid_bsn(bsn):
        errors["bsn"] = [
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef.")
        ]
    # Asked of every row, known person or not: whether a BSN is known shows nowhere.
    if not (last_name or "").strip():
        errors["last_name"] = [_("Geef de achternaam van de betrokkene.")]
    if municipality is not None and municipality.region_id != region.pk:
        errors["municipality"] = [_("Deze gemeente hoort niet bij uw regio.")]
    if errors:
        raise ValidationError(errors)
    person = (
        Person.objects.filter(region=region, bsn=bsn, merged_into__isnull=True)
        .order_by("pk")
        .first()
    )
    if person is None:
        person = create_person(
            actor=actor,
            region=region,
            bsn=bsn,
            first_names=first_names,
            name_prefix=name_prefix,
            last_name=last_name,
            birth_date=birth_date,
            municipality=municipality,
        )
    return register_incident(
        actor=actor,
        person=person,
        occurred_on=occurred_on,
        kind=kind,
        source_reference=source_reference,
    )
