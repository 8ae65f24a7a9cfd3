"""manage.py demo_login_help: how to sign in to the demo, in Dutch."""

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from schakel.accounts.roles import Role
from schakel.cases.models import Case
from schakel.demo.credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET
from schakel.demo.reference import ORGANISATIONS, TABLES, USERS
from schakel.demo.seed_cases import SEED_CASES

DEMO_ADDRESS = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Toont hoe u inlogt op de demo: adres, gebruikersnamen, wachtwoord en TOTP-sleutel."

    def handle(self, *args, **options) -> None:
        organisation_names = {spec.key: spec.name for spec in ORGANISATIONS}
        directed = {
            spec.username: ", ".join(t.name for t in TABLES if spec.username in t.procesregisseurs)
            for spec in USERS
        }
        width = max(len(spec.username) for spec in USERS)
        lines = [
            "",
            "Schakel draait met demodata (alle personen zijn fictief).",
            f"Open {DEMO_ADDRESS} in uw browser en log in met een van deze gebruikers:",
            "",
        ]
        for spec in USERS:
            roles = ", ".join(str(Role(role).label) for role in spec.roles)
            note = (
                " (heeft het convenant niet getekend: ziet geen casussen)"
                if spec.username == "woningcorporatie"
                else ""
            )
            if directed[spec.username]:
                note = f" (regietafels: {directed[spec.username]})"
            lines.append(
                f"  {spec.username:<{width}}  {roles} — {organisation_names[spec.organisation]}{note}"
            )
        lines += [
            "",
            f"Wachtwoord (voor alle demogebruikers): {DEMO_PASSWORD}",
            f"TOTP-sleutel (voor alle demogebruikers): {DEMO_TOTP_SECRET}",
            "  Voer deze sleutel met de hand in uw authenticator-app in, of vraag de",
            "  huidige zescijferige code op met:",
            "  make totp GEBRUIKER=<gebruikersnaam>",
            "",
        ]
        lines += self._examples()
        self.stdout.write("\n".join(lines))

    def _examples(self) -> list[str]:
        """The cases modelled on seed 002, when the demo data is there."""
        try:
            found = {
                case.title: case
                for case in Case.objects.filter(title__in=[seed.title for seed in SEED_CASES])
            }
        except DatabaseError:
            return []
        if not found:
            return []
        lines = ["Voorbeeldcasussen naar seed 002 (zoek op het casusnummer):"]
        for seed in SEED_CASES:
            case = found.get(seed.title)
            if case is not None:
                regisseur = TABLES[[t.key for t in TABLES].index(seed.table_key)].procesregisseurs[
                    0
                ]
                lines.append(f"  {case.reference}  {seed.title} (inloggen als {regisseur})")
        return [*lines, ""]
