from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.organisations.models import Region
from schakel.retention.models import RunTrigger
from schakel.retention.services import RegionReport, apply_retention_everywhere
from schakel.retention.tasks import apply_retention_periods


class Command(BaseCommand):
    help = (
        "Past de bewaartermijnen toe: verwijdert de persoonsgegevens van casussen waarvan de "
        "bewaartermijn na afsluiten is verstreken, betrokkenen die in geen enkele casus meer "
        "voorkomen en toegangslogregels ouder dan de bewaartermijn van het log. Zonder "
        "--direct zet de opdracht het werk in de wachtrij voor `manage.py db_worker`. "
        "Dagelijks via cron, bijvoorbeeld: "
        "`30 2 * * * cd /srv/schakel && .venv/bin/python manage.py bewaartermijn_toepassen`"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon per regio wat verwijderd zou worden (aantallen en casusnummers); "
            "verandert niets.",
        )
        parser.add_argument("--regio", default="", help="Alleen de regio met deze code.")
        parser.add_argument(
            "--direct",
            action="store_true",
            help="Nu in dit proces uitvoeren en het resultaat tonen, niet via de wachtrij.",
        )

    def handle(self, *args, **options) -> None:
        region_code = options["regio"].strip()
        if not options["dry_run"] and not options["direct"]:
            if region_code:
                self._check_region(region_code)
            result = apply_retention_periods.enqueue(region_code=region_code)
            self.stdout.write(
                _("Bewaartermijnen toepassen in de wachtrij gezet (taak %(id)s).")
                % {"id": result.id}
            )
            return
        try:
            reports = apply_retention_everywhere(
                started_via=RunTrigger.COMMAND,
                dry_run=options["dry_run"],
                region_code=region_code or None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for report in reports:
            self._write(report)

    def _check_region(self, code: str) -> None:
        if not Region.objects.filter(code=code).exists():
            raise CommandError(_("Er is geen regio met de code %(code)s.") % {"code": code})

    def _write(self, report: RegionReport) -> None:
        heading = _("Proefdraaien, er verandert niets") if report.dry_run else _("Verwijderd")
        self.stdout.write(
            f"{report.region.name} ({report.region.code}) — {heading}. "
            + _(
                "Termijnen: casusgegevens %(months)s maanden na afsluiten (afgesloten vóór "
                "%(before)s), toegangslog %(years)s jaar."
            )
            % {
                "months": report.case_months,
                "before": timezone.localtime(report.cases_closed_before).strftime("%d-%m-%Y"),
                "years": report.access_log_years,
            }
        )
        lines = report.lines()
        if not lines:
            self.stdout.write("  " + _("Niets te verwijderen."))
        for label, number in lines:
            self.stdout.write(f"  {label}: {number}")
        if report.case_references:
            self.stdout.write("  " + _("Casusnummers") + ": " + ", ".join(report.case_references))
        if report.run is not None:
            self.stdout.write(
                "  " + _("Vastgelegd als verwijderronde %(pk)s.") % {"pk": report.run.pk}
            )
