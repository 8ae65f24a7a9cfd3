from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    OVERLAST = "overlast", _("Overlast")
    GEWELD = "geweld", _("Geweld")
    VERMOGEN = "vermogen", _("Vermogensdelict")
    DRUGS = "drugs", _("Drugs")
    HUISELIJK_GEWELD = "huiselijk_geweld", _("Huiselijk geweld")
    OVERIG = "overig", _("Overig")


class PoliceIncident(models.Model):
    """One police registration on a person, imported for the rendementsanalyse
    (PRODUCT.md section 15): incidents before and after a case's start. Personal data that
    nobody reads one by one; reports count them."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("regio")
    )
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        related_name="police_incidents",
        verbose_name=_("betrokkene"),
    )
    occurred_on = models.DateField(_("datum incident"))
    kind = models.CharField(_("soort incident"), max_length=20, choices=IncidentKind.choices)
    # The police's own registration number: a re-run of the same file adds nothing.
    source_reference = models.CharField(_("registratienummer politie"), max_length=60)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("politie-incident")
        verbose_name_plural = _("politie-incidenten")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "source_reference"], name="incident_reference_unique_per_region"
            ),
            models.CheckConstraint(
                condition=~Q(source_reference=""), name="incident_reference_not_empty"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "occurred_on"], name="incident_person_date"),
            models.Index(fields=["region", "occurred_on"], name="incident_region_date"),
        ]
