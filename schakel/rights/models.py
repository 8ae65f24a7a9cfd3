"""Rights requests of data subjects under the AVG, with one contact point for all partners.

Under the WGS the partners of a Zorg- en Veiligheidshuis are joint controllers with one
contact point (PRODUCT.md section 14): a person asks the ZVH once, and the privacy officer
(FG) of the region registers the request, links it to the person records, and asks every
partner organisation that holds or supplied data on the person for its answer (a task).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.core.concurrency import Versioned
from schakel.persons.bsn import validate_bsn


class RequestKind(models.TextChoices):
    INZAGE = "inzage", _("Inzage (AVG art. 15)")
    RECTIFICATIE = "rectificatie", _("Rectificatie (AVG art. 16)")
    BEPERKING = "beperking", _("Beperking van de verwerking (AVG art. 18)")
    VERWIJDERING = "verwijdering", _("Verwijdering (AVG art. 17)")
    BEZWAAR = "bezwaar", _("Bezwaar (AVG art. 21)")


class IdentityCheck(models.TextChoices):
    BALIE = "balie", _("Identiteitsbewijs getoond aan de balie")
    DIGID = "digid", _("Via DigiD of een brief naar het adres in de BRP")
    GEMACHTIGDE = "gemachtigde", _("Door een gemachtigde, met machtiging en identiteitsbewijs")
    ANDERS = "anders", _("Anders (zie toelichting)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class Decision(models.TextChoices):
    INZAGE_VERSTREKT = "inzage_verstrekt", _("Inzage verstrekt")
    RECTIFICATIE_UITGEVOERD = "rectificatie_uitgevoerd", _("Rectificatie uitgevoerd")
    BEPERKING_TOEGEPAST = "beperking_toegepast", _("Verwerking beperkt")
    VERWIJDERING_UITGEVOERD = "verwijdering_uitgevoerd", _("Gegevens verwijderd")
    BEZWAAR_TOEGEWEZEN = "bezwaar_toegewezen", _("Bezwaar toegewezen")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijk toegewezen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken door de verzoeker")


class RightsRequest(Versioned):
    """One request of a data subject, registered once by the privacy officer of the region."""

    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort verzoek"), max_length=20, choices=RequestKind.choices)
    # The person's details as given by the requester; the Person records are linked below.
    first_names = models.CharField(_("voornamen"), max_length=200)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    address = models.CharField(_("adres"), max_length=300, blank=True)
    identity_check = models.CharField(
        _("identiteit vastgesteld"), max_length=20, choices=IdentityCheck.choices
    )
    identity_note = models.CharField(_("toelichting identiteit"), max_length=500, blank=True)
    received_on = models.DateField(_("datum ontvangst"))
    request_text = models.TextField(_("verzoek"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    # One month after receipt, or three after the single extension (rights.deadlines).
    deadline = models.DateField(_("uiterste datum"))
    extension_reason = models.TextField(_("reden van verlenging"), max_length=2000, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=30, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("motivering"), max_length=4000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rechtenverzoek")
        verbose_name_plural = _("rechtenverzoeken")
        indexes = [
            models.Index(fields=["region", "status", "deadline"], name="rights_region_open"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"AVG{self.registered_at:%Y}-{self.pk:05d}" if self.pk else ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_names, self.name_prefix, self.last_name) if p)

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()


class RightsRequestPerson(models.Model):
    """The privacy officer's finding that a Person record of the region is the requester."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="links")
    # Removed with the person at the end of the retention period: the request keeps the
    # details the requester gave, and its history says it was linked.
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="rights_person_once")
        ]


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    BEANTWOORD = "beantwoord", _("Beantwoord")


class HoldingKind(models.TextChoices):
    """What a partner organisation holds or supplied in one case (a task's holdings)."""

    MELDING = "melding", _("melding")
    ANTWOORD = "antwoord", _("antwoord op een informatieverzoek")
    INTERVENTIE = "interventie", _("interventie in het plan van aanpak")
    ACTIE = "actie", _("actie")
    DEELNAME = "deelname", _("deelname aan de casus")


class RightsTask(Versioned):
    """The question to one partner organisation: what do you hold, and what do you decide."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="tasks")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # [{"case_id": 12, "case_ref": "C2025-000012", "kinds": ["melding", "actie"]}, ...]:
    # only the cases in which this organisation itself took part, so a task never tells a
    # partner about the person's other cases.
    holdings = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    answer = models.TextField(_("antwoord of besluit"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("taak bij een rechtenverzoek")
        verbose_name_plural = _("taken bij rechtenverzoeken")
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="rights_task_once")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="rights_task_org_open")]

    def __str__(self) -> str:
        return f"{self.request.reference} — {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def holding_rows(self) -> list[tuple[str, str]]:
        """(case reference, the kinds of items in words) per case, for reading."""
        labels = dict(HoldingKind.choices)
        return [
            (row["case_ref"], ", ".join(str(labels.get(kind, kind)) for kind in row["kinds"]))
            for row in self.holdings
        ]


class EventKind(models.TextChoices):
    GEREGISTREERD = "geregistreerd", _("Verzoek geregistreerd")
    GEKOPPELD = "gekoppeld", _("Persoon gekoppeld")
    TAAK = "taak", _("Taak voor partner")
    TAAK_HEROPEND = "taak_heropend", _("Taak opnieuw open")
    BEANTWOORD = "beantwoord", _("Taak beantwoord")
    VERLENGD = "verlengd", _("Termijn verlengd")
    AFGEHANDELD = "afgehandeld", _("Verzoek afgehandeld")


class RightsEvent(models.Model):
    """One step in the trail of a request. Kept as it happened: never changed."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stap in een rechtenverzoek")
        verbose_name_plural = _("stappen in rechtenverzoeken")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("De geschiedenis van een verzoek kan niet worden gewijzigd.")
        super().save(*args, **kwargs)
