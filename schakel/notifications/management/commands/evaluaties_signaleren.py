from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schakel.notifications.tasks import send_evaluation_signals


class Command(BaseCommand):
    help = (
        "Zet het signaleren van plannen van aanpak waarvan de evaluatiedatum is bereikt in "
        "de wachtrij; `manage.py db_worker` stuurt de procesregie van elke casus een bericht "
        "(één keer per evaluatiedatum). Dagelijks via cron, bijvoorbeeld: "
        "`0 7 * * * cd /srv/schakel && .venv/bin/python manage.py evaluaties_signaleren`"
    )

    def handle(self, *args, **options) -> None:
        result = send_evaluation_signals.enqueue()
        self.stdout.write(
            _("Evaluatiesignalen in de wachtrij gezet (taak %(id)s).") % {"id": result.id}
        )
