"""Reading a person's values from an imported row, the same for every kind of import.

The engine's Row reads text, dates and choices; what it cannot know (it sits below
persons) is read here: the BSN with its 11-proef, the gender, and the municipalities of
the region as a lookup table. The ZSM, detentiemelding and police-incident importers all
read through these, so a value is accepted or refused the same way whichever file it
comes in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from schakel.imports.engine import Row, normalise_key
from schakel.organisations.models import Municipality
from schakel.persons.bsn import is_valid_bsn, normalise_bsn
from schakel.persons.models import Gender

if TYPE_CHECKING:
    from schakel.organisations.models import Region

GENDERS = {
    "man": Gender.MAN,
    "m": Gender.MAN,
    "vrouw": Gender.VROUW,
    "v": Gender.VROUW,
    "anders": Gender.ANDERS,
    "x": Gender.ANDERS,
    "onbekend": Gender.ONBEKEND,
    "o": Gender.ONBEKEND,
}


def read_bsn(row: Row, column: str, *, required: bool = False) -> str:
    """The BSN (spaces, dots and dashes left out, a leading zero restored), or ""."""
    raw = row.raw(column)
    if not raw:
        if required:
            row.error(column, _("Verplicht BSN ontbreekt."))
        return ""
    bsn = normalise_bsn(raw)
    if not is_valid_bsn(bsn):
        row.error(
            column,
            _("Geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de 11-proef."),
        )
        return ""
    return bsn


def read_gender(row: Row, column: str) -> str:
    return row.choice(
        column,
        GENDERS,
        default=Gender.ONBEKEND,
        message=_("Onbekend geslacht: gebruik man, vrouw, anders of onbekend."),
    )


def municipality_table(region: Region) -> dict[str, Municipality]:
    """The region's municipalities by name, by CBS code (GM0505) and by its number (0505),
    for Row.lookup; read once per file."""
    table: dict[str, Municipality] = {}
    for municipality in Municipality.objects.filter(region=region):
        table[normalise_key(municipality.name)] = municipality
        code = municipality.cbs_code.upper()
        table[normalise_key(code)] = municipality
        table[normalise_key(code.removeprefix("GM"))] = municipality
    return table


def read_municipality(
    row: Row, column: str, table: dict[str, Municipality], *, required: bool = True
) -> Municipality | None:
    return row.lookup(
        column,
        table,
        required=required,
        message=_("Onbekende gemeente: gebruik de naam of CBS-code van een gemeente van uw regio."),
    )
