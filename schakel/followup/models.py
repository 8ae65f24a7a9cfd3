from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "gereed", _("Gereed")
    CANCELLED = "vervallen", _("Vervallen")


class Action(Versioned):
    """An agreed action from a meeting decision, with an owner and a due date."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.TextField(_("actie"), max_length=2000)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("eigenaar (organisatie)"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("eigenaar (persoon)"),
    )
    due_on = models.DateField(_("uiterlijk op"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    result = models.TextField(_("resultaat"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        indexes = [
            models.Index(
                fields=["owner_organisation", "status", "due_on"], name="action_owner_due"
            ),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date (the due date itself still counts as on time)."""
        return self.is_open and self.due_on < timezone.localdate()


class EscalationLevel(models.TextChoices):
    TACTISCH = "tactisch", _("Tactisch")
    STRATEGISCH = "strategisch", _("Strategisch / bestuurlijk")


class EscalationStatus(models.TextChoices):
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")


class Escalation(Versioned):
    """Opschaling of a case from the operational table to the tactical or strategic level."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(_("niveau"), max_length=12, choices=EscalationLevel.choices)
    question = models.TextField(_("vraag"), max_length=4000)
    addressee = models.CharField(_("aan wie"), max_length=200)
    raised_on = models.DateField(_("datum"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EscalationStatus.choices,
        default=EscalationStatus.LOPEND,
    )
    outcome = models.TextField(_("uitkomst"), max_length=4000, blank=True)
    resolved_on = models.DateField(_("afgerond op"), null=True, blank=True)
    # Addressed to someone in Schakel (a bestuurder or manager), who reads the question and
    # the briefing written for them — never the case — and answers here.
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addressed_escalations",
        verbose_name=_("voorleggen aan (in Schakel)"),
    )
    briefing = models.TextField(_("toelichting voor de geadresseerde"), max_length=2000, blank=True)
    answer = models.TextField(_("antwoord"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")


class ProgressMeasurement(models.Model):
    """One Stappenmeter reading at an evaluation: cooperation now, goals scored below."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("evaluatiedatum"))
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cooperation = models.PositiveSmallIntegerField(_("kwaliteit van de samenwerking (1–5)"))
    main_goal_score = models.PositiveSmallIntegerField(_("hoofddoel (1–5)"))
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("stappenmeting")
        verbose_name_plural = _("stappenmetingen")


class GoalScore(models.Model):
    measurement = models.ForeignKey(
        ProgressMeasurement, on_delete=models.CASCADE, related_name="scores"
    )
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score (1–5)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "goal"], name="goal_score_once"),
        ]
