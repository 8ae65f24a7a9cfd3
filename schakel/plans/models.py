from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core.confidentiality import Confidential


class Plan(models.Model):
    """The plan van aanpak of a case: the working draft that the table agrees on.

    `revision` goes up by one on every change; a write names the revision it was based
    on, so two people editing at once never silently overwrite each other.
    """

    # The plan names its version columns its own way; schakel.core.concurrency uses these.
    concurrency_fields = ("revision", "updated_by", "updated_at")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    revision = models.PositiveIntegerField(default=0)
    main_goal = models.TextField(_("hoofddoel"), max_length=2000, blank=True)
    main_goal_domains = models.ManyToManyField(
        "cases.LifeDomain", related_name="+", blank=True, verbose_name=_("leefgebieden hoofddoel")
    )
    casusregisseur_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("casusregisseur (organisatie)"),
    )
    casusregisseur_name = models.CharField(
        _("casusregisseur (persoon)"), max_length=200, blank=True
    )
    non_compliance = models.TextField(
        _("handelingsperspectief bij niet-naleving"), max_length=4000, blank=True
    )
    monitoring = models.TextField(_("monitoringsafspraken"), max_length=4000, blank=True)
    reporting_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporteert over de voortgang"),
    )
    reporting_frequency = models.CharField(_("rapportagefrequentie"), max_length=100, blank=True)
    next_evaluation_on = models.DateField(_("volgende evaluatie"), null=True, blank=True)
    escalation_agreements = models.TextField(
        _("afspraken over op- en afschalen"), max_length=4000, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        indexes = [models.Index(fields=["next_evaluation_on"], name="plan_next_evaluation")]

    def __str__(self) -> str:
        return f"Plan van aanpak {self.case_id}"


class DomainStatus(models.TextChoices):
    ZORG = "zorg", _("Zorg")
    STABIEL = "stabiel", _("Stabiel")
    OP_ORDE = "op_orde", _("Op orde")
    ONBEKEND = "onbekend", _("Onbekend")


class DomainAnalysis(Confidential, models.Model):
    """The analysis of one leefgebied in a plan, with its status. The analysis text can be
    marked vertrouwelijk (Confidential); the status stays visible to the table."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="analyses")
    life_domain = models.ForeignKey("cases.LifeDomain", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=DomainStatus.choices, default=DomainStatus.ONBEKEND
    )
    analysis = models.TextField(_("analyse"), max_length=4000, blank=True)

    class Meta:
        ordering = ["life_domain__position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "life_domain"], name="analysis_domain_once")
        ]


class Goal(models.Model):
    """A measurable subdoel of the plan, tied to leefgebieden."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("subdoel"), max_length=2000)
    measure = models.CharField(_("meetbaar als"), max_length=500, blank=True)
    life_domains = models.ManyToManyField(
        "cases.LifeDomain", related_name="+", blank=True, verbose_name=_("leefgebieden")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("subdoel")
        verbose_name_plural = _("subdoelen")

    def __str__(self) -> str:
        return self.description[:80]


class InterventionLine(models.TextChoices):
    STRAF = "straf", _("Straf")
    ZORG = "zorg", _("Zorg")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    ONDERWIJS = "onderwijs", _("Onderwijs")


class Kader(models.TextChoices):
    VRIJWILLIG = "vrijwillig", _("Vrijwillig")
    DRANG = "drang", _("Drang")
    DWANG = "dwang", _("Dwang")


class InterventionStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    GESTOPT = "gestopt", _("Gestopt")


class Intervention(models.Model):
    """An intervention of the plan, held by one organisation (which thereby takes part)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="interventions")
    line = models.CharField(_("lijn"), max_length=12, choices=InterventionLine.choices)
    kader = models.CharField(_("kader"), max_length=12, choices=Kader.choices)
    description = models.TextField(_("interventie"), max_length=2000)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    responsible_name = models.CharField(_("verantwoordelijke persoon"), max_length=200, blank=True)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("draagt bij aan subdoel"),
    )
    starts_on = models.DateField(_("startdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterventionStatus.choices,
        default=InterventionStatus.GEPLAND,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        indexes = [models.Index(fields=["organisation", "plan"], name="intervention_org_plan")]

    def __str__(self) -> str:
        return f"{self.get_line_display()}: {self.description[:60]}"


class InterventionUpdate(Confidential, models.Model):
    """A partner's progress report on its own intervention; its text can be marked
    vertrouwelijk (Confidential), its status (which the plan shows) not."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=InterventionStatus.choices)
    text = models.TextField(_("voortgang"), max_length=4000)

    class Meta:
        ordering = ["-at"]


class PlanVersion(models.Model):
    """An agreed version of the plan, frozen as it was agreed. Never changed afterwards."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    agreed_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld in overleg"),
    )
    based_on_revision = models.PositiveIntegerField()
    # Everything of the plan at the moment of agreement, as plain data for comparing and PDF.
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self) -> str:
        return f"Versie {self.number}"

    def save(self, *args, **kwargs):
        # What the table agreed stays as it was agreed.
        if self.pk is not None:
            raise ValueError("Een vastgestelde versie van het plan kan niet worden gewijzigd.")
        super().save(*args, **kwargs)
