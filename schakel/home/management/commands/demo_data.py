"""manage.py demo_data: fill an empty database with the fictional demo region."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from schakel.demo.generator import (
    DEFAULT_SIZE,
    REGION_CASES,
    demo_was_interrupted,
    generate_demo_data,
    region_exists,
)

# Two processes fill a two-core machine: one builds rows while the database takes the last.
DEFAULT_WORKERS = 2


class Command(BaseCommand):
    help = (
        "Maakt de fictieve demoregio Zuid-Holland Zuid aan met gebruikers voor elke rol en "
        "casussen in elke status. Alleen in demomodus (SCHAKEL_DEMO=1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=DEFAULT_SIZE,
            help=(
                f"Aantal casussen (standaard {DEFAULT_SIZE}); tot {REGION_CASES} komen daar de "
                "overige gedetineerden van de regio bij, één op elke drie casussen, elk met de "
                "casus die de detentiemelding opende. Daarboven (een landelijke installatie) "
                "is het het totaal aantal casussen, die van de overige gedetineerden "
                "inbegrepen: --size 1000000 geeft een miljoen casussen."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Startwaarde: dezelfde seed geeft dezelfde data."
        )
        parser.add_argument(
            "--regions",
            type=int,
            default=None,
            help=(
                "Aantal regio's waarover de casussen worden verdeeld (standaard één regio per "
                f"{REGION_CASES} casussen); de demogebruikers zien alleen hun eigen regio."
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=(
                "Aantal processen dat op PostgreSQL tegelijk de overige regio's opbouwt "
                f"(standaard {DEFAULT_WORKERS})."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Niets doen als er al een regio bestaat (voor `make run`).",
        )

    def handle(
        self,
        *args,
        size: int,
        seed: int,
        regions: int | None,
        workers: int,
        if_empty: bool,
        **options,
    ) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demodata kan alleen in demomodus worden aangemaakt (SCHAKEL_DEMO=1). "
                "De demo-accounts hebben een openbaar wachtwoord en een openbare TOTP-sleutel "
                "en horen nooit in een echte omgeving."
            )
        if size < 0:
            raise CommandError("--size moet 0 of groter zijn.")
        if regions is not None and regions < 1:
            raise CommandError("--regions moet 1 of groter zijn.")
        if workers < 1:
            raise CommandError("--workers moet 1 of groter zijn.")
        if region_exists():
            if if_empty and not demo_was_interrupted():
                self.stdout.write("Er is al een regio; demodata wordt niet opnieuw aangemaakt.")
                return
            if demo_was_interrupted():
                raise CommandError(
                    "De demodata in deze database is onvolledig: een eerdere run is "
                    "afgebroken en heeft alleen de voltooide delen vastgelegd. Maak de "
                    "database eerst leeg (manage.py flush) en start opnieuw."
                )
            raise CommandError(
                "De database bevat al een regio. Demodata wordt alleen in een lege database "
                "aangemaakt; gebruik --if-empty om dit stil over te slaan. Is een eerdere "
                "run afgebroken, dan staan de voltooide delen er al in: maak de database "
                "eerst leeg (manage.py flush) en start opnieuw."
            )
        started = time.monotonic()

        def report(done: int, total: int) -> None:
            if total > 5000:
                self.stdout.write(
                    f"  {done} van {total} casussen ({time.monotonic() - started:.0f} s)"
                )

        summary = generate_demo_data(
            size=size, seed=seed, regions=regions, workers=workers, progress=report
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demodata aangemaakt in {time.monotonic() - started:.1f} s:")
        )
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label}: {count}")
        if summary.examples:
            self.stdout.write("Voorbeeldcasussen naar seed 002 (alle persoonsgegevens fictief):")
            for reference, title in summary.examples:
                self.stdout.write(f"  {reference}  {title}")
