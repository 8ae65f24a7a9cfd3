from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schakel.followup.tasks import send_action_reminders


class Command(BaseCommand):
    help = (
        "Zet het versturen van herinneringen voor acties over datum in de wachtrij; "
        "`manage.py db_worker` verstuurt ze (in de app en per e-mail, elke actie één keer). "
        "Een actie plant bij het aanmaken zelf al een herinnering; deze opdracht is het "
        "vangnet. Dagelijks via cron, bijvoorbeeld: "
        "`0 8 * * * cd /srv/schakel && .venv/bin/python manage.py herinneringen_versturen`"
    )

    def handle(self, *args, **options) -> None:
        result = send_action_reminders.enqueue()
        self.stdout.write(
            _("Herinneringen in de wachtrij gezet (taak %(id)s).") % {"id": result.id}
        )
