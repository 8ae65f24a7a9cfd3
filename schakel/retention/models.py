"""Bewaartermijnen (PRODUCT.md section 14): how long a region keeps personal data, what
the removal job removed, and the anonymous figures that outlive the removed cases."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned

# The defaults when a region's convenant sets nothing else. The access-log triggers
# (access migration 0005) hold the same default and minimum for the log period: the
# database itself refuses to delete a log row younger than the period.
DEFAULT_CASE_MONTHS = 24
DEFAULT_ACCESS_LOG_YEARS = 5
MIN_CASE_MONTHS = 1
MAX_CASE_MONTHS = 240
MIN_ACCESS_LOG_YEARS = 1
MAX_ACCESS_LOG_YEARS = 30


class RetentionPolicy(Versioned):
    """The periods of one region's convenant. Without a row the defaults apply."""

    region = models.OneToOneField(
        "organisations.Region", on_delete=models.PROTECT, related_name="retention_policy"
    )
    case_months = models.PositiveSmallIntegerField(
        _("bewaartermijn casusgegevens (maanden na afsluiten)"),
        default=DEFAULT_CASE_MONTHS,
        validators=[MinValueValidator(MIN_CASE_MONTHS), MaxValueValidator(MAX_CASE_MONTHS)],
        help_text=_(
            "Zoveel maanden nadat een casus is afgesloten, worden de persoonsgegevens ervan "
            "verwijderd. Zoals vastgelegd in het convenant informatiedeling."
        ),
    )
    access_log_years = models.PositiveSmallIntegerField(
        _("bewaartermijn toegangslog (jaren)"),
        default=DEFAULT_ACCESS_LOG_YEARS,
        validators=[
            MinValueValidator(MIN_ACCESS_LOG_YEARS),
            MaxValueValidator(MAX_ACCESS_LOG_YEARS),
        ],
        help_text=_("Zoveel jaren blijft een regel in het toegangslog bewaard."),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self) -> str:
        return f"{self.region}: {self.case_months} mnd / {self.access_log_years} jr"


class RunTrigger(models.TextChoices):
    TASK = "taak", _("Geplande taak")
    COMMAND = "opdracht", _("Beheeropdracht")


class RetentionRun(models.Model):
    """One application of the retention periods to one region: what it removed.

    It holds counts and case references only, never what the removed data said.
    """

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="retention_runs"
    )
    started_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    started_via = models.CharField(_("gestart via"), max_length=10, choices=RunTrigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    case_months = models.PositiveSmallIntegerField(_("bewaartermijn casusgegevens (maanden)"))
    access_log_years = models.PositiveSmallIntegerField(_("bewaartermijn toegangslog (jaren)"))
    # Cases closed before this moment were due.
    cases_closed_before = models.DateTimeField()
    # Per kind of data (see schakel.retention.services.KIND_LABELS): how many rows went.
    counts = models.JSONField(default=dict)
    # The references (C2023-000012) of the removed cases: the fact that a case existed and
    # was removed stays answerable, as in the access log's case_ref.
    case_references = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("verwijderronde")
        verbose_name_plural = _("verwijderrondes")
        indexes = [models.Index(fields=["region", "-started_at"], name="retention_run_region")]


class AgeGroup(models.TextChoices):
    UNDER_12 = "0-11", _("jonger dan 12")
    FROM_12 = "12-17", _("12 tot 18")
    # 18 up to and including 23: the age group of the rendementsanalyse (seed 001).
    FROM_18 = "18-23", _("18 tot en met 23")
    FROM_24 = "24-29", _("24 tot 30")
    FROM_30 = "30-49", _("30 tot 50")
    FROM_50 = "50+", _("50 en ouder")
    UNKNOWN = "onbekend", _("onbekend")


class RetainedCaseStatistic(models.Model):
    """What a removed case still counts for in the reports: no person, no reference.

    One row per removed case, made just before its removal, so production figures and lead
    times of past years stay the same (schakel.retention.selectors.cases_per_year).
    """

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    table = models.ForeignKey(
        "tables.Table", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_kind = models.CharField(max_length=10)
    final_state = models.CharField(max_length=20)
    # The year the case came in (Case.created_at in Amsterdam time), as live cases count it.
    year = models.PositiveSmallIntegerField()
    referral_source = models.CharField(max_length=20, blank=True)
    triage_outcome = models.CharField(max_length=20, blank=True)
    received_on = models.DateField(null=True, blank=True)
    triaged_on = models.DateField(null=True, blank=True)
    plan_agreed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField()
    # The result against the hoofddoel (closure.Outcome), empty when the case never had one.
    main_goal_outcome = models.CharField(max_length=15, blank=True)
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    gender = models.CharField(max_length=10, blank=True)
    removed_in = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statistiek van een verwijderde casus")
        verbose_name_plural = _("statistieken van verwijderde casussen")
        indexes = [models.Index(fields=["region", "year"], name="retained_region_year")]
