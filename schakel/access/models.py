import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    READ = "read", _("Inzien")
    SEARCH = "search", _("Zoeken")
    CREATE = "create", _("Aanmaken")
    CHANGE = "change", _("Wijzigen")
    EXPORT = "export", _("Afdrukken / exporteren")
    MERGE = "merge", _("Samenvoegen")
    TRANSFER = "transfer", _("Overdragen")
    BREAK_GLASS = "break_glass", _("Noodtoegang")


class AccessLogEntry(models.Model):
    """One read or change of personal data (NEN 7513 by analogy). Append-only.

    On PostgreSQL the table is partitioned by month of `at` (migration 0008; its
    partitions are kept by schakel.access.partitions), with the primary key (id, at)
    that partitioning needs; `id` alone still identifies a row.

    Its indexes are those its readers need, each ending in `at` so that a filter and the
    newest-first order (or a period) are served together: the privacy officer's log page
    and its filters (case, person, user, action, period), the inzage document and rights
    requests (person), the noodtoegang review (user and case), the unusual-access report
    (action and period) and retention (period). The case and person links keep their
    own index for retention removing a case or person (on_delete=SET_NULL); the
    organisation is found through the newest-first scan and needs none.
    """

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    on_behalf_of = models.CharField(_("namens"), max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as a plain id as well, so the entry still says which case after retention removal.
    case_ref = models.BigIntegerField(null=True, blank=True)
    person = models.ForeignKey(
        "persons.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_ref = models.BigIntegerField(null=True, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_ref = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(_("doel"), max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["at"], name="accesslog_at"),
            models.Index(fields=["case_ref", "at"], name="accesslog_case_at"),
            models.Index(fields=["person_ref", "at"], name="accesslog_person_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
            models.Index(fields=["action", "at"], name="accesslog_action_at"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Het toegangslog kan niet worden verwijderd.")


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("Terecht")
    ESCALATED = "escalated", _("Onterecht / geëscaleerd")


class EmergencyAccess(models.Model):
    """Noodtoegang (break the glass): a procesregisseur reads a case of the own region
    outside need-to-know, for a written reason, for a limited time.

    The policy honours it only for this user and this case, only while it has not expired
    or been ended; every one is reviewed by the region's privacy officer afterwards.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("gebruiker"),
    )
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    # The case may be removed at the end of its retention period; the review keeps its id.
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, related_name="+")
    case_ref = models.BigIntegerField()
    reason = models.TextField(_("reden"), max_length=1000)
    started_at = models.DateTimeField(_("gestart"))
    expires_at = models.DateTimeField(_("verloopt"))
    ended_at = models.DateTimeField(_("beëindigd"), null=True, blank=True)
    review_outcome = models.CharField(
        _("beoordeling"), max_length=20, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("toelichting"), max_length=1000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        indexes = [
            # The policy asks on every case query of a procesregisseur: "my active ones".
            models.Index(fields=["user", "expires_at"], name="emergency_user_expires"),
            models.Index(fields=["region", "reviewed_at"], name="emergency_region_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="emergency_access_expires_after_start",
            ),
            # A review is complete or absent: outcome, note, reviewer and moment together.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        review_outcome="",
                        reviewed_by__isnull=True,
                        reviewed_at__isnull=True,
                    )
                    | (
                        ~models.Q(review_outcome="")
                        & ~models.Q(review_note="")
                        & models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False)
                    )
                ),
                name="emergency_access_review_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Noodtoegang {self.user} — casus {self.case_ref}"

    def is_active_at(self, moment: datetime.datetime) -> bool:
        return self.ended_at is None and self.started_at <= moment < self.expires_at

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def ends_at(self) -> datetime.datetime:
        """When the access stopped (or will stop): ended early, or at its expiry."""
        if self.ended_at is not None and self.ended_at < self.expires_at:
            return self.ended_at
        return self.expires_at
