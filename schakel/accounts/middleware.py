from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.selectors import is_fully_authenticated
from schakel.accounts.services import touch_user_session

LOGIN_AT_KEY = "schakel_login_at"

# Reachable before the second factor is given.
OPEN_PATH_PREFIXES = (
    "/inloggen/",
    "/uitloggen/",
    "/static/",
    "/toegankelijkheid",
    "/privacy",
    "/oidc/",
)


class SessionLifetimeMiddleware:
    """Ends a session after the absolute maximum, whatever the activity (ASVS 3.3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY)
            max_age: timedelta = settings.SESSION_ABSOLUTE_TIMEOUT
            if started is None or timezone.now() - datetime.fromisoformat(started) > max_age:
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                return redirect(reverse("accounts:login"))
            touch_user_session(request=request)
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A local account sees nothing until its second factor (TOTP) is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not is_fully_authenticated(request)
            and not request.path.startswith(OPEN_PATH_PREFIXES)
        ):
            return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)
