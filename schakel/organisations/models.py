from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class Region(models.Model):
    """A Zorg- en Veiligheidshuis and the area it serves."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    code = models.SlugField(_("code"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio (ZVH)")
        verbose_name_plural = _("regio's (ZVH)")

    def __str__(self) -> str:
        return self.name


class Municipality(Versioned):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        help_text=_("De gemeentecode van het CBS, bijvoorbeeld GM0505."),
    )
    name = models.CharField(_("naam"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("regio")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Domain(models.TextChoices):
    STRAF = "straf", _("Strafdomein")
    ZORG = "zorg", _("Zorgdomein")
    GEMEENTE = "gemeente", _("Gemeente / bestuur")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    OVERIG = "overig", _("Overig")


class Organisation(Versioned):
    """A partner organisation (ketenpartner), or the ZVH itself."""

    name = models.CharField(_("naam"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("regio")
    )
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices)
    kind = models.CharField(
        _("soort organisatie"),
        max_length=100,
        help_text=_("Bijvoorbeeld politie, reclassering, GGZ, wijkteam, woningcorporatie."),
    )
    convenant_signed_on = models.DateField(
        _("convenant ondertekend op"),
        null=True,
        blank=True,
        help_text=_("Leeg als de organisatie het convenant informatiedeling niet heeft getekend."),
    )
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="organisation_unique_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_signed_convenant(self) -> bool:
        return self.convenant_signed_on is not None
