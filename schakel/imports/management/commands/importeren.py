from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.imports.engine import run_job
from schakel.imports.models import ImportJob, ImportStatus
from schakel.imports.registry import importer_for, kind_choices
from schakel.imports.services import start_import
from schakel.organisations.models import Region

if TYPE_CHECKING:
    from schakel.imports.engine import Importer


def _role_names(roles: Sequence[str]) -> str:
    return " of ".join(str(Role(role).label).lower() for role in roles)


class Command(BaseCommand):
    help = (
        "Leest een CSV-bestand in, zoals de pagina Importeren dat doet, maar hier en nu in "
        "plaats van in de achtergrondtaak, met de voortgang op het scherm. Bijvoorbeeld: "
        "`manage.py importeren zsm meldingen.csv --regio 'Zuid-Holland Zuid' "
        "--gebruiker j.jansen`; de soorten zijn zsm, detentiemeldingen en incidenten. Het foutenrapport staat daarna ook in Schakel, bij Importeren."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("soort", help=_("Soort import, bijvoorbeeld zsm."))
        parser.add_argument("bestand", help=_("Het CSV-bestand."))
        parser.add_argument("--regio", required=True, help=_("Naam of code van de regio."))
        parser.add_argument(
            "--gebruiker",
            help=_(
                "Gebruikersnaam van wie inleest (procesregisseur of informatiemakelaar van "
                "de regio). Mag weg als de regio precies één zo iemand heeft."
            ),
        )

    def handle(self, *args: object, **options: str) -> None:
        kinds = dict(kind_choices())
        if options["soort"] not in kinds:
            raise CommandError(
                _("Onbekende soort import %(kind)s; kies uit: %(kinds)s.")
                % {"kind": options["soort"], "kinds": ", ".join(kinds)}
            )
        path = Path(options["bestand"])
        if not path.is_file():
            raise CommandError(_("Bestand niet gevonden: %(path)s") % {"path": path})
        region = Region.objects.filter(
            Q(name__iexact=options["regio"]) | Q(code__iexact=options["regio"])
        ).first()
        if region is None:
            raise CommandError(_("Onbekende regio: %(region)s") % {"region": options["regio"]})
        importer = importer_for(options["soort"])
        assert importer is not None
        actor = self._actor(region, importer, options.get("gebruiker"))

        try:
            with path.open("rb") as handle:
                job = start_import(
                    actor=actor, kind=options["soort"], upload=File(handle, name=path.name)
                )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(
            _("Import %(pk)d: %(name)s, namens %(user)s.")
            % {"pk": job.pk, "name": path.name, "user": actor.get_full_name() or actor.username}
        )
        job = run_job(job, progress=self._progress)
        self.stdout.write("")
        self._summary(job)

    def _actor(self, region: Region, importer: type[Importer[Any]], username: str | None) -> User:
        # The roles that may import this kind: of the import roles, those the kind admits.
        roles = [role for role in rules.IMPORT_ROLES if role in importer.roles]
        importers = User.objects.filter(
            is_active=True,
            organisation__region=region,
            role_assignments__role__in=roles,
        ).distinct()
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(_("Onbekende gebruiker: %(user)s") % {"user": username})
            if actor.region_id != region.pk or not importer.may_use(actor):
                raise CommandError(
                    _(
                        "%(user)s mag niet inlezen in deze regio: %(kind)s leest alleen een "
                        "%(roles)s van de regio in."
                    )
                    % {"user": username, "kind": importer.label, "roles": _role_names(roles)}
                )
            return actor
        candidates = list(importers[:2])
        if len(candidates) != 1:
            raise CommandError(
                _(
                    "Geef met --gebruiker aan wie inleest: de regio heeft %(count)s gebruikers "
                    "met de rol %(roles)s."
                )
                % {
                    "count": _("geen") if not candidates else _("meer"),
                    "roles": _role_names(roles),
                }
            )
        return candidates[0]

    def _progress(self, job: ImportJob) -> None:
        self.stdout.write(
            "\r"
            + _(
                "%(done)s/%(total)s regels: %(good)s ingelezen, %(bad)s met fouten, %(skipped)s overgeslagen"
            )
            % {
                "done": job.rows_done,
                "total": job.rows_total if job.rows_total is not None else "?",
                "good": job.rows_good,
                "bad": job.rows_bad,
                "skipped": job.rows_skipped,
            },
            ending="",
        )
        self.stdout.flush()

    def _summary(self, job: ImportJob) -> None:
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.failure_reason)
        self.stdout.write(
            _(
                "Klaar: %(good)d ingelezen, %(bad)d met fouten, %(skipped)d al eerder ingelezen. "
                "Het foutenrapport staat in Schakel bij Importeren (import %(pk)d)."
            )
            % {
                "good": job.rows_good,
                "bad": job.rows_bad,
                "skipped": job.rows_skipped,
                "pk": job.pk,
            }
        )
