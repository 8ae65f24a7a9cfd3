from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class DeEscalation(Versioned):
    """The afschaal checklist (PRODUCT.md section 11): all four parts before afschalen."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="deescalation")
    risks_checked = models.BooleanField(
        _("laatste check op risico's en maatregelen gedaan"), default=False
    )
    risks_note = models.TextField(_("toelichting risico's"), max_length=4000, blank=True)
    cooperation_checked = models.BooleanField(
        _("laatste check op de samenwerking tussen de partijen gedaan"), default=False
    )
    cooperation_note = models.TextField(_("toelichting samenwerking"), max_length=4000, blank=True)
    regie_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regie teruggelegd bij (organisatie)"),
    )
    regie_contact = models.CharField(
        _("regie teruggelegd bij (persoon)"), max_length=200, blank=True
    )
    consult_agreements = models.TextField(
        _("afspraken over wanneer opnieuw te consulteren"), max_length=4000, blank=True
    )
    reescalation_agreements = models.TextField(
        _("afspraken over opnieuw opschalen"), max_length=4000, blank=True
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("afschaalchecklist")


class Outcome(models.TextChoices):
    BEHAALD = "behaald", _("Behaald")
    DEELS = "deels_behaald", _("Deels behaald")
    NIET = "niet_behaald", _("Niet behaald")


class Closure(models.Model):
    """How a case ended: the outcome against the hoofddoel and why. One per closing."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closures")
    outcome = models.CharField(_("resultaat hoofddoel"), max_length=15, choices=Outcome.choices)
    reason = models.TextField(_("reden van afsluiten"), max_length=4000)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = _("afsluiting")


class CaseEvaluation(models.Model):
    """Evaluation of how the chain worked: leerpunten and verbetervoorstellen."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="evaluations")
    chain_worked_well = models.BooleanField(_("de keten werkte goed samen"), default=True)
    leerpunten = models.TextField(_("leerpunten"), max_length=4000, blank=True)
    verbetervoorstellen = models.TextField(_("verbetervoorstellen"), max_length=4000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
