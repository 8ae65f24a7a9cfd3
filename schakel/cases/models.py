from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.cases.lifecycle import INTAKE_STATES, OPEN_STATES, CaseState


class LifeDomain(models.Model):
    """A leefgebied (wonen, financiën, ...), a reference list kept by the beheerder."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")

    def __str__(self) -> str:
        return self.name


class CaseKind(models.TextChoices):
    PERSOON = "persoon", _("Persoonsgericht")
    SYSTEEM = "systeem", _("Systeemgericht")
    GEBIED = "gebied", _("Gebieds- of groepsgericht")


class Case(models.Model):
    """A casus. Visibility is decided only by schakel.access.policy."""

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    kind = models.CharField(
        _("soort casus"), max_length=10, choices=CaseKind.choices, default=CaseKind.PERSOON
    )
    title = models.CharField(
        _("korte omschrijving"),
        max_length=120,
        help_text=_("Zonder namen of BSN; verschijnt in lijsten en op de agenda."),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=CaseState.choices, default=CaseState.AANGEMELD
    )
    table = models.ForeignKey(
        "tables.Table",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("regietafel"),
    )
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procesregisseur"),
    )
    # Set when the case leaves intake as samengevoegd: the case its melding went into.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("samengevoegd met"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            models.Index(fields=["region", "state", "table"], name="case_region_state_table"),
            models.Index(fields=["table", "state"], name="case_table_state"),
            # Every list of cases is one region's (the policy puts the region first), so
            # each list's order is indexed behind the region: thirty regions in one
            # installation cost a region's page what one region costs.
            models.Index(fields=["region", "-created_at", "-id"], name="case_region_created"),
            # The worklist's recently changed cases, read in this order and cut at a page.
            models.Index(fields=["region", "-state_changed_at"], name="case_region_changed"),
            # The meldingen waiting in intake and triage, oldest first: a small part of a
            # region's cases, read in order without passing the rest.
            models.Index(
                fields=["region", "created_at"],
                condition=models.Q(state__in=sorted(INTAKE_STATES)),
                name="case_region_intake",
            ),
            # A table's running cases: what the procesregisseur keeps going. Its closed
            # cases pile up over the years; this index stays the size of its current work.
            models.Index(
                fields=["table"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="case_running_table",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"C{self.created_at:%Y}-{self.pk:06d}" if self.pk else ""


class CaseTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=CaseState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reden"), max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class PersonRole(models.TextChoices):
    HOOFDPERSOON = "hoofdpersoon", _("Hoofdpersoon")
    PARTNER = "partner", _("Systeemlid: partner")
    OUDER = "ouder", _("Systeemlid: ouder")
    KIND = "kind", _("Systeemlid: kind")
    BROER_ZUS = "broer_zus", _("Systeemlid: broer of zus")
    SLACHTOFFER = "slachtoffer", _("Slachtoffer")
    PLEGER = "pleger", _("Pleger")
    GETUIGE = "getuige", _("Getuige")
    GROEPSLID = "groepslid", _("Groepslid")


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_persons")
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="case_links"
    )
    role = models.CharField(_("rol"), max_length=20, choices=PersonRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="case_person_role_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "case"], name="caseperson_person_case")]


class ParticipationReason(models.TextChoices):
    MELDER = "melder", _("Melder")
    UITVRAAG = "uitvraag", _("Gevraagd om informatie")
    # No longer given: a standing member of a table is a default invitee of each agenda
    # item, not a reader of every case of the table. Kept for the history of older cases.
    VASTE_DEELNEMER = "vaste_deelnemer", _("Vaste deelnemer van de regietafel")
    UITGENODIGD = "uitgenodigd", _("Uitgenodigd voor de casus")
    INTERVENTIE = "interventie", _("Houder van een interventie")
    ACTIE = "actie", _("Eigenaar van een actie")
    REGIE = "regie", _("Houdt de regie op de casus")


class CaseParticipant(models.Model):
    """An organisation's involvement in a case, and why: the basis of need-to-know.

    Which reasons open the case, and how, is decided in schakel.access.policy. An
    involvement that ends keeps its row (with `ended_at`) as history; the access it gave
    ends with it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="participations"
    )
    reason = models.CharField(max_length=20, choices=ParticipationReason.choices)
    since = models.DateTimeField(auto_now_add=True)
    # Need-to-know in time: an organisation invited for one meeting sees the case only from
    # shortly before that meeting. Empty means: from the moment it takes part.
    visible_from = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "reason"], name="case_participant_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "case"], name="participant_org_case"),
            # The visibility filter asks "is this organisation involved in this case now?"
            # for each case it reads: answered from this index alone (index-only scan).
            models.Index(
                fields=["organisation", "case", "reason", "visible_from"],
                condition=models.Q(ended_at__isnull=True),
                name="participant_reading",
            ),
        ]
