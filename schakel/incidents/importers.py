"""Police incidents read from a CSV file, for the rendementsanalyse (PRODUCT.md sections 15
and 16).

Each row of the police's export is one registration on one person, by BSN. Every good row
becomes an incident through register_incident_on_bsn: on the person with that BSN in the
region, or on a person registered from the row (the control group are persons never
discussed). The police's registration number is the row's natural key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access import rules
from schakel.core.fields import max_length
from schakel.imports.engine import Column, Importer, Row, normalise_key
from schakel.imports.registry import register
from schakel.incidents.models import IncidentKind, PoliceIncident
from schakel.incidents.services import register_incident_on_bsn
from schakel.organisations.models import Municipality
from schakel.persons.importing import municipality_table, read_bsn, read_municipality
from schakel.persons.models import Person

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Region

# A kind by its code (huiselijk_geweld) or its name (Huiselijk geweld, Vermogensdelict).
KINDS = {
    **{normalise_key(value): IncidentKind(value) for value in IncidentKind.values},
    **{normalise_key(str(label)): IncidentKind(value) for value, label in IncidentKind.choices},
    **{
        normalise_key(value.replace("_", " ")): IncidentKind(value) for value in IncidentKind.values
    },
}


@dataclass(frozen=True)
class IncidentRow:
    reference: str
    occurred_on: datetime.date
    kind: str
    bsn: str
    first_names: str
    name_prefix: str
    last_name: str
    birth_date: datetime.date | None
    municipality: Municipality | None


@register
class PoliceIncidentImporter(Importer[IncidentRow]):
    kind = "incidenten"
    label = gettext_lazy("Politie-incidenten")
    key_column = "registratienummer"
    roles = rules.INCIDENT_ROLES
    columns = (
        Column(
            "registratienummer",
            gettext_lazy("Het registratienummer van de politie (uniek in uw regio)."),
            required=True,
        ),
        Column(
            "datum",
            gettext_lazy("Datum van het incident, dd-mm-jjjj of jjjj-mm-dd; niet in de toekomst."),
            required=True,
        ),
        Column(
            "soort",
            gettext_lazy(
                "overlast, geweld, vermogen, drugs, huiselijk_geweld of overig "
                "(ook de naam, zoals ‘Huiselijk geweld’)."
            ),
            required=True,
        ),
        Column(
            "bsn",
            gettext_lazy("BSN van de betrokkene (9 cijfers, 11-proef): verplicht."),
            required=True,
        ),
        Column("voornaam", gettext_lazy("Voornamen van de betrokkene.")),
        Column("tussenvoegsel", gettext_lazy("Tussenvoegsel, bijvoorbeeld ‘van der’.")),
        Column("achternaam", gettext_lazy("Achternaam van de betrokkene."), required=True),
        Column("geboortedatum", gettext_lazy("Geboortedatum, dd-mm-jjjj of jjjj-mm-dd.")),
        Column(
            "gemeente",
            gettext_lazy(
                "Woongemeente van een nieuwe betrokkene: naam of CBS-code (GM0505) in uw "
                "regio; mag leeg."
            ),
        ),
    )
    service_fields = {
        "source_reference": "registratienummer",
        "occurred_on": "datum",
        "kind": "soort",
        "bsn": "bsn",
        "first_names": "voornaam",
        "name_prefix": "tussenvoegsel",
        "last_name": "achternaam",
        "birth_date": "geboortedatum",
        "municipality": "gemeente",
    }

    def __init__(self, *, actor: User, region: Region) -> None:
        super().__init__(actor=actor, region=region)
        self.municipalities = municipality_table(region)

    def clean(self, row: Row) -> IncidentRow | None:
        reference = row.text(
            "registratienummer",
            required=True,
            max_length=max_length(PoliceIncident, "source_reference"),
        )
        occurred_on = row.date("datum", required=True, not_in_future=True)
        kind = row.lookup(
            "soort",
            KINDS,
            message=_(
                "Onbekende soort incident: gebruik overlast, geweld, vermogen, drugs, "
                "huiselijk_geweld of overig."
            ),
        )
        bsn = read_bsn(row, "bsn", required=True)
        first_names = row.text("voornaam", max_length=max_length(Person, "first_names"))
        name_prefix = row.text("tussenvoegsel", max_length=max_length(Person, "name_prefix"))
        last_name = row.text(
            "achternaam", required=True, max_length=max_length(Person, "last_name")
        )
        birth_date = row.date("geboortedatum", not_in_future=True)
        municipality = read_municipality(row, "gemeente", self.municipalities, required=False)
        if row.errors or occurred_on is None or kind is None:
            return None
        return IncidentRow(
            reference=reference,
            occurred_on=occurred_on,
            kind=kind,
            bsn=bsn,
            first_names=first_names,
            name_prefix=name_prefix,
            last_name=last_name,
            birth_date=birth_date,
            municipality=municipality,
        )

    def save(self, value: IncidentRow) -> PoliceIncident:
        return register_incident_on_bsn(
            actor=self.actor,
            bsn=value.bsn,
            first_names=value.first_names,
            name_prefix=value.name_prefix,
            last_name=value.last_name,
            birth_date=value.birth_date,
            municipality=value.municipality,
            occurred_on=value.occurred_on,
            kind=value.kind,
            source_reference=value.reference,
        )
