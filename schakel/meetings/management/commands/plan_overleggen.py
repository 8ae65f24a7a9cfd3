from django.core.management.base import BaseCommand, CommandParser

from schakel.meetings.services import plan_all_meetings


class Command(BaseCommand):
    help = "Plan de casusoverleggen van alle actieve regietafels volgens hun schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--weken",
            type=int,
            default=8,
            help="Hoeveel weken vooruit plannen (standaard 8).",
        )

    def handle(self, *args, weken: int, **options) -> None:
        if weken < 1 or weken > 104:
            self.stderr.write("Kies een aantal weken van 1 tot en met 104.")
            return
        created = plan_all_meetings(weeks=weken)
        self.stdout.write(f"{created} overleg(gen) gepland.")
