import os

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.policy import require_role
from schakel.accounts.demo_key import is_demo_device
from schakel.accounts.models import (
    IdentityProvider,
    IdentityProviderDomain,
    RoleAssignment,
    RoleGrant,
    RoleGrantStatus,
    User,
    UserSession,
)
from schakel.accounts.oidc import ClientConfig, OIDCError, discover
from schakel.accounts.roles import GRANT_APPROVER_ROLES, Role

# Set when the organisation's IdP vouched for multi-factor authentication and is trusted
# to: that sign-in needs no TOTP code in Schakel.
OIDC_SESSION_KEY = "schakel_via_oidc"


def is_fully_authenticated(request: HttpRequest) -> bool:
    """Signed in with password and verified TOTP, or through the organisation's IdP with
    its multi-factor authentication trusted."""
    user = request.user
    if not user.is_authenticated:
        return False
    # OTPMiddleware gives the request's user is_verified(); the model does not declare it.
    verified = user.is_verified()  # type: ignore[attr-defined]
    return bool(verified or request.session.get(OIDC_SESSION_KEY))


# --- sign-in through an organisation's identity provider -----------------------------


def email_domain(identifier: str) -> str:
    """The domain of what was typed on the sign-in page, or "" for a plain username."""
    _local, at, domain = identifier.strip().rpartition("@")
    return domain.lower() if at and _local else ""


def identity_provider_for_login(identifier: str) -> IdentityProvider | None:
    """The active IdP serving the domain of this e-mail address, if any."""
    domain = email_domain(identifier)
    if not domain:
        return None
    entry = (
        IdentityProviderDomain.objects.filter(
            domain=domain, provider__is_active=True, provider__organisation__is_active=True
        )
        .select_related("provider")
        .first()
    )
    return entry.provider if entry is not None else None


def active_identity_provider(pk: object) -> IdentityProvider | None:
    if not isinstance(pk, int):
        return None
    return IdentityProvider.objects.filter(pk=pk, is_active=True).first()


def client_config(provider: IdentityProvider) -> ClientConfig:
    return ClientConfig(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret_variable=provider.client_secret_variable,
    )


def oidc_redirect_uri(request: HttpRequest) -> str:
    """The address the IdP sends the browser back to; registered at the IdP."""
    return request.build_absolute_uri(reverse("accounts:oidc_callback"))


def identity_provider_secret_is_set(provider: IdentityProvider) -> bool:
    """Whether the server has the client secret, told without showing it."""
    return bool(os.environ.get(provider.client_secret_variable))


def identity_provider_problem(provider: IdentityProvider) -> str:
    """Why signing in through this IdP would fail right now, in Dutch, or ""."""
    if not identity_provider_secret_is_set(provider):
        return _(
            "Let op: de omgevingsvariabele %(name)s is op de server niet gezet. Zonder "
            "client-secret lukt inloggen via deze inlogdienst niet."
        ) % {"name": provider.client_secret_variable}
    try:
        discover(provider.issuer)
    except OIDCError as error:
        return _(
            "Let op: Schakel kan de configuratie van deze inlogdienst nu niet lezen "
            "(%(detail)s). Controleer de issuer-URL."
        ) % {"detail": error.detail}
    return ""


def region_identity_providers(actor: User) -> QuerySet[IdentityProvider]:
    """The IdPs of the organisations of the beheerder's own region."""
    require_role(actor, Role.BEHEERDER)
    if actor.region_id is None:
        return IdentityProvider.objects.none()
    return (
        IdentityProvider.objects.filter(organisation__region_id=actor.region_id)
        .select_related("organisation")
        .prefetch_related("domains")
        .order_by("organisation__name", "name", "pk")
    )


def get_region_identity_provider(actor: User, pk: int) -> IdentityProvider:
    provider = region_identity_providers(actor).filter(pk=pk).first()
    if provider is None:
        raise Http404(_("Deze inlogdienst bestaat niet of hoort niet bij uw regio."))
    return provider


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_refused_demo_device(device: TOTPDevice) -> bool:
    """The published demo key is a second factor only in demo mode.

    Anyone can read it in the README, so outside demo mode a device carrying it proves
    nothing, whether it came from demo data or a copied demo database.
    """
    return not settings.DEMO_MODE and is_demo_device(device)


def active_sessions(user: User) -> QuerySet[UserSession]:
    """The user's sessions that can still be used: expired ones are not shown."""
    live = Session.objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    return UserSession.objects.filter(Exists(live), user=user)


def region_users(actor: User) -> QuerySet[User]:
    """The accounts of the beheerder's own region, ready for a list without N+1 queries."""
    require_role(actor, Role.BEHEERDER)
    if actor.region_id is None:
        return User.objects.none()
    has_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(organisation__region_id=actor.region_id)
        .select_related("organisation")
        .prefetch_related(
            "role_assignments",
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.filter(status=RoleGrantStatus.PENDING),
                to_attr="pending_grants",
            ),
        )
        .annotate(has_two_factor=Exists(has_device))
        .order_by("last_name", "first_name", "pk")
    )


def get_region_user(actor: User, pk: int) -> User:
    """An account of the beheerder's own region, or 404 for any other id."""
    user = region_users(actor).filter(pk=pk).first()
    if user is None:
        raise Http404(_("Dit account bestaat niet of hoort niet bij uw regio."))
    return user


# --- role grants awaiting a second person ----------------------------------------------


def pending_role_grants(actor: User) -> QuerySet[RoleGrant]:
    """Grants of case roles in the actor's region that still wait for approval."""
    require_role(actor, *GRANT_APPROVER_ROLES)
    if actor.region_id is None:
        return RoleGrant.objects.none()
    return RoleGrant.objects.filter(
        status=RoleGrantStatus.PENDING, user__organisation__region_id=actor.region_id
    ).select_related("user", "user__organisation", "requested_by")


def get_pending_role_grant(actor: User, pk: int) -> RoleGrant:
    grant = pending_role_grants(actor).filter(pk=pk).first()
    if grant is None:
        raise Http404(
            _("Deze aanvraag bestaat niet, is al afgehandeld of hoort niet bij uw regio.")
        )
    return grant


def approval_refusal(actor: User, grant: RoleGrant) -> str | None:
    """Why this actor may not approve this grant, in Dutch, or None when they may.

    The same answer guards the service and explains on screen why a grant still waits.
    """
    if not actor.has_role(*GRANT_APPROVER_ROLES) or grant.user.region_id != actor.region_id:
        return _("Alleen een functioneel beheerder of de manager van deze regio keurt dit goed.")
    if grant.user_id == actor.pk:
        return _("Niemand keurt een rol voor zichzelf goed.")
    if grant.requested_by_id == actor.pk:
        return _(
            "U heeft deze rol zelf aangevraagd. Een andere functioneel beheerder of de "
            "manager moet hem goedkeuren."
        )
    # An approver made by the requester is the requester's second pair of hands, not
    # a second person.
    if (
        grant.requested_by_id is not None
        and RoleAssignment.objects.filter(
            user=actor, role__in=GRANT_APPROVER_ROLES, granted_by_id=grant.requested_by_id
        ).exists()
    ):
        return _(
            "Uw rol als beheerder of manager is toegekend door de aanvrager. Een andere "
            "functioneel beheerder of de manager moet dit goedkeuren."
        )
    if grant.user.has_role(Role.BEHEERDER):
        return _(
            "Deze gebruiker is functioneel beheerder. Een beheerder kan geen rol hebben "
            "die casusinhoud opent."
        )
    return None


def pending_roles(user: User) -> set[str]:
    return set(
        RoleGrant.objects.filter(user=user, status=RoleGrantStatus.PENDING).values_list(
            "role", flat=True
        )
    )
