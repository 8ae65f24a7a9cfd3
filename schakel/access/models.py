from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    READ = "read", _("Inzien")
    SEARCH = "search", _("Zoeken")
    CREATE = "create", _("Aanmaken")
    CHANGE = "change", _("Wijzigen")
    EXPORT = "export", _("Afdrukken / exporteren")
    MERGE = "merge", _("Samenvoegen")
    TRANSFER = "transfer", _("Overdragen")
    BREAK_GLASS = "break_glass", _("Noodtoegang")


class AccessLogEntry(models.Model):
    """One read or change of personal data (NEN 7513 by analogy). Append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    on_behalf_of = models.CharField(_("namens"), max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as a plain id as well, so the entry still says which case after retention removal.
    case_ref = models.BigIntegerField(null=True, blank=True)
    person = models.ForeignKey(
        "persons.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_ref = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(_("doel"), max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["case_ref", "at"], name="accesslog_case_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Het toegangslog kan niet worden verwijderd.")
