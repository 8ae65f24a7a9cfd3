"""Set up a new region: the Zorg- en Veiligheidshuis, its organisation and its first
functioneel beheerder. Everything after that is done in /beheer/, through the services,
so it is logged and under separation of duties; there is no other back door."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schakel.accounts.models import RoleAssignment, SecurityEventKind, User
from schakel.accounts.roles import Role
from schakel.accounts.services import record_security_event
from schakel.organisations.models import Domain, Organisation, Region


class Command(BaseCommand):
    help = (
        "Richt een nieuwe regio in: het Zorg- en Veiligheidshuis, zijn organisatie en de eerste "
        "functioneel beheerder. Drukt een eenmalig wachtwoord af."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regio", required=True, help="Naam, bijv. 'Zuid-Holland Zuid'")
        parser.add_argument("--code", required=True, help="Korte code, bijv. 'zhz'")
        parser.add_argument("--organisatie", required=True, help="Naam van het ZVH")
        parser.add_argument("--gebruiker", required=True, help="Gebruikersnaam van de beheerder")
        parser.add_argument("--email", required=True)
        parser.add_argument("--voornaam", default="")
        parser.add_argument("--achternaam", default="")

    @transaction.atomic
    def handle(self, *args, **options):
        if Region.objects.filter(code=options["code"]).exists():
            raise CommandError(f"Regio met code {options['code']!r} bestaat al.")
        if User.objects.filter(username=options["gebruiker"]).exists():
            raise CommandError(f"Gebruiker {options['gebruiker']!r} bestaat al.")
        region = Region.objects.create(name=options["regio"], code=options["code"])
        organisation = Organisation.objects.create(
            name=options["organisatie"], region=region, domain=Domain.ZVH, kind="ZVH"
        )
        user = User(
            username=options["gebruiker"],
            email=options["email"],
            first_name=options["voornaam"],
            last_name=options["achternaam"],
            organisation=organisation,
        )
        password = secrets.token_urlsafe(18)
        try:
            validate_password(password, user)
        except ValidationError as error:  # pragma: no cover - a random 24-char token passes
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        # Not a case role: it opens no case content, so no second person is needed.
        RoleAssignment.objects.create(user=user, role=Role.BEHEERDER)
        record_security_event(
            kind=SecurityEventKind.ACCOUNT_CREATED,
            user=user,
            detail="Eerste functioneel beheerder, aangemaakt met regio_inrichten",
        )
        self.stdout.write(
            f"Regio {region.name} ingericht. Log in als {user.username} met het eenmalige "
            f"wachtwoord {password}, stel tweestapsverificatie in en wijzig het wachtwoord. "
            "Maak daarna in /beheer/ een manager aan: die keurt de eerste casusrollen goed."
        )
