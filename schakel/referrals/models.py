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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")


class LegalGround(models.TextChoices):
    WGS = "wgs", _("Wet gegevensverwerking door samenwerkingsverbanden (WGS)")
    CONVENANT = "convenant", _("Convenant informatiedeling van de regio")
    WJSG = "wjsg", _("Wet justitiële en strafvorderlijke gegevens")
    WPG = "wpg", _("Wet politiegegevens")
    AVG_6E = "avg_6e", _("AVG art. 6 lid 1 sub e (publieke taak)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEANTWOORD = "beantwoord", _("Beantwoord")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class InformationRequest(models.Model):
    """An uitvraag: a question to one convenant partner about one case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="information_requests"
    )
    persons = models.ManyToManyField(
        "persons.Person", related_name="+", verbose_name=_("betrokkenen")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("partnerorganisatie"),
    )
    question = models.TextField(_("vraag"), max_length=2000)
    purpose = models.TextField(_("doel"), max_length=1000)
    legal_ground = models.CharField(_("grondslag"), max_length=20, choices=LegalGround.choices)
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("antwoord"), max_length=10000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("informatieverzoek")
        verbose_name_plural = _("informatieverzoeken")
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"], name="inforeq_org_open"),
        ]


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
