"""Informatie-overdracht andere regio's (PRODUCT.md section 2): a case moves with its person
to another region. The record stays with both regions; the case itself only with the
receiving one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    AANVAARD = "aanvaard", _("Aanvaard")
    GEWEIGERD = "geweigerd", _("Geweigerd")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class CaseTransfer(models.Model):
    """A proposal to hand a case to another region, and after the decision the record of
    what went, when and by whom. It names the case by its reference, so the sending region
    keeps the record without keeping the case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, related_name="transfers"
    )
    case_reference = models.CharField(_("casusnummer"), max_length=20)
    from_region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+"
    )
    to_municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nieuwe woongemeente"),
    )
    reason = models.TextField(_("reden van de overdracht"), max_length=2000)
    status = models.CharField(
        max_length=20, choices=TransferStatus.choices, default=TransferStatus.VOORGESTELD
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("toelichting op het besluit"), max_length=2000, blank=True)
    # What went with the case, as counts per kind (persons, meldingen, requests, ...): the
    # sending region's only trace of the content once the transfer is accepted.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            # One open proposal per case at a time.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="voorgesteld"),
                name="transfer_one_open_per_case",
            )
        ]
        indexes = [
            models.Index(fields=["to_region", "status"], name="transfer_to_status"),
            models.Index(fields=["from_region", "status"], name="transfer_from_status"),
        ]

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.from_region} → {self.to_region}"

    @property
    def is_open(self) -> bool:
        return self.status == TransferStatus.VOORGESTELD
