from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from schakel.accounts import selectors, services
from schakel.accounts.backends import SIGN_IN_BACKEND
from schakel.accounts.forms import DEMO_KEY_REFUSED, LoginForm, TokenForm
from schakel.accounts.middleware import EXPIRED_PARAM, LOGIN_AT_KEY
from schakel.accounts.models import SecurityEventKind
from schakel.accounts.oidc import OIDCError
from schakel.accounts.qr import base32_secret, qr_data_uri


def _safe_next(request: HttpRequest) -> str:
    """The page asked for before signing in, only if it is on this site."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else url


@sensitive_post_parameters("password")
def _to_identity_provider(request: HttpRequest, url: str, title: str) -> HttpResponse:
    """Send the browser on to the IdP with a page, not a redirect: the page's form-action
    'self' (CSP) forbids a form post to end up at another site, a navigation it allows."""
    return render(
        request, "accounts/to_identity_provider.html", {"target_url": url, "title": title}
    )


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated and selectors.is_fully_authenticated(request):
        return redirect(next_url or reverse("home:worklist"))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.identity_provider is not None:
        try:
            return _to_identity_provider(
                request,
                services.start_identity_provider_sign_in(
                    request=request,
                    provider=form.identity_provider,
                    login_hint=form.cleaned_data["username"],
                    next_url=next_url,
                ),
                _("Doorsturen naar de inlog van uw organisatie"),
            )
        except OIDCError as error:
            services.record_security_event(
                kind=SecurityEventKind.LOGIN_FAILED,
                username=form.cleaned_data["username"],
                detail=f"via {form.identity_provider.name}: {error.detail}",
            )
            form.add_error(None, error.message)
    elif request.method == "POST" and form.is_valid():
        user = form.user
        login(request, user, backend=SIGN_IN_BACKEND)
        request.session[LOGIN_AT_KEY] = timezone.now().isoformat()
        services.start_user_session(request=request, user=user)
        return redirect(_with_next(reverse("accounts:two_factor"), next_url))
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "session_expired": request.GET.get(EXPIRED_PARAM) == "1",
        },
    )


def oidc_callback_view(request: HttpRequest) -> HttpResponse:
    """The organisation's IdP sends the browser back here with a code (or an error)."""
    try:
        sign_in = services.finish_identity_provider_sign_in(
            request=request, params=request.GET.dict()
        )
    except services.SignInRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("accounts:login")
    services.sign_in_through_identity_provider(request=request, sign_in=sign_in)
    request.session[LOGIN_AT_KEY] = timezone.now().isoformat()
    next_url = sign_in.next_url
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if sign_in.multi_factor:
        return redirect(next_url or reverse("home:worklist"))
    return redirect(_with_next(reverse("accounts:two_factor"), next_url))


def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Second step: enrol an authenticator app on first login, otherwise verify a code."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    next_url = _safe_next(request)
    if selectors.is_fully_authenticated(request):
        return redirect(next_url or reverse("home:worklist"))
    user = request.user
    device = selectors.confirmed_totp_device(user)
    enrolling = device is None
    if enrolling:
        device = services.pending_totp_device(user=user)
    form = TokenForm(device, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if enrolling:
                services.confirm_totp_device(device=device)
            services.complete_sign_in(request=request, device=device)
            return redirect(next_url or reverse("home:worklist"))
        services.record_security_event(
            kind=SecurityEventKind.TWO_FACTOR_FAILED,
            user=user,
            detail=(
                "demosleutel geweigerd buiten demomodus"
                if form.has_error("token", code=DEMO_KEY_REFUSED)
                else ""
            ),
        )
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["qr_code"] = qr_data_uri(device.config_url)
        context["secret"] = base32_secret(device)
    return render(request, "accounts/two_factor.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the Schakel session, then the one at the organisation's IdP if it came from one."""
    identity_provider_logout = services.identity_provider_logout_url(request=request)
    if request.user.is_authenticated:
        services.record_security_event(kind=SecurityEventKind.LOGOUT, user=request.user)
        services.forget_user_session(session_key=request.session.session_key)
    logout(request)
    messages.success(request, _("U bent uitgelogd."))
    if identity_provider_logout:
        return _to_identity_provider(
            request, identity_provider_logout, _("Uitloggen bij uw organisatie")
        )
    return redirect("accounts:login")


@login_required
def sessions_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": selectors.active_sessions(request.user),
            "current_key": request.session.session_key,
            "roles": sorted(request.user.role_assignments.all(), key=lambda ra: ra.role),
        },
    )


@login_required
@require_POST
def end_session_view(request: HttpRequest, pk: int) -> HttpResponse:
    if services.end_user_session(user=request.user, user_session_id=pk):
        messages.success(request, _("De sessie is beëindigd."))
    else:
        messages.error(request, _("Deze sessie bestaat niet (meer)."))
    return redirect("accounts:sessions")


@sensitive_post_parameters()
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            request=request, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        messages.success(
            request, _("Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.")
        )
        return redirect("accounts:sessions")
    return render(request, "accounts/password_change.html", {"form": form})


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """Shown by django-axes instead of the login form once an account is locked."""
    return render(request, "accounts/locked_out.html", status=429)
