from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role


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
