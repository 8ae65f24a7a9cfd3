from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A partner system that may call the API for one organisation.

    It acts through `service_user`: an account of that organisation that cannot sign in
    (no usable password) and holds the ketenpartner role only once a second person
    approved it, like every case role. The policy then treats the system like any
    ketenpartner of the organisation.
    """

    name = models.CharField(_("naam van de koppeling"), max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisatie"),
    )
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="api_client"
    )
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    # Space-separated, as OAuth 2.0 writes scopes.
    scopes = models.CharField(_("scopes"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "name", "pk"]
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def on_behalf_of(self) -> str:
        """How the access log names who asked: the system, for its organisation."""
        return f"API-koppeling {self.name} ({self.organisation.name})"
