"""Nazorg en re-integratie (PRODUCT.md section 12): the detentiemelding and its quickscan.

A detentiemelding is a melding to the ZVH like any other: it opens a case in intake (a
Referral of source detentiemelding), so uitvraag and triage work as for every case. What
is particular to a detainee lives here: the institution and dates, the
re-integratieofficier, and the quickscan of the basic conditions for a safe return.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Quickscan loopt")
    NAZORGTAFEL = "nazorgtafel", _("Op de nazorgtafel")
    GEEN_NAZORG = "geen_nazorg", _("Geen nazorgcasus nodig")


class DetentionNotice(Versioned):
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("regio")
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="detention_notice"
    )
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        related_name="detention_notices",
        verbose_name=_("gedetineerde"),
    )
    institution = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penitentiaire inrichting"),
    )
    detention_started_on = models.DateField(_("begin detentie"))
    expected_release_on = models.DateField(_("verwachte datum invrijheidstelling"))
    return_municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente van terugkeer"),
    )
    # The institution's own reference: the natural key of an imported row.
    source_reference = models.CharField(_("kenmerk inrichting"), max_length=60, blank=True)
    reintegration_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detainees",
        verbose_name=_("re-integratieofficier"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expected_release_on", "pk"]
        verbose_name = _("detentiemelding")
        verbose_name_plural = _("detentiemeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source_reference"],
                condition=~Q(source_reference=""),
                name="detention_reference_unique_per_region",
            ),
            models.CheckConstraint(
                condition=Q(expected_release_on__gte=models.F("detention_started_on")),
                name="detention_release_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "expected_release_on"], name="detention_region_release"),
            models.Index(
                fields=["reintegration_officer", "expected_release_on"],
                name="detention_rio_release",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Detentiemelding %(pk)s") % {"pk": self.pk})


class ConditionStatus(models.TextChoices):
    OP_ORDE = "op_orde", _("Op orde")
    NIET_OP_ORDE = "niet_op_orde", _("Niet op orde")
    ONBEKEND = "onbekend", _("Onbekend")


class Condition(models.TextChoices):
    """The basic conditions for a safe return (seed 002), in the quickscan's order."""

    HULPVRAGEN = "hulpvragen", _("Hulpvragen")
    IDENTITEITSBEWIJS = "identiteitsbewijs", _("Identiteitsbewijs")
    HUISVESTING = "huisvesting", _("Huisvesting")
    WERK = "werk", _("Werk / dagbesteding")
    SCHULDEN = "schulden", _("Schulden")
    INKOMEN = "inkomen", _("Inkomen / uitkering")
    ZORG = "zorg", _("Zorg / verslaving / psychische problemen")
    LVB = "lvb", _("Vermoeden van LVB / zelfredzaamheid")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk")


CONDITION_ORDER = {code: position for position, code in enumerate(Condition.values)}


class YesNoUnknown(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend")


class Quickscan(Versioned):
    """The quickscan of one detainee: created with the notice, every condition unknown,
    then filled in by the ZVH and the re-integratieofficier (version-checked)."""

    notice = models.OneToOneField(
        DetentionNotice, on_delete=models.CASCADE, related_name="quickscan"
    )
    already_known = models.CharField(
        _("is de gedetineerde al bekend?"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.ONBEKEND,
    )
    concerns = models.TextField(_("zorgen"), max_length=2000, blank=True)
    to_be_discussed = models.BooleanField(_("bespreken aan de nazorgtafel"), default=False)

    class Meta:
        verbose_name = _("quickscan")
        verbose_name_plural = _("quickscans")


class QuickscanCondition(models.Model):
    quickscan = models.ForeignKey(Quickscan, on_delete=models.CASCADE, related_name="conditions")
    condition = models.CharField(_("basisvoorwaarde"), max_length=20, choices=Condition.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConditionStatus.choices,
        default=ConditionStatus.ONBEKEND,
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("basisvoorwaarde")
        verbose_name_plural = _("basisvoorwaarden")
        constraints = [
            models.UniqueConstraint(
                fields=["quickscan", "condition"], name="quickscan_condition_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "quickscan"], name="quickscan_condition_status")]


class NoticeEvent(models.Model):
    """The history of a notice: who did what when, and for a new release date the old and
    new date and why (everything that hangs on the date moves with it)."""

    notice = models.ForeignKey(DetentionNotice, on_delete=models.CASCADE, related_name="events")
    description = models.CharField(_("gebeurtenis"), max_length=300)
    old_release_on = models.DateField(_("oude datum invrijheidstelling"), null=True, blank=True)
    new_release_on = models.DateField(_("nieuwe datum invrijheidstelling"), null=True, blank=True)
    reason = models.TextField(_("reden"), max_length=1000, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("gebeurtenis detentiemelding")
        verbose_name_plural = _("gebeurtenissen detentiemelding")
