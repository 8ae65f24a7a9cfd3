from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralSource(models.TextChoices):
    ZSM = "zsm", _("ZSM")
    VELDAANMELDING = "veldaanmelding", _("Veldaanmelding")
    DETENTIEMELDING = "detentiemelding", _("Detentiemelding")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    HERMELDING = "hermelding", _("Her-melding")


class Urgency(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")
    ACUUT = "acuut", _("Acuut")


class Referral(models.Model):
    """A melding: how a case, or a new episode of a known case, comes in."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(_("bron"), max_length=20, choices=ReferralSource.choices)
    reporting_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("meldende organisatie"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reporter_contact = models.CharField(_("contactgegevens melder"), max_length=200, blank=True)
    received_on = models.DateField(_("datum melding"))
    description = models.TextField(_("omschrijving"), max_length=5000)
    life_domains = models.ManyToManyField(
        "cases.LifeDomain", related_name="+", blank=True, verbose_name=_("leefgebieden")
    )
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAAL
    )
    question = models.TextField(_("vraag van de melder"), max_length=2000)
    # The case this melding first opened, when it was later merged into `case`: the melder
    # keeps reading its own melding on its own (samengevoegde) case.
    merged_from = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_referrals",
        verbose_name=_("oorspronkelijke casus"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")


class KeptApart(models.Model):
    """The procesregisseur's decision that a new case is not a her-melding of a closed case
    in which one of its persons may appear: the candidate is not offered again."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    closed_case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "closed_case"], name="kept_apart_unique")
        ]
        verbose_name = _("geen her-melding")
        verbose_name_plural = _("geen her-meldingen")
