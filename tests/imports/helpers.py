"""Building ZSM files for the import tests: fictional persons only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.files.uploadedfile import SimpleUploadedFile

from schakel.imports.engine import run_job
from schakel.imports.models import ImportJob
from schakel.imports.services import start_import

HEADER = (
    "zsm_referentie",
    "datum_melding",
    "organisatie",
    "bsn",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "geslacht",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "gemeente",
    "aanleiding",
    "omschrijving",
    "urgentie",
)
# Valid by the 11-proef and fictional.
BSNS = ("111222333", "123456782")


def good_row(number: int, **changes: str) -> dict[str, str]:
    row = {
        "zsm_referentie": f"ZSM-2025-{number:06d}",
        "datum_melding": "03-03-2025",
        "organisatie": "Politie Dordrecht",
        "bsn": "",
        "voornaam": "Fictief",
        "tussenvoegsel": "van",
        "achternaam": f"Testpersoon{number}",
        "geboortedatum": "1990-05-17",
        "geslacht": "man",
        "straat": "Voorstraat",
        "huisnummer": str(number % 300 + 1),
        "postcode": "3311 AB",
        "woonplaats": "Dordrecht",
        "gemeente": "Dordrecht",
        "aanleiding": "Overlast en zorgen om verwaarlozing",
        "omschrijving": "Buren melden aanhoudende overlast; de woning lijkt vervuild.",
        "urgentie": "normaal",
    }
    row.update(changes)
    return row


def csv_text(
    rows: Iterable[Mapping[str, str]], *, delimiter: str = ";", header: Iterable[str] = HEADER
) -> str:
    columns = list(header)
    lines = [delimiter.join(columns)]
    for row in rows:
        lines.append(delimiter.join(_quoted(row.get(c, ""), delimiter) for c in columns))
    return "\r\n".join(lines) + "\r\n"


def _quoted(value: str, delimiter: str) -> str:
    if any(c in value for c in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def upload(content: str | bytes, name: str = "zsm.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def import_now(
    actor, content: str | bytes, *, name: str = "zsm.csv", kind: str = "zsm"
) -> ImportJob:
    """Offer a file as the upload page does, then run it here instead of in the worker."""
    job = start_import(actor=actor, kind=kind, upload=upload(content, name))
    return run_job(job)


def problems(job: ImportJob) -> list[tuple[int, str, str]]:
    return list(job.row_errors.values_list("line", "field", "message"))
