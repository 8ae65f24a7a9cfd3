"""Writes on regietafels: schedule, place, information window and fixed participants."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.access.policy import may_edit_table
from schakel.core.concurrency import claim_version
from schakel.core.fields import max_length
from schakel.tables.models import DayPart, Frequency, Table, Weekday

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.organisations.models import Organisation

# Two weeks: a longer window shares case information long before anyone needs it.
MAX_INFORMATION_WINDOW_HOURS = 336
LOCATION_MAX_LENGTH = max_length(Table, "location")
TABLE = gettext_lazy("deze regietafel")


@transaction.atomic
def update_table(
    *,
    table: Table,
    actor: User,
    frequency: str,
    weekday: int,
    day_part: str,
    schedule_anchor: datetime.date | None,
    location: str,
    information_window_hours: int,
    fixed_participants: Iterable[Organisation],
    expected_version: int | None = None,
) -> Table:
    """Change how and where a table meets, and who sits at it by default.

    Already generated sittings keep their date; new ones follow the new schedule.
    """
    if not may_edit_table(actor, table):
        raise PermissionDenied(_("U mag deze regietafel niet wijzigen."))
    fixed = list(fixed_participants)
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if frequency not in Frequency.values:
        refuse("frequency", _("Kies hoe vaak de tafel bijeenkomt."))
    if weekday not in Weekday.values:
        refuse("weekday", _("Kies een werkdag."))
    if day_part not in DayPart.values:
        refuse("day_part", _("Kies een dagdeel."))
    if frequency == Frequency.BIWEEKLY and schedule_anchor is None:
        refuse(
            "schedule_anchor",
            _("Geef voor een tafel die om de week bijeenkomt de datum van één overleg."),
        )
    if schedule_anchor is not None and schedule_anchor.weekday() != weekday:
        refuse("schedule_anchor", _("Deze datum valt niet op de gekozen dag."))
    if len(location) > LOCATION_MAX_LENGTH:
        refuse("location", _("Gebruik ten hoogste %(max)d tekens.") % {"max": LOCATION_MAX_LENGTH})
    if not 0 <= information_window_hours <= MAX_INFORMATION_WINDOW_HOURS:
        refuse(
            "information_window_hours",
            _("Kies een aantal uren van 0 tot en met %(max)d.")
            % {"max": MAX_INFORMATION_WINDOW_HOURS},
        )
    for organisation in fixed:
        if organisation.region_id != table.region_id:
            refuse(
                "fixed_participants",
                _("%(organisation)s hoort niet bij de regio van deze regietafel.")
                % {"organisation": organisation},
            )
    if errors:
        raise ValidationError(errors)
    claim_version(table, expected=expected_version, actor=actor, what=TABLE)
    table.frequency = frequency
    table.weekday = weekday
    table.day_part = day_part
    table.schedule_anchor = schedule_anchor
    table.location = location.strip()
    table.information_window_hours = information_window_hours
    table.save(
        update_fields=[
            "frequency",
            "weekday",
            "day_part",
            "schedule_anchor",
            "location",
            "information_window_hours",
        ]
    )
    table.fixed_participants.set(fixed)
    # Who sits at the table by default and when they start reading shape need-to-know:
    # the change is on record like every other write.
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        obj=table,
        detail=_(
            "Regietafel gewijzigd; informatiemoment %(hours)d uur vooraf; vaste deelnemers: "
            "%(fixed)s"
        )
        % {
            "hours": information_window_hours,
            "fixed": ", ".join(sorted(str(o) for o in fixed)) or "—",
        },
    )
    return table
