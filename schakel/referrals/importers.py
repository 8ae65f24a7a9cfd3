"""ZSM meldingen read from a CSV file (PRODUCT.md sections 5 and 16).

ZSM is the joint desk of police, OM and reclassering ("zo snel, slim, selectief en samen
mogelijk"). Each row of its export is one melding about one person, made by one of those
partners; the ZVH reads the file in and every good row becomes a melding exactly as the
melding screen makes one (submit_referral), on behalf of the partner in the row.

Like any partner's melding, the person is registered as the file names them and never
linked to a known person, not even on an exact BSN: the partner would then read that
person's case. The procesregisseur sees the possible match on the case page and merges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.cases.models import Case, CaseKind, PersonRole
from schakel.core.fields import max_length
from schakel.imports.engine import Column, Importer, Row, normalise_key
from schakel.imports.registry import register
from schakel.organisations.models import Municipality, Organisation
from schakel.persons.importing import (
    municipality_table,
    read_bsn,
    read_gender,
    read_municipality,
)
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource, Urgency
from schakel.referrals.services import (
    MAX_DESCRIPTION,
    MAX_QUESTION,
    PersonDetails,
    ReferredPerson,
    submit_referral,
)

if TYPE_CHECKING:
    import datetime

    from schakel.accounts.models import User
    from schakel.organisations.models import Region

# The ZSM export asks no question of its own: the ZVH is asked to weigh the melding.
DEFAULT_QUESTION = gettext_lazy(
    "Beoordelen of de casus bij het Zorg- en Veiligheidshuis thuishoort (ZSM-melding)."
)
URGENCIES = {str(value): Urgency(value) for value in Urgency.values}
POSTAL_CODE_LENGTH = 6  # 1234AB, the space left out


@dataclass(frozen=True)
class ZsmMelding:
    received_on: datetime.date
    organisation: Organisation
    municipality: Municipality
    title: str
    description: str
    question: str
    urgency: str
    reporter_contact: str
    person: PersonDetails


@register
class ZsmImporter(Importer[ZsmMelding]):
    kind = "zsm"
    label = gettext_lazy("ZSM-meldingen")
    key_column = "zsm_referentie"
    columns = (
        Column(
            "zsm_referentie",
            gettext_lazy("Het kenmerk van de melding in het ZSM-systeem (uniek)."),
            required=True,
        ),
        Column(
            "datum_melding",
            gettext_lazy("Datum van de melding, dd-mm-jjjj of jjjj-mm-dd."),
            required=True,
        ),
        Column(
            "organisatie",
            gettext_lazy(
                "De meldende partner (bijvoorbeeld de politie, het OM of de reclassering), "
                "zoals die in Schakel heet; moet het convenant hebben ondertekend."
            ),
            required=True,
        ),
        Column("bsn", gettext_lazy("BSN van de betrokkene (9 cijfers, 11-proef); mag leeg.")),
        Column("voornaam", gettext_lazy("Voornamen van de betrokkene."), required=True),
        Column("tussenvoegsel", gettext_lazy("Tussenvoegsel, bijvoorbeeld ‘van der’.")),
        Column("achternaam", gettext_lazy("Achternaam van de betrokkene."), required=True),
        Column("geboortedatum", gettext_lazy("Geboortedatum, dd-mm-jjjj of jjjj-mm-dd.")),
        Column("geslacht", gettext_lazy("man, vrouw, anders of onbekend (of M, V, X).")),
        Column("straat", gettext_lazy("Straatnaam van het woonadres.")),
        Column("huisnummer", gettext_lazy("Huisnummer met eventuele toevoeging.")),
        Column("postcode", gettext_lazy("Postcode, bijvoorbeeld 3311 AB.")),
        Column("woonplaats", gettext_lazy("Woonplaats.")),
        Column(
            "gemeente",
            gettext_lazy("Gemeente van de casus: naam of CBS-code (GM0505) in uw regio."),
            required=True,
        ),
        Column(
            "aanleiding",
            gettext_lazy("Korte omschrijving zonder namen; wordt de titel van de casus."),
            required=True,
        ),
        Column("omschrijving", gettext_lazy("Waarover de melding gaat."), required=True),
        Column("vraag", gettext_lazy("De vraag aan het ZVH; leeg: beoordelen.")),
        Column("urgentie", gettext_lazy("normaal, hoog of acuut; leeg: normaal.")),
        Column("contact_melder", gettext_lazy("Naam en telefoonnummer van de melder.")),
    )
    service_fields = {
        "received_on": "datum_melding",
        "on_behalf_of": "organisatie",
        "municipality": "gemeente",
        "title": "aanleiding",
        "description": "omschrijving",
        "question": "vraag",
        "urgency": "urgentie",
        "person-0-bsn": "bsn",
        "person-0-first_names": "voornaam",
        "person-0-name_prefix": "tussenvoegsel",
        "person-0-last_name": "achternaam",
        "person-0-birth_date": "geboortedatum",
        "person-0-gender": "geslacht",
        "person-0-street_address": "straat",
        "person-0-postal_code": "postcode",
        "person-0-city": "woonplaats",
    }

    def __init__(self, *, actor: User, region: Region) -> None:
        super().__init__(actor=actor, region=region)
        # The reference lists of the region, read once for the whole file.
        self.municipalities = municipality_table(region)
        self.organisations = {
            normalise_key(organisation.name): organisation
            for organisation in Organisation.objects.filter(region=region, is_active=True)
        }

    def clean(self, row: Row) -> ZsmMelding | None:
        received_on = row.date("datum_melding", required=True, not_in_future=True)
        organisation = row.lookup(
            "organisatie",
            self.organisations,
            message=_("Onbekende organisatie: gebruik de naam van een partner van uw regio."),
        )
        if organisation is not None and not organisation.has_signed_convenant:
            row.error(
                "organisatie",
                _(
                    "Deze organisatie heeft het convenant informatiedeling niet ondertekend; "
                    "een melding namens haar kan niet worden ingelezen."
                ),
            )
        bsn = read_bsn(row, "bsn")
        first_names = row.text(
            "voornaam", required=True, max_length=max_length(Person, "first_names")
        )
        name_prefix = row.text("tussenvoegsel", max_length=max_length(Person, "name_prefix"))
        last_name = row.text(
            "achternaam", required=True, max_length=max_length(Person, "last_name")
        )
        birth_date = row.date("geboortedatum", not_in_future=True)
        gender = read_gender(row, "geslacht")
        street_address = " ".join(
            part for part in (row.text("straat"), row.text("huisnummer")) if part
        )
        if len(street_address) > max_length(Person, "street_address"):
            row.error(
                "straat",
                _("Te lang: straat en huisnummer samen ten hoogste %(limit)d tekens.")
                % {"limit": max_length(Person, "street_address")},
            )
        postal_code = self._postal_code(row)
        city = row.text("woonplaats", max_length=max_length(Person, "city"))
        municipality = read_municipality(row, "gemeente", self.municipalities)
        title = row.text("aanleiding", required=True, max_length=max_length(Case, "title"))
        description = row.text(
            "omschrijving", required=True, max_length=MAX_DESCRIPTION, multiline=True
        )
        question = row.text("vraag", max_length=MAX_QUESTION, multiline=True)
        urgency = row.choice(
            "urgentie",
            URGENCIES,
            default=Urgency.NORMAAL,
            message=_("Onbekende urgentie: gebruik normaal, hoog of acuut."),
        )
        reporter_contact = row.text(
            "contact_melder", max_length=max_length(Referral, "reporter_contact")
        )
        if row.errors or received_on is None or organisation is None or municipality is None:
            return None
        return ZsmMelding(
            received_on=received_on,
            organisation=organisation,
            municipality=municipality,
            title=title,
            description=description,
            question=question or str(DEFAULT_QUESTION),
            urgency=urgency,
            reporter_contact=reporter_contact,
            person=PersonDetails(
                first_names=first_names,
                name_prefix=name_prefix,
                last_name=last_name,
                bsn=bsn,
                birth_date=birth_date,
                gender=gender,
                street_address=street_address,
                postal_code=postal_code,
                city=city,
            ),
        )

    def _postal_code(self, row: Row) -> str:
        raw = row.raw("postcode")
        compact = "".join(raw.split()).upper()
        if not compact:
            return ""
        if not (
            len(compact) == POSTAL_CODE_LENGTH
            and compact[:4].isascii()
            and compact[:4].isdigit()
            and compact[0] != "0"
            and compact[4:].isascii()
            and compact[4:].isalpha()
        ):
            row.error(
                "postcode",
                _(
                    "Geen geldige postcode: gebruik vier cijfers en twee letters, bijvoorbeeld 3311 AB."
                ),
            )
            return ""
        return f"{compact[:4]} {compact[4:]}"

    def save(self, value: ZsmMelding) -> Referral:
        return submit_referral(
            actor=self.actor,
            on_behalf_of=value.organisation,
            source=ReferralSource.ZSM,
            received_on=value.received_on,
            municipality=value.municipality,
            kind=CaseKind.PERSOON,
            title=value.title,
            description=value.description,
            urgency=value.urgency,
            question=value.question,
            reporter_contact=value.reporter_contact,
            # Never `existing`: a partner's melding is not linked to a known person.
            persons=[ReferredPerson(role=PersonRole.HOOFDPERSOON, details=value.person)],
        )
