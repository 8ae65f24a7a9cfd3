from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.policy import require_role
from schakel.accounts.demo_key import is_demo_device
from schakel.accounts.models import RoleAssignment, RoleGrant, RoleGrantStatus, User, UserSession
from schakel.accounts.roles import GRANT_APPROVER_ROLES, Role

OIDC_SESSION_KEY = "schakel_via_oidc"


def is_fully_authenticated(request: HttpRequest) -> bool:
    """Signed in with password and verified TOTP, or through the organisation's IdP."""
    user = request.user
    if not user.is_authenticated:
        return False
    # OTPMiddleware gives the request's user is_verified(); the model does not declare it.
    verified = user.is_verified()  # type: ignore[attr-defined]
    return bool(verified or request.session.get(OIDC_SESSION_KEY))


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
