from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    LAAG = "laag", _("Laag")
    MIDDEN = "midden", _("Midden")
    HOOG = "hoog", _("Hoog")


class TriageOutcome(models.TextChoices):
    AGENDEREN = "agenderen", _("Agenderen op een regietafel")
    ADVIES = "advies", _("Advies aan de melder")
    DOORVERWIJZEN = "doorverwijzen", _("Doorverwijzen")
    ZSM_ADVIES = "zsm_advies", _("ZSM-advies")
    NIET_IN_BEHANDELING = "niet_in_behandeling", _("Niet in behandeling")


class TriageDecision(models.Model):
    """The weegoverleg decision on a case, scored against the Landelijk Kader."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="triages")
    meets_multiple_domains = models.BooleanField(
        _("1. Problemen op meer dan één leefgebied"), default=False
    )
    needs_multiple_chains = models.BooleanField(
        _("2. Samenwerking over meer dan één keten nodig"), default=False
    )
    impacts_system = models.BooleanField(_("3. Impact op systeem of leefomgeving"), default=False)
    impacts_local_safety = models.BooleanField(
        _("4. Impact op lokale of gebiedsveiligheid"), default=False
    )
    o3mp_applied = models.BooleanField(_("O3MP-toets toegepast"), default=False)
    o3mp_ondoorgrondelijk = models.BooleanField(_("Ondoorgrondelijk"), default=False)
    o3mp_ongrijpbaar = models.BooleanField(_("Ongrijpbaar"), default=False)
    o3mp_ontwrichtend = models.BooleanField(_("Ontwrichtend"), default=False)
    complexity = models.CharField(_("complexiteit"), max_length=10, choices=Rating.choices)
    risk = models.CharField(_("risico"), max_length=10, choices=Rating.choices)
    unrest = models.CharField(_("maatschappelijke onrust"), max_length=10, choices=Rating.choices)
    outcome = models.CharField(_("besluit"), max_length=20, choices=TriageOutcome.choices)
    reason = models.TextField(_("motivering"), max_length=2000)
    table = models.ForeignKey(
        "tables.Table",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regietafel"),
    )
    purpose = models.TextField(_("doel van de bespreking"), max_length=2000, blank=True)
    questions = models.TextField(_("te beantwoorden vragen"), max_length=2000, blank=True)
    required_partners = models.ManyToManyField(
        "organisations.Organisation",
        related_name="+",
        blank=True,
        verbose_name=_("partners die aanwezig moeten zijn"),
    )
    referred_to = models.CharField(_("verwezen naar"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("triagebesluit")
        verbose_name_plural = _("triagebesluiten")

    @property
    def meets_landelijk_kader(self) -> bool:
        # Criteria 1, 2 and 3 together, or criterion 4 on its own.
        return (
            self.meets_multiple_domains and self.needs_multiple_chains and self.impacts_system
        ) or self.impacts_local_safety

    @property
    def meets_o3mp(self) -> bool:
        return self.o3mp_applied and (
            self.o3mp_ondoorgrondelijk and self.o3mp_ongrijpbaar and self.o3mp_ontwrichtend
        )
