from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Table(models.Model):
    """A regietafel: a standing case conference of a region."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="tables"
    )
    name = models.CharField(_("naam"), max_length=120)
    target_group = models.CharField(_("doelgroep"), max_length=200, blank=True)
    fixed_participants = models.ManyToManyField(
        "organisations.Organisation",
        related_name="fixed_tables",
        blank=True,
        verbose_name=_("vaste deelnemers"),
    )
    procesregisseurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="directed_tables",
        blank=True,
        verbose_name=_("procesregisseurs"),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regietafel")
        verbose_name_plural = _("regietafels")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="table_unique_per_region")
        ]

    def __str__(self) -> str:
        return self.name
