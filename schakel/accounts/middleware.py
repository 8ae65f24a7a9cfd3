from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from schakel.accounts.models import SecurityEventKind
from schakel.accounts.selectors import is_fully_authenticated
from schakel.accounts.services import (
    forget_user_session,
    record_security_event,
    touch_user_session,
)

LOGIN_AT_KEY = "schakel_login_at"
EXPIRED_PARAM = "verlopen"

# Reachable before the second factor is given.
OPEN_PATH_PREFIXES = (
    "/inloggen/",
    "/uitloggen/",
    "/static/",
    "/toegankelijkheid",
    "/privacy",
    # The iCalendar feed of a table: read by calendar programs with its secret token.
    "/regietafels/agenda/",
)


class SessionLifetimeMiddleware:
    """Ends a session after the absolute maximum, whatever the activity (ASVS 3.3), and
    renews the idle expiry of an active one (at most once a minute, see
    touch_user_session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY)
            max_age: timedelta = settings.SESSION_ABSOLUTE_TIMEOUT
            if started is None or timezone.now() - datetime.fromisoformat(started) > max_age:
                record_security_event(
                    kind=SecurityEventKind.LOGOUT,
                    user=request.user,
                    detail="maximale sessieduur verstreken",
                )
                forget_user_session(session_key=request.session.session_key)
                logout(request)
                # The message framework runs later in the stack, so the login page is
                # told through its address instead.
                return redirect(reverse("accounts:login") + "?" + urlencode({EXPIRED_PARAM: "1"}))
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
            target = reverse("accounts:two_factor")
            if request.method == "GET" and request.path != "/":
                target += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
