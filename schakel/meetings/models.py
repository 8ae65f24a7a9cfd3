from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned
from schakel.core.confidentiality import Confidential


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    HELD = "gehouden", _("Gehouden")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Meeting(Versioned):
    """A casusoverleg: one sitting of a regietafel."""

    table = models.ForeignKey("tables.Table", on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # True for a sitting made from the table's schedule; generation never duplicates it.
    from_schedule = models.BooleanField(default=False)
    # The schedule slot (date) a generated sitting was made for. It stays when the sitting is
    # moved or cancelled by hand, so generation never fills that slot a second time.
    scheduled_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        indexes = [models.Index(fields=["table", "starts_at"], name="meeting_table_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "scheduled_for"],
                condition=models.Q(scheduled_for__isnull=False),
                name="meeting_schedule_slot_once",
            )
        ]

    def __str__(self) -> str:
        # Stored in UTC; every moment Schakel shows is Amsterdam time (this text ends up in
        # status-history reasons, access-log details and plan version pages).
        return f"{self.table} {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"


class AgendaSource(models.TextChoices):
    TRIAGE = "triage", _("Geagendeerd door triage")
    EVALUATION = "evaluatie", _("Evaluatie van het plan van aanpak")
    MANUAL = "handmatig", _("Toegevoegd door de procesregisseur")


class AgendaItem(Confidential, Versioned):
    """One case on a meeting's agenda, with its purpose and the organisations for it only.
    Its BOB minutes can be marked vertrouwelijk (Confidential); purpose and questions not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    source = models.CharField(_("herkomst"), max_length=12, choices=AgendaSource.choices)
    triage = models.ForeignKey(
        "triage.TriageDecision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.TextField(_("doel van de bespreking"), max_length=2000)
    questions = models.TextField(_("te beantwoorden vragen"), max_length=2000, blank=True)
    invited_organisations = models.ManyToManyField(
        "organisations.Organisation",
        related_name="agenda_invitations",
        blank=True,
        verbose_name=_("uitgenodigde organisaties"),
    )
    # BOB minutes
    beeldvorming = models.TextField(_("beeldvorming"), max_length=10000, blank=True)
    oordeelvorming = models.TextField(_("oordeelvorming"), max_length=10000, blank=True)
    besluitvorming = models.TextField(_("besluitvorming"), max_length=10000, blank=True)
    minuted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minuted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_item_case_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.case_id}"

    @property
    def is_minuted(self) -> bool:
        return self.minuted_at is not None


class AttendanceMode(models.TextChoices):
    PRESENT = "aanwezig", _("Aanwezig")
    REMOTE = "op_afstand", _("Op afstand (beeldbellen / telefoon)")
    ABSENT = "afwezig", _("Afwezig")


class Attendance(models.Model):
    """Who took part in a meeting, for which organisation, and how (remote counts)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A name for someone without an account (e.g. a detainee joining by video).
    name = models.CharField(_("naam"), max_length=200, blank=True)
    mode = models.CharField(_("deelname"), max_length=12, choices=AttendanceMode.choices)
    # Set when the attendee joined for one agenda item only.
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
