from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schakel.notifications.tasks import send_daily_digests


class Command(BaseCommand):
    help = (
        "Zet het dagelijks overzicht per e-mail in de wachtrij voor wie daarvoor koos; "
        "`manage.py db_worker` verstuurt het (alleen casuskenmerken en links, hooguit één "
        "overzicht per gebruiker per dag, ook als de opdracht vaker draait). Dagelijks via "
        "cron, bijvoorbeeld: "
        "`0 17 * * * cd /srv/schakel && .venv/bin/python manage.py dagoverzicht_versturen`"
    )

    def handle(self, *args, **options) -> None:
        result = send_daily_digests.enqueue()
        self.stdout.write(
            _("Dagelijks overzicht in de wachtrij gezet (taak %(id)s).") % {"id": result.id}
        )
