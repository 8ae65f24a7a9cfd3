"""manage.py demo_totp <gebruikersnaam>: the current sign-in code of a demo account."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.demo.credentials import current_code, is_demo_device


class Command(BaseCommand):
    help = "Toont de huidige zescijferige code van een demogebruiker. Alleen in demomodus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, gebruikersnaam: str, **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Dit commando werkt alleen in demomodus (SCHAKEL_DEMO=1).")
        device = (
            TOTPDevice.objects.filter(user__username=gebruikersnaam, confirmed=True)
            .order_by("pk")
            .first()
        )
        # Only the documented demo key: never hand out codes for a real authenticator.
        if device is None or not is_demo_device(device):
            raise CommandError(f"‘{gebruikersnaam}’ is geen demogebruiker.")
        self.stdout.write(current_code(device))
