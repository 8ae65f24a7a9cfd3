from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.core.concurrency import Versioned


class User(AbstractUser):
    """A professional. Belongs to exactly one organisation; roles are separate rows."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisatie"),
        null=True,  # only the bootstrap superuser may lack one
        blank=True,
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    job_title = models.CharField(_("functie"), max_length=120, blank=True)

    # The roles as read once per request (role_set); None makes the next read fetch them.
    _role_cache: frozenset[str] | None

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def region_id(self) -> int | None:
        organisation = self.organisation if self.organisation_id else None
        return organisation.region_id if organisation is not None else None


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    # Who made the role take effect: the beheerder, or for a case role the approver.
    # Needed to refuse an approval by someone whose approving role came from the requester.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("toegekend door"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")
        ]
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class RoleGrant(models.Model):
    """A request to give someone a role that opens case content.

    The role takes effect only when a second person approves (four-eyes principle):
    whoever hands out access to cases cannot do so alone.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("gebruiker")
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RoleGrantStatus.choices,
        default=RoleGrantStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("roltoekenning ter goedkeuring")
        verbose_name_plural = _("roltoekenningen ter goedkeuring")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(status="pending"),
                name="role_grant_one_pending_per_role",
            ),
            # The same rules as the services, so no other entrance can break them.
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="role_grant_not_for_oneself",
            ),
            models.CheckConstraint(
                condition=~(
                    models.Q(status="approved")
                    & (
                        models.Q(decided_by=models.F("requested_by"))
                        | models.Q(decided_by=models.F("user"))
                    )
                ),
                name="role_grant_approved_by_a_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.get_status_display()})"


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")
    LOCKOUT = "lockout", _("Account geblokkeerd")
    LOGOUT = "logout", _("Uitgelogd")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Tweestapsverificatie ingesteld")
    TWO_FACTOR_FAILED = "2fa_failed", _("Onjuiste verificatiecode")
    TWO_FACTOR_RESET = "2fa_reset", _("Tweestapsverificatie opnieuw ingesteld")
    ROLE_CHANGED = "role_changed", _("Rollen gewijzigd")
    SESSION_ENDED = "session_ended", _("Sessie beëindigd")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
    ACCOUNT_CREATED = "account_created", _("Account aangemaakt")
    ACCOUNT_CHANGED = "account_changed", _("Accountgegevens gewijzigd")
    ACCOUNT_DEACTIVATED = "account_deactivated", _("Account gedeactiveerd")
    ACCOUNT_ACTIVATED = "account_activated", _("Account weer geactiveerd")
    ROLE_GRANT_REQUESTED = "role_grant_requested", _("Rol aangevraagd (wacht op goedkeuring)")
    ROLE_GRANT_APPROVED = "role_grant_approved", _("Roltoekenning goedgekeurd")
    ROLE_GRANT_REJECTED = "role_grant_rejected", _("Roltoekenning afgewezen")
    ACCESS_REFUSED = "access_refused", _("Toegang geweigerd")
    IDENTITY_PROVIDER_CHANGED = "idp_changed", _("Inloggen via organisatie ingesteld")
    EXTERNAL_IDENTITY_LINKED = (
        "external_identity_linked",
        _("Account gekoppeld aan inlog van organisatie"),
    )
    BREAK_GLASS = "break_glass", _("Noodtoegang gestart")
    RETENTION_CHANGED = "retention_changed", _("Bewaartermijn gewijzigd")
    RETENTION_APPLIED = "retention_applied", _("Bewaartermijn toegepast")


class SecurityEvent(models.Model):
    """Append-only record of security-relevant events."""

    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Beveiligingsgebeurtenissen kunnen niet worden gewijzigd.")
        super().save(*args, **kwargs)


class UserSession(models.Model):
    """A signed-in session, so a user can see and end their active sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_seen_at"]


class IdentityProvider(Versioned):
    """An organisation's own OpenID Connect provider, through which its people sign in.

    The client secret is never stored here: only the name of the environment variable
    that holds it, so a database copy or a beheer screen never shows it.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="identity_providers",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(
        _("naam"),
        max_length=120,
        help_text=_("Zoals de gebruikers hem kennen, bijvoorbeeld: Politie-inlog."),
    )
    issuer = models.URLField(
        _("issuer-URL"),
        max_length=300,
        unique=True,
        help_text=_(
            "Het adres van de identity provider; Schakel leest daar "
            "/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client-ID"), max_length=200)
    client_secret_variable = models.CharField(
        _("omgevingsvariabele met het client-secret"),
        max_length=100,
    )
    trusts_mfa = models.BooleanField(
        _("vertrouw de tweestapsverificatie van de organisatie"),
        default=False,
    )
    mfa_acr_values = models.CharField(
        _("acr-waarden die tweestapsverificatie betekenen"),
        max_length=500,
        blank=True,
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("inlogdienst van een organisatie")
        verbose_name_plural = _("inlogdiensten van organisaties")

    def __str__(self) -> str:
        return self.name

    @property
    def domain_names(self) -> list[str]:
        return [domain.domain for domain in self.domains.all()]

    @property
    def acr_value_list(self) -> list[str]:
        return self.mfa_acr_values.split()


class IdentityProviderDomain(models.Model):
    """An e-mail domain whose people sign in through this provider.

    One domain leads to one provider: the sign-in page routes by it.
    """

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-maildomein"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class ExternalIdentity(models.Model):
    """Who a user is at their organisation's IdP: the subject, stable across e-mail changes.

    Stored on the first sign-in that matched the user by e-mail; from then on the
    subject decides, so a renamed mailbox cannot take over another account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(_("subject"), max_length=255)
    linked_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_unique_subject"
            ),
            models.UniqueConstraint(
                fields=["provider", "user"], name="external_identity_one_per_provider"
            ),
        ]
