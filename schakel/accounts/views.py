from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from schakel.accounts import selectors, services
from schakel.accounts.forms import LoginForm, TokenForm
from schakel.accounts.middleware import LOGIN_AT_KEY
from schakel.accounts.models import SecurityEventKind
from schakel.accounts.qr import base32_secret, qr_data_uri


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and selectors.is_fully_authenticated(request):
        return redirect("core:worklist")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.user
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[LOGIN_AT_KEY] = timezone.now().isoformat()
        services.start_user_session(request=request, user=user)
        return redirect("accounts:two_factor")
    return render(request, "accounts/login.html", {"form": form})


def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Second step: enrol an authenticator app on first login, otherwise verify a code."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if selectors.is_fully_authenticated(request):
        return redirect("core:worklist")
    user = request.user
    device = selectors.confirmed_totp_device(user)
    enrolling = device is None
    if enrolling:
        device = services.pending_totp_device(user=user)
    form = TokenForm(device, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            if enrolling:
                services.confirm_totp_device(device=device, request=request)
            otp_login(request, device)
            services.record_security_event(kind=SecurityEventKind.LOGIN, request=request, user=user)
            return redirect(request.GET.get("next") or reverse("core:worklist"))
        services.record_security_event(
            kind=SecurityEventKind.TWO_FACTOR_FAILED, request=request, user=user
        )
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["qr_code"] = qr_data_uri(device.config_url)
        context["secret"] = base32_secret(device)
    return render(request, "accounts/two_factor.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_security_event(
            kind=SecurityEventKind.LOGOUT, request=request, user=request.user
        )
        services.forget_user_session(session_key=request.session.session_key)
    logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


@login_required
def sessions_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": selectors.active_sessions(request.user),
            "current_key": request.session.session_key,
        },
    )


@login_required
@require_POST
def end_session_view(request: HttpRequest, pk: int) -> HttpResponse:
    if services.end_user_session(user=request.user, user_session_id=pk, request=request):
        messages.success(request, _("De sessie is beëindigd."))
    else:
        messages.error(request, _("Deze sessie bestaat niet (meer)."))
    return redirect("accounts:sessions")


class SchakelPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:sessions")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_security_event(
            kind=SecurityEventKind.PASSWORD_CHANGED, request=self.request, user=self.request.user
        )
        messages.success(self.request, _("Uw wachtwoord is gewijzigd."))
        return response


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """Shown by django-axes instead of the login form once an account is locked."""
    return render(request, "accounts/locked_out.html", status=429)
