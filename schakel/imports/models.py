"""Bulk imports from CSV: the job, its row-level report, and what it already imported."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.FAILED)


class ImportJob(models.Model):
    """One uploaded file of one kind (ZSM meldingen, ...), read in the background."""

    kind = models.CharField(_("soort"), max_length=40)
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("regio")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingelezen door"),
    )
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    # The file in the import storage while the job waits or runs; emptied when it ends.
    stored_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("grootte in bytes"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # Why a whole file was refused (no header, a missing column, not UTF-8, ...).
    failure_reason = models.TextField(_("reden"), blank=True)
    rows_total = models.PositiveIntegerField(_("regels in het bestand"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("regels verwerkt"), default=0)
    rows_good = models.PositiveIntegerField(_("regels ingelezen"), default=0)
    rows_bad = models.PositiveIntegerField(_("regels met fouten"), default=0)
    rows_skipped = models.PositiveIntegerField(_("regels al eerder ingelezen"), default=0)
    created_at = models.DateTimeField(_("aangeboden op"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["region", "created_at"], name="importjob_region_created")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent_done(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)


class RowOutcome(models.TextChoices):
    ERROR = "error", _("Fout")
    SKIPPED = "skipped", _("Overgeslagen")


class ImportRowError(models.Model):
    """One problem with one row (and, where known, one column) of an import file.

    A skipped row (already imported before) is reported too, as SKIPPED: not an error,
    but the reader of the report must see why the row made nothing new.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField(_("regel"))
    field = models.CharField(_("kolom"), max_length=60, blank=True)
    message = models.CharField(_("melding"), max_length=300)
    # What the file held, cut short: enough to find and fix the value, no more.
    value = models.CharField(_("waarde"), max_length=100, blank=True)
    outcome = models.CharField(max_length=10, choices=RowOutcome.choices, default=RowOutcome.ERROR)

    class Meta:
        ordering = ["line", "pk"]
        verbose_name = _("importfout")
        verbose_name_plural = _("importfouten")
        indexes = [models.Index(fields=["job", "line"], name="importrowerror_job_line")]


class ImportedRecord(models.Model):
    """The natural key of every row ever imported (per kind and region): the source
    system's own reference. The unique constraint is what makes a re-run of the same file
    create nothing twice, also when two jobs of one file run at once."""

    kind = models.CharField(max_length=40)
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    natural_key = models.CharField(max_length=100)
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, related_name="+")
    line = models.PositiveIntegerField()
    # What the row became (a melding's id, say), for tracing; no personal data.
    object_type = models.CharField(max_length=60)
    object_ref = models.CharField(max_length=60)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "natural_key"], name="imported_record_unique_key"
            )
        ]
