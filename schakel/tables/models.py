import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class Frequency(models.TextChoices):
    WEEKLY = "wekelijks", _("Wekelijks")
    BIWEEKLY = "tweewekelijks", _("Om de week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")


class DayPart(models.TextChoices):
    MORNING = "ochtend", _("ochtend")
    AFTERNOON = "middag", _("middag")


# Start and end of a sitting per part of the day; a meeting can be moved by hand.
DAY_PART_HOURS = {DayPart.MORNING: (9, 12), DayPart.AFTERNOON: (13, 16)}


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Table(Versioned):
    """A regietafel: a standing case conference of a region, with a recurring schedule."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="tables"
    )
    name = models.CharField(_("naam"), max_length=120)
    target_group = models.CharField(_("doelgroep"), max_length=200, blank=True)
    fixed_participants = models.ManyToManyField(
        "organisations.Organisation",
        related_name="fixed_tables",
        blank=True,
        verbose_name=_("vaste deelnemers"),
    )
    procesregisseurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="directed_tables",
        blank=True,
        verbose_name=_("procesregisseurs"),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    frequency = models.CharField(
        _("frequentie"), max_length=15, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("dag"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    day_part = models.CharField(
        _("dagdeel"), max_length=10, choices=DayPart.choices, default=DayPart.MORNING
    )
    # For a two-weekly table: a date of one sitting, so the rhythm is fixed.
    schedule_anchor = models.DateField(_("eerste overleg"), null=True, blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    # Need-to-know in time: invited partners see an item's case information only from
    # this many hours before the meeting starts.
    information_window_hours = models.PositiveSmallIntegerField(
        _("informatie zichtbaar vanaf (uren voor het overleg)"), default=48
    )
    # The iCalendar feed is read by calendar programs that cannot sign in; the unguessable
    # token is the key, and the feed holds no personal data.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regietafel")
        verbose_name_plural = _("regietafels")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="table_unique_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def schedule_label(self) -> str:
        return f"{self.get_frequency_display()}, {self.get_weekday_display()}{self.get_day_part_display()}"
