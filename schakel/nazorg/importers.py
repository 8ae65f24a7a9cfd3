"""Detentiemeldingen read from a CSV file (PRODUCT.md sections 12 and 16).

Every detainee from the region's municipalities gets a detentiemelding from the
penitentiary institution; the institutions send them in bulk. Every good row becomes a
detentiemelding exactly as the registration screen makes one (register_detention_notice):
a case in intake, the melding, and an empty quickscan.

Like any melding from outside, the detainee is registered as the file names them and never
linked to a known person, not even on an exact BSN: the procesregisseur sees the possible
match on the case page and merges.
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
from schakel.nazorg.models import DetentionNotice
from schakel.nazorg.services import register_detention_notice
from schakel.organisations.models import Domain, Municipality, Organisation
from schakel.persons.importing import (
    municipality_table,
    read_bsn,
    read_gender,
    read_municipality,
)
from schakel.persons.models import Person
from schakel.referrals.services import PersonDetails

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Region


@dataclass(frozen=True)
class DetentionRow:
    reference: str
    person: PersonDetails
    institution: Organisation
    detention_started_on: datetime.date
    expected_release_on: datetime.date
    return_municipality: Municipality


@register
class DetentionNoticeImporter(Importer[DetentionRow]):
    kind = "detentiemeldingen"
    label = gettext_lazy("Detentiemeldingen")
    key_column = "referentie"
    # The detentiemelding is nazorg's: registered by whoever holds its regie.
    roles = rules.NAZORG_REGIE_ROLES
    columns = (
        Column(
            "referentie",
            gettext_lazy("Het kenmerk van de melding bij de inrichting (uniek in uw regio)."),
            required=True,
        ),
        Column("bsn", gettext_lazy("BSN van de gedetineerde (9 cijfers, 11-proef); mag leeg.")),
        Column("voornaam", gettext_lazy("Voornamen van de gedetineerde.")),
        Column("tussenvoegsel", gettext_lazy("Tussenvoegsel, bijvoorbeeld ‘van der’.")),
        Column("achternaam", gettext_lazy("Achternaam van de gedetineerde."), required=True),
        Column("geboortedatum", gettext_lazy("Geboortedatum, dd-mm-jjjj of jjjj-mm-dd.")),
        Column("geslacht", gettext_lazy("man, vrouw, anders of onbekend (of M, V, X).")),
        Column(
            "inrichting",
            gettext_lazy(
                "De penitentiaire inrichting, zoals die als organisatie (domein straf) van "
                "uw regio in Schakel heet."
            ),
            required=True,
        ),
        Column(
            "datum_detentie",
            gettext_lazy("Begin van de detentie, dd-mm-jjjj of jjjj-mm-dd; niet in de toekomst."),
            required=True,
        ),
        Column(
            "verwachte_invrijheidstelling",
            gettext_lazy("Verwachte datum van invrijheidstelling; niet vóór het begin."),
            required=True,
        ),
        Column(
            "gemeente_terugkeer",
            gettext_lazy(
                "Gemeente waarnaar de gedetineerde terugkeert: naam of CBS-code (GM0505) in "
                "uw regio."
            ),
            required=True,
        ),
    )
    service_fields = {
        "source_reference": "referentie",
        "bsn": "bsn",
        "first_names": "voornaam",
        "name_prefix": "tussenvoegsel",
        "last_name": "achternaam",
        "birth_date": "geboortedatum",
        "gender": "geslacht",
        "institution": "inrichting",
        "detention_started_on": "datum_detentie",
        "expected_release_on": "verwachte_invrijheidstelling",
        "return_municipality": "gemeente_terugkeer",
    }

    def __init__(self, *, actor: User, region: Region) -> None:
        super().__init__(actor=actor, region=region)
        # The reference lists of the region, read once for the whole file; the
        # institutions are the active organisations of the straf domain, as on the form.
        self.municipalities = municipality_table(region)
        self.institutions = {
            normalise_key(organisation.name): organisation
            for organisation in Organisation.objects.filter(
                region=region, is_active=True, domain=Domain.STRAF
            )
        }

    def clean(self, row: Row) -> DetentionRow | None:
        reference = row.text(
            "referentie", required=True, max_length=max_length(DetentionNotice, "source_reference")
        )
        bsn = read_bsn(row, "bsn")
        first_names = row.text("voornaam", max_length=max_length(Person, "first_names"))
        name_prefix = row.text("tussenvoegsel", max_length=max_length(Person, "name_prefix"))
        last_name = row.text(
            "achternaam", required=True, max_length=max_length(Person, "last_name")
        )
        birth_date = row.date("geboortedatum", not_in_future=True)
        gender = read_gender(row, "geslacht")
        institution = row.lookup(
            "inrichting",
            self.institutions,
            message=_(
                "Onbekende inrichting: gebruik de naam van een penitentiaire inrichting die "
                "als organisatie van uw regio in Schakel staat."
            ),
        )
        started = row.date("datum_detentie", required=True, not_in_future=True)
        release = row.date("verwachte_invrijheidstelling", required=True)
        if started is not None and release is not None and release < started:
            row.error(
                "verwachte_invrijheidstelling",
                _("De verwachte invrijheidstelling ligt vóór het begin van de detentie."),
            )
        municipality = read_municipality(row, "gemeente_terugkeer", self.municipalities)
        if (
            row.errors
            or institution is None
            or started is None
            or release is None
            or municipality is None
        ):
            return None
        return DetentionRow(
            reference=reference,
            person=PersonDetails(
                first_names=first_names,
                name_prefix=name_prefix,
                last_name=last_name,
                bsn=bsn,
                birth_date=birth_date,
                gender=gender,
            ),
            institution=institution,
            detention_started_on=started,
            expected_release_on=release,
            return_municipality=municipality,
        )

    def save(self, value: DetentionRow) -> DetentionNotice:
        # Never `existing_person`: a melding from outside is not linked to a known person.
        return register_detention_notice(
            actor=self.actor,
            person=value.person,
            institution=value.institution,
            detention_started_on=value.detention_started_on,
            expected_release_on=value.expected_release_on,
            return_municipality=value.return_municipality,
            source_reference=value.reference,
        )
