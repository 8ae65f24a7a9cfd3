from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import User, UserSession

OIDC_SESSION_KEY = "schakel_via_oidc"


def is_fully_authenticated(request: HttpRequest) -> bool:
    """Signed in with password and verified TOTP, or through the organisation's IdP."""
    user = request.user
    if not user.is_authenticated:
        return False
    return bool(user.is_verified() or request.session.get(OIDC_SESSION_KEY))


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def active_sessions(user: User) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user)
