"""Benchmark of the imports: a synthetic file of fictional persons, imported in full.

Not part of the test suite. Run against the real database, for example:

    DATABASE_URL=postgres://schakel@127.0.0.1:5432/schakel SCHAKEL_DEBUG=0 \
        SCHAKEL_SECRET_KEY=bench .venv/bin/python scripts/bench_import.py --rows 100000

It migrates the database, makes a region "Bench" (with its municipality, the police, a
penitentiary institution, an informatiemakelaar and a procesregisseur) when missing,
writes the file row by row to a temporary folder, and imports it with the engine the
worker uses, batch by batch. It prints rows per second and the peak resident memory
(getrusage) before and after: the import itself must not grow it with the size of the
file. Every run uses fresh references, so nothing is skipped.

`--soort zsm` (the default) imports ZSM meldingen as the informatiemakelaar;
`--soort detentiemeldingen` imports detentiemeldingen as the procesregisseur;
`--soort incidenten` imports police incidents as the procesregisseur, four per person
(the first row of a BSN makes the person, the next three find it).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_bsn(n: int) -> str:
    """A BSN that passes the 11-proef for a third of the rows, empty for the rest."""
    from schakel.persons.bsn import is_valid_bsn

    if n % 3:
        return ""
    candidate = 100_000_000 + n * 7
    while not is_valid_bsn(str(candidate)):
        candidate += 1
    return str(candidate)


def write_detention_file(path: Path, rows: int, run: str) -> None:
    header = (
        "referentie;bsn;voornaam;achternaam;geboortedatum;geslacht;inrichting;"
        "datum_detentie;verwachte_invrijheidstelling;gemeente_terugkeer"
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\r\n")
        for n in range(rows):
            handle.write(
                f"{run}-{n:07d};{bench_bsn(n)};Fictief;Benchgedetineerde{n};"
                f"{1950 + n % 60}-0{1 + n % 9}-1{n % 9};{'man' if n % 2 else 'vrouw'};"
                f"PI Bench;0{1 + n % 9}-01-2025;1{n % 9}-12-2026;Dordrecht\r\n"
            )


def write_incident_file(path: Path, rows: int, run: str) -> None:
    from schakel.persons.bsn import is_valid_bsn

    kinds = ("overlast", "geweld", "vermogen", "drugs", "huiselijk_geweld", "overig")
    # Every run its own BSNs: a run's persons are new, then found again.
    first = 200_000_000 + (int(run[1:], 16) % 500) * 1_000_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("registratienummer;datum;soort;bsn;voornaam;achternaam;geboortedatum\r\n")
        bsn = first
        for n in range(rows):
            if n % 4 == 0:
                bsn += 1
                while not is_valid_bsn(str(bsn)):
                    bsn += 1
            handle.write(
                f"{run}-{n:07d};1{n % 9}-0{1 + n % 9}-2025;{kinds[n % len(kinds)]};{bsn};"
                f"Fictief;Benchbetrokkene{n // 4};{1950 + n % 60}-0{1 + n % 9}-1{n % 9}\r\n"
            )


def write_file(path: Path, rows: int, run: str) -> None:
    header = (
        "zsm_referentie;datum_melding;organisatie;bsn;voornaam;achternaam;geboortedatum;"
        "geslacht;straat;huisnummer;postcode;woonplaats;gemeente;aanleiding;omschrijving;urgentie"
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\r\n")
        for n in range(rows):
            bsn = bench_bsn(n)
            handle.write(
                f"{run}-{n:07d};03-03-2025;Politie Bench;{bsn};Fictief;Benchpersoon{n};"
                f"{1950 + n % 60}-0{1 + n % 9}-1{n % 9};{'man' if n % 2 else 'vrouw'};"
                f"Benchstraat;{1 + n % 300};3311 AB;Dordrecht;Dordrecht;"
                "Overlast in de wijk;Synthetische melding voor de meting van het inlezen.;"
                "normaal\r\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--soort", choices=("zsm", "detentiemeldingen", "incidenten"), default="zsm"
    )
    arguments = parser.parse_args()

    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from schakel.accounts.models import RoleAssignment, User
    from schakel.accounts.roles import Role
    from schakel.imports.engine import run_job
    from schakel.imports.services import start_import
    from schakel.organisations.models import Municipality, Organisation, Region

    call_command("migrate", verbosity=0)
    region, _ = Region.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    Municipality.objects.get_or_create(
        cbs_code="GM9999", defaults={"name": "Dordrecht", "region": region}
    )
    Organisation.objects.get_or_create(
        region=region,
        name="Politie Bench",
        defaults={"domain": "straf", "kind": "politie", "convenant_signed_on": "2025-03-01"},
    )
    Organisation.objects.get_or_create(
        region=region,
        name="PI Bench",
        defaults={"domain": "straf", "kind": "DJI / penitentiaire inrichting"},
    )
    zvh, _ = Organisation.objects.get_or_create(
        region=region, name="ZVH Bench", defaults={"domain": "zvh", "kind": "ZVH"}
    )
    user, _ = User.objects.get_or_create(
        username="bench-informatiemakelaar",
        defaults={"organisation": zvh, "first_name": "Bench", "last_name": "Meting"},
    )
    # Set up directly: the four-eyes approval of a case role is not what is measured.
    RoleAssignment.objects.get_or_create(user=user, role=Role.INFORMATIEMAKELAAR)
    user = User.objects.get(pk=user.pk)
    if arguments.soort in ("detentiemeldingen", "incidenten"):
        user, _ = User.objects.get_or_create(
            username="bench-procesregisseur",
            defaults={"organisation": zvh, "first_name": "Bench", "last_name": "Regie"},
        )
        RoleAssignment.objects.get_or_create(user=user, role=Role.PROCESREGISSEUR)
        user = User.objects.get(pk=user.pk)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{arguments.soort}-bench.csv"
        writer = {
            "detentiemeldingen": write_detention_file,
            "incidenten": write_incident_file,
        }.get(arguments.soort, write_file)
        writer(path, arguments.rows, f"B{uuid.uuid4().hex[:8]}")
        size_mb = path.stat().st_size / 2**20
        with path.open("rb") as handle:
            job = start_import(
                actor=user, kind=arguments.soort, upload=File(handle, name=path.name)
            )
        before = peak_rss_mb()
        started = time.perf_counter()
        last = [started]

        def progress(job) -> None:
            now = time.perf_counter()
            if now - last[0] >= 10 or job.rows_done == job.rows_total:
                last[0] = now
                print(
                    f"  {job.rows_done}/{job.rows_total} rows, "
                    f"{job.rows_done / max(now - started, 1e-9):.0f} rows/s, "
                    f"peak RSS {peak_rss_mb():.0f} MB",
                    flush=True,
                )

        job = run_job(job, progress=progress)
        elapsed = time.perf_counter() - started

    print(f"database:      {connection.vendor} {connection.settings_dict.get('NAME')}")
    print(f"file:          {arguments.rows} rows, {size_mb:.1f} MB")
    print(
        f"job:           {job.status}, good {job.rows_good}, bad {job.rows_bad}, "
        f"skipped {job.rows_skipped}"
    )
    print(f"elapsed:       {elapsed:.1f} s")
    print(f"rows/second:   {arguments.rows / elapsed:.0f}")
    print(f"peak RSS:      {before:.0f} MB before the import, {peak_rss_mb():.0f} MB after")


if __name__ == "__main__":
    main()
