"""Writes for accounts: sign-in bookkeeping, two-factor devices, sessions, user accounts."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.client import current_client_address
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.accounts import oidc
from schakel.accounts import selectors as account_selectors
from schakel.accounts.backends import SIGN_IN_BACKEND
from schakel.accounts.models import (
    ExternalIdentity,
    IdentityProvider,
    IdentityProviderDomain,
    RoleAssignment,
    RoleGrant,
    RoleGrantStatus,
    SecurityEvent,
    SecurityEventKind,
    User,
    UserSession,
)
from schakel.accounts.network import client_ip
from schakel.accounts.roles import CASE_CONTENT_ROLES, GRANT_APPROVER_ROLES, Role
from schakel.core.concurrency import claim_version

if TYPE_CHECKING:
    from schakel.organisations.models import Organisation

# Writing last_seen on every request would turn each page view into a write.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
LAST_TOUCH_KEY = "schakel_last_touch"

# The account fields a beheerder maintains, in the order they are reported in the log.
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "phone", "job_title")


def record_security_event(
    *,
    kind: SecurityEventKind,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    detail: str = "",
    ip_address: str | None = None,
) -> SecurityEvent:
    """Write one security event.

    The address is that of the request being handled (see schakel.access.client) unless
    one is given; outside a request it stays empty.
    """
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.username if user else ""),
        actor=actor,
        detail=detail[:500],
        ip_address=ip_address if ip_address is not None else current_client_address(),
    )


# --- sign-in and sessions -------------------------------------------------------------


def start_user_session(*, request: HttpRequest, user: User) -> None:
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def _rekey_user_session(*, old_key: str | None, new_key: str | None) -> None:
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


@transaction.atomic
def complete_sign_in(*, request: HttpRequest, device: TOTPDevice) -> None:
    """The second factor is verified: the session becomes fully signed in, under a new key.

    A fresh session id after the last authentication step closes session fixation
    between the password and the code (ASVS 3.2.1).
    """
    old_key = request.session.session_key
    otp_login(request, device)
    request.session.cycle_key()
    _rekey_user_session(old_key=old_key, new_key=request.session.session_key)
    record_security_event(kind=SecurityEventKind.LOGIN, user=device.user)


def touch_user_session(*, request: HttpRequest) -> None:
    """Mark the session active, at most once per SESSION_TOUCH_INTERVAL.

    Changing the session is what makes Django save it, and each save renews its idle
    expiry (SESSION_SAVE_EVERY_REQUEST is off): this is the session's one write a minute.
    """
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    last_touch = request.session.get(LAST_TOUCH_KEY)
    if last_touch is not None and now - datetime.fromisoformat(last_touch) < SESSION_TOUCH_INTERVAL:
        return
    UserSession.objects.filter(session_key=key).update(last_seen_at=now)
    request.session[LAST_TOUCH_KEY] = now.isoformat()


def _end_sessions(*, user: User, keep_key: str | None = None) -> int:
    """Delete the user's sessions (all, or all but one) server-side. Returns how many."""
    user_sessions = UserSession.objects.filter(user=user)
    if keep_key:
        user_sessions = user_sessions.exclude(session_key=keep_key)
    keys = list(user_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    user_sessions.delete()
    return len(keys)


@transaction.atomic
def end_user_session(*, user: User, user_session_id: int) -> bool:
    """End one of the user's own sessions. Returns False when it is not theirs."""
    user_session = UserSession.objects.filter(pk=user_session_id, user=user).first()
    if user_session is None:
        return False
    Session.objects.filter(session_key=user_session.session_key).delete()
    user_session.delete()
    record_security_event(kind=SecurityEventKind.SESSION_ENDED, user=user, actor=user)
    return True


def forget_user_session(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def change_password(*, request: HttpRequest, user: User, new_password: str) -> None:
    """Set a new password, keep this session and end every other one (ASVS 3.3.3)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    old_key = request.session.session_key
    update_session_auth_hash(request, user)  # cycles this session's key
    _rekey_user_session(old_key=old_key, new_key=request.session.session_key)
    ended = _end_sessions(user=user, keep_key=request.session.session_key)
    record_security_event(
        kind=SecurityEventKind.PASSWORD_CHANGED,
        user=user,
        actor=user,
        detail=f"andere sessies beëindigd: {ended}",
    )


# --- sign-in through an organisation's identity provider ------------------------------

# The session key of a sign-in under way at an IdP, and of the IdP a session came from.
OIDC_FLOW_KEY = "schakel_oidc_flow"
OIDC_SIGNED_IN_KEY = "schakel_oidc_provider"
# Past this age an unfinished sign-in at the IdP is refused: its state and nonce expire.
OIDC_FLOW_MAX_AGE = timedelta(minutes=10)


class SignInRefused(Exception):
    """The IdP signed the person in, but Schakel does not; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


REFUSED_UNKNOWN = gettext_lazy(
    "Uw organisatie heeft u aangemeld, maar Schakel heeft geen account voor u. Vraag de "
    "functioneel beheerder van Schakel om een account; Schakel maakt er zelf geen aan."
)
REFUSED_DEACTIVATED = gettext_lazy(
    "Uw account in Schakel is gedeactiveerd. Neem contact op met de functioneel beheerder."
)
REFUSED_OTHER_ORGANISATION = gettext_lazy(
    "Uw account in Schakel hoort bij een andere organisatie dan de organisatie waar u bent "
    "ingelogd. Log in via uw eigen organisatie, of vraag de functioneel beheerder uw "
    "account aan te passen."
)
REFUSED_LOCKED = gettext_lazy(
    "Dit account is tijdelijk geblokkeerd na te veel mislukte inlogpogingen. Probeer het "
    "later opnieuw."
)


def start_identity_provider_sign_in(
    *, request: HttpRequest, provider: IdentityProvider, login_hint: str, next_url: str
) -> str:
    """Where to send the browser: the IdP's authorization endpoint for this sign-in.

    State, nonce and PKCE verifier stay in this session only; a second sign-in started
    in the same browser replaces the first.
    """
    metadata = oidc.discover(provider.issuer)
    auth = oidc.authorization_request(
        config=account_selectors.client_config(provider),
        metadata=metadata,
        redirect_uri=account_selectors.oidc_redirect_uri(request),
        login_hint=login_hint,
    )
    request.session[OIDC_FLOW_KEY] = {
        "provider": provider.pk,
        "state": auth.state,
        "nonce": auth.nonce,
        "code_verifier": auth.code_verifier,
        "next": next_url,
        "started_at": timezone.now().isoformat(),
    }
    return auth.url


def _refuse(*, provider: IdentityProvider | None, detail: str, user: User | None = None) -> None:
    via = f"via {provider.name} (#{provider.pk})" if provider is not None else "via inlogdienst"
    record_security_event(kind=SecurityEventKind.LOGIN_FAILED, user=user, detail=f"{via}: {detail}")


def _match_user(provider: IdentityProvider, claims: dict[str, object]) -> tuple[User, bool]:
    """The provisioned account this IdP identity belongs to, and whether to link it now.

    The subject decides once it is linked; before that the e-mail address, verified by
    the IdP, within the IdP's organisation. Never a new account.
    """
    subject = str(claims["sub"])
    identity = (
        ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject)
    ).first()
    if identity is not None:
        return identity.user, False
    email = claims.get("email")
    if not isinstance(email, str) or not email or claims.get("email_verified") is False:
        raise _Refusal(
            REFUSED_UNKNOWN, f"onbekend subject {subject[:80]}, geen geverifieerd e-mailadres"
        )
    candidates = list(User.objects.filter(email__iexact=email.strip()))
    own = [user for user in candidates if user.organisation_id == provider.organisation_id]
    if not own:
        if candidates:
            raise _Refusal(
                REFUSED_OTHER_ORGANISATION,
                f"{email[:120]} hoort bij een andere organisatie",
                user=candidates[0] if len(candidates) == 1 else None,
            )
        raise _Refusal(REFUSED_UNKNOWN, f"geen account voor {email[:120]}")
    if len(own) > 1:
        raise _Refusal(REFUSED_UNKNOWN, f"meer dan één account met {email[:120]}")
    user = own[0]
    if ExternalIdentity.objects.filter(provider=provider, user=user).exists():
        # Linked to another subject before: a new mailbox owner is not the old one.
        raise _Refusal(
            REFUSED_UNKNOWN,
            f"account al gekoppeld aan een ander subject ({subject[:80]})",
            user=user,
        )
    return user, True


class _Refusal(Exception):
    def __init__(self, message: object, detail: str, *, user: User | None = None):
        super().__init__(detail)
        self.message = str(message)
        self.detail = detail
        self.user = user


@dataclass(frozen=True)
class IdentityProviderSignIn:
    user: User
    provider: IdentityProvider
    id_token: str
    multi_factor: bool
    next_url: str


def finish_identity_provider_sign_in(
    *, request: HttpRequest, params: Mapping[str, str]
) -> IdentityProviderSignIn:
    """Check what the IdP sent back and find the account; SignInRefused otherwise.

    Every refusal is a security event. Nothing is signed in here: the caller signs the
    user in (sign_in_through_identity_provider) so the session is handled in one place.
    """
    flow = request.session.pop(OIDC_FLOW_KEY, None)
    if not isinstance(flow, dict):
        _refuse(provider=None, detail="terugkeer zonder lopende aanmelding")
        raise SignInRefused(_("Er loopt geen aanmelding via uw organisatie. Begin opnieuw."))
    provider = account_selectors.active_identity_provider(flow.get("provider"))
    if provider is None:
        _refuse(provider=None, detail="inlogdienst niet (meer) actief")
        raise SignInRefused(_("Inloggen via uw organisatie is niet (meer) mogelijk."))
    started = datetime.fromisoformat(str(flow.get("started_at")))
    if timezone.now() - started > OIDC_FLOW_MAX_AGE:
        _refuse(provider=provider, detail="aanmelding verlopen")
        raise SignInRefused(_("De aanmelding duurde te lang. Begin opnieuw."))
    if not secrets.compare_digest(str(params.get("state", "")), str(flow.get("state"))):
        _refuse(provider=provider, detail="state klopt niet")
        raise SignInRefused(_("Inloggen via uw organisatie is niet gelukt. Begin opnieuw."))
    if params.get("error"):
        _refuse(provider=provider, detail=f"IdP meldt {params['error'][:80]}")
        raise SignInRefused(_("Uw organisatie heeft het inloggen afgebroken of geweigerd."))
    code = params.get("code", "")
    if not code:
        _refuse(provider=provider, detail="geen autorisatiecode")
        raise SignInRefused(_("Inloggen via uw organisatie is niet gelukt. Begin opnieuw."))
    config = account_selectors.client_config(provider)
    try:
        metadata = oidc.discover(provider.issuer)
        tokens = oidc.exchange_code(
            config=config,
            metadata=metadata,
            code=code,
            code_verifier=str(flow.get("code_verifier")),
            redirect_uri=account_selectors.oidc_redirect_uri(request),
        )
        id_token = str(tokens["id_token"])
        claims = oidc.verify_id_token(
            id_token=id_token, config=config, metadata=metadata, nonce=str(flow.get("nonce"))
        )
    except oidc.OIDCError as error:
        _refuse(provider=provider, detail=error.detail)
        raise SignInRefused(error.message) from error
    try:
        user, link = _match_user(provider, claims)
        if user.organisation_id != provider.organisation_id:
            raise _Refusal(
                REFUSED_OTHER_ORGANISATION, "account hoort bij een andere organisatie", user=user
            )
        if not user.is_active:
            raise _Refusal(REFUSED_DEACTIVATED, "account gedeactiveerd", user=user)
        if AxesProxyHandler.is_locked(request, credentials={"username": user.username}):
            raise _Refusal(REFUSED_LOCKED, "account geblokkeerd", user=user)
    except _Refusal as refusal:
        _refuse(provider=provider, detail=refusal.detail, user=refusal.user)
        raise SignInRefused(refusal.message) from refusal
    if link:
        _link_external_identity(user=user, provider=provider, subject=str(claims["sub"]))
    return IdentityProviderSignIn(
        user=user,
        provider=provider,
        id_token=id_token,
        multi_factor=provider.trusts_mfa
        and oidc.shows_multi_factor(claims, mfa_acr_values=provider.acr_value_list),
        next_url=str(flow.get("next") or ""),
    )


@transaction.atomic
def _link_external_identity(*, user: User, provider: IdentityProvider, subject: str) -> None:
    ExternalIdentity.objects.create(user=user, provider=provider, subject=subject)
    record_security_event(
        kind=SecurityEventKind.EXTERNAL_IDENTITY_LINKED,
        user=user,
        detail=f"{provider.name} (#{provider.pk}), subject {subject[:80]}",
    )


@transaction.atomic
def sign_in_through_identity_provider(
    *, request: HttpRequest, sign_in: IdentityProviderSignIn
) -> None:
    """The session belongs to the user now, under a new key (login() cycles it).

    With the IdP's multi-factor authentication trusted and shown, the sign-in is
    complete; otherwise the user still gives a TOTP code, like a local account.
    """
    login(request, sign_in.user, backend=SIGN_IN_BACKEND)
    request.session[OIDC_SIGNED_IN_KEY] = {
        "provider": sign_in.provider.pk,
        "id_token": sign_in.id_token,
    }
    start_user_session(request=request, user=sign_in.user)
    if sign_in.multi_factor:
        request.session[account_selectors.OIDC_SESSION_KEY] = True
        record_security_event(
            kind=SecurityEventKind.LOGIN,
            user=sign_in.user,
            detail=f"via {sign_in.provider.name}, tweestapsverificatie door de organisatie",
        )


def identity_provider_logout_url(*, request: HttpRequest) -> str:
    """Where to end the session at the IdP too (RP-initiated logout), or "".

    Read before the Schakel session ends: it holds the ID token to hint with.
    """
    signed_in = request.session.get(OIDC_SIGNED_IN_KEY)
    if not isinstance(signed_in, dict):
        return ""
    provider = account_selectors.active_identity_provider(signed_in.get("provider"))
    if provider is None:
        return ""
    try:
        metadata = oidc.discover(provider.issuer)
    except oidc.OIDCError:
        return ""
    if not metadata.end_session_endpoint:
        return ""
    return oidc.end_session_url(
        metadata=metadata,
        client_id=provider.client_id,
        id_token=str(signed_in.get("id_token", "")),
        post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:login")),
    )


# --- identity providers (functioneel beheer) -------------------------------------------

IDENTITY_PROVIDER = gettext_lazy("deze inlogdienst")
SECRET_VARIABLE_PATTERN = re.compile(rf"{oidc.SECRET_VARIABLE_PREFIX}[A-Z0-9_]{{1,80}}")
DOMAIN_PATTERN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
IDENTITY_PROVIDER_FIELDS = (
    "organisation",
    "name",
    "issuer",
    "client_id",
    "client_secret_variable",
    "trusts_mfa",
    "mfa_acr_values",
    "is_active",
)


def _check_identity_provider(
    *,
    actor: User,
    organisation: Organisation,
    issuer: str,
    client_secret_variable: str,
    email_domains: list[str],
    exclude_pk: int | None,
) -> None:
    errors: dict[str, str] = {}
    if actor.region_id is None or organisation.region_id != actor.region_id:
        errors["organisation"] = _("Kies een organisatie uit uw eigen regio.")
    scheme = urlsplit(issuer).scheme
    if scheme != "https" and not (scheme == "http" and oidc.is_loopback(issuer)):
        errors["issuer"] = _("De issuer-URL begint met https://.")
    elif urlsplit(issuer).query or urlsplit(issuer).fragment:
        errors["issuer"] = _("Een issuer-URL heeft geen ? of # erin.")
    if not SECRET_VARIABLE_PATTERN.fullmatch(client_secret_variable):
        errors["client_secret_variable"] = _(
            "Gebruik een naam die begint met %(prefix)s, gevolgd door hoofdletters, cijfers "
            "of _, bijvoorbeeld %(prefix)sPOLITIE. Zet het geheim zelf in die "
            "omgevingsvariabele op de server, nooit hier."
        ) % {"prefix": oidc.SECRET_VARIABLE_PREFIX}
    bad = [domain for domain in email_domains if not DOMAIN_PATTERN.fullmatch(domain)]
    if not email_domains:
        errors["email_domains"] = _("Vul ten minste één e-maildomein in, bijvoorbeeld politie.nl.")
    elif bad:
        errors["email_domains"] = _("Geen geldig e-maildomein: %(domains)s.") % {
            "domains": ", ".join(bad)[:200]
        }
    else:
        taken = IdentityProviderDomain.objects.filter(domain__in=email_domains)
        if exclude_pk is not None:
            taken = taken.exclude(provider_id=exclude_pk)
        taken_names = sorted(taken.values_list("domain", flat=True))
        if taken_names:
            errors["email_domains"] = _(
                "Dit domein hoort al bij een andere inlogdienst: %(domains)s."
            ) % {"domains": ", ".join(taken_names)}
    taken_issuer = IdentityProvider.objects.filter(issuer=issuer)
    if exclude_pk is not None:
        taken_issuer = taken_issuer.exclude(pk=exclude_pk)
    if "issuer" not in errors and taken_issuer.exists():
        errors["issuer"] = _("Er is al een inlogdienst met deze issuer-URL.")
    if errors:
        raise ValidationError(errors)


def _set_domains(provider: IdentityProvider, email_domains: list[str]) -> None:
    provider.domains.exclude(domain__in=email_domains).delete()
    existing = set(provider.domains.values_list("domain", flat=True))
    IdentityProviderDomain.objects.bulk_create(
        [
            IdentityProviderDomain(provider=provider, domain=domain)
            for domain in sorted(set(email_domains) - existing)
        ]
    )


def _describe(provider: IdentityProvider, email_domains: list[str]) -> str:
    return (
        f"{provider.name} (#{provider.pk}) van {provider.organisation}: {provider.issuer}, "
        f"domeinen {', '.join(email_domains)}, mfa vertrouwd: "
        f"{'ja' if provider.trusts_mfa else 'nee'}, actief: {'ja' if provider.is_active else 'nee'}"
    )


@transaction.atomic
def create_identity_provider(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    issuer: str,
    client_id: str,
    client_secret_variable: str,
    email_domains: list[str],
    trusts_mfa: bool,
    mfa_acr_values: str,
    is_active: bool,
) -> IdentityProvider:
    """A beheerder lets an organisation's people sign in through its own IdP."""
    _check_identity_provider(
        actor=actor,
        organisation=organisation,
        issuer=issuer,
        client_secret_variable=client_secret_variable,
        email_domains=email_domains,
        exclude_pk=None,
    )
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        name=name,
        issuer=issuer,
        client_id=client_id,
        client_secret_variable=client_secret_variable,
        trusts_mfa=trusts_mfa,
        mfa_acr_values=" ".join(mfa_acr_values.split()),
        is_active=is_active,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    _set_domains(provider, email_domains)
    record_security_event(
        kind=SecurityEventKind.IDENTITY_PROVIDER_CHANGED,
        actor=actor,
        detail="aangemaakt: " + _describe(provider, email_domains),
    )
    record_access(actor=actor, action=AccessAction.CREATE, obj=provider)
    return provider


@transaction.atomic
def update_identity_provider(
    *,
    actor: User,
    provider: IdentityProvider,
    organisation: Organisation,
    name: str,
    issuer: str,
    client_id: str,
    client_secret_variable: str,
    email_domains: list[str],
    trusts_mfa: bool,
    mfa_acr_values: str,
    is_active: bool,
    expected_version: int | None = None,
) -> IdentityProvider:
    current = (
        IdentityProvider.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=provider.pk)
    )
    if current.organisation.region_id != actor.region_id:
        raise ValidationError(_("Deze inlogdienst hoort niet bij uw regio."))
    _check_identity_provider(
        actor=actor,
        organisation=organisation,
        issuer=issuer,
        client_secret_variable=client_secret_variable,
        email_domains=email_domains,
        exclude_pk=current.pk,
    )
    claim_version(current, expected=expected_version, actor=actor, what=IDENTITY_PROVIDER)
    new_values: dict[str, object] = {
        "organisation": organisation,
        "name": name,
        "issuer": issuer,
        "client_id": client_id,
        "client_secret_variable": client_secret_variable,
        "trusts_mfa": trusts_mfa,
        "mfa_acr_values": " ".join(mfa_acr_values.split()),
        "is_active": is_active,
    }
    changed = [
        field_name
        for field_name in IDENTITY_PROVIDER_FIELDS
        if getattr(current, field_name) != new_values[field_name]
    ]
    if sorted(set(email_domains)) != sorted(current.domain_names):
        changed.append("email_domains")
    if changed:
        for field_name, value in new_values.items():
            setattr(current, field_name, value)
        columns = [field_name for field_name in changed if field_name != "email_domains"]
        if columns:
            current.save(update_fields=columns)
        _set_domains(current, email_domains)
        if "organisation" in changed or "issuer" in changed:
            # The subjects were those of the old IdP or organisation: match anew by e-mail.
            current.identities.all().delete()
        record_security_event(
            kind=SecurityEventKind.IDENTITY_PROVIDER_CHANGED,
            actor=actor,
            detail=f"gewijzigd ({', '.join(changed)}): " + _describe(current, email_domains),
        )
        record_access(
            actor=actor, action=AccessAction.CHANGE, obj=current, detail=", ".join(changed)
        )
    return current


# --- two-factor devices ---------------------------------------------------------------


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_security_event(kind=SecurityEventKind.TWO_FACTOR_ENROLLED, user=device.user)


@transaction.atomic
def reset_two_factor(*, user: User, actor: User) -> None:
    """The beheerder lets a user enrol again (e.g. a lost phone).

    Sessions that were verified with the old device end too: whoever holds the lost
    phone must not keep a signed-in browser.
    """
    if user.region_id != actor.region_id:
        raise ValidationError(_("Dit account hoort niet bij uw regio."))
    TOTPDevice.objects.filter(user=user).delete()
    _end_sessions(user=user)
    record_security_event(kind=SecurityEventKind.TWO_FACTOR_RESET, user=user, actor=actor)
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        obj=user,
        detail="tweestapsverificatie opnieuw ingesteld",
    )


# --- user accounts (functioneel beheer) -----------------------------------------------

SELF_GRANT_MESSAGE = gettext_lazy(
    "U kunt uzelf geen rol geven. Vraag een andere functioneel beheerder om dit te doen."
)


SEPARATION_OF_DUTIES_MESSAGE = gettext_lazy(
    "Een functioneel beheerder kan geen rol hebben die casusinhoud opent (procesregisseur, "
    "ketenpartner of informatiemakelaar). Wie toegang uitdeelt, gebruikt die niet zelf: "
    "gebruik voor casuswerk een apart account."
)


def _check_separation_of_duties(roles: set[str]) -> None:
    if Role.BEHEERDER in roles and roles & CASE_CONTENT_ROLES:
        raise ValidationError({"roles": str(SEPARATION_OF_DUTIES_MESSAGE)})


def _pending_grants(user: User) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.select_for_update().filter(user=user, status=RoleGrantStatus.PENDING)


def _role_names(roles: Iterable[str]) -> str:
    return ", ".join(sorted(roles)) or "-"


@transaction.atomic
def set_roles(*, user: User, roles: set[str], actor: User) -> set[str]:
    """Bring the user's roles to `roles`; returns the roles that now wait for approval.

    Removing a role takes effect at once. A new role that opens no case content takes
    effect at once too; a case role becomes a pending grant that a second person must
    approve. Nobody gives themselves a role, whatever the entrance.
    """
    current = set(user.role_assignments.values_list("role", flat=True))
    pending_grants = {grant.role: grant for grant in _pending_grants(user)}
    added = roles - current - set(pending_grants)
    if user.pk == actor.pk and added:
        raise ValidationError({"roles": str(SELF_GRANT_MESSAGE)})
    _check_separation_of_duties(roles)

    now = timezone.now()
    for role, grant in pending_grants.items():
        if role not in roles:
            grant.status = RoleGrantStatus.WITHDRAWN
            grant.decided_by = actor
            grant.decided_at = now
            grant.save(update_fields=["status", "decided_by", "decided_at"])
            record_security_event(
                kind=SecurityEventKind.ROLE_GRANT_REJECTED,
                user=user,
                actor=actor,
                detail=f"{role}: aanvraag ingetrokken",
            )

    immediate = added - CASE_CONTENT_ROLES
    granted = (current & roles) | immediate
    if granted != current:
        RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=user, role=role, granted_by=actor) for role in immediate]
        )
        user._role_cache = None
        record_security_event(
            kind=SecurityEventKind.ROLE_CHANGED,
            user=user,
            actor=actor,
            detail=f"{_role_names(current)} -> {_role_names(granted)}",
        )

    requested = added & CASE_CONTENT_ROLES
    for role in sorted(requested):
        RoleGrant.objects.create(user=user, role=role, requested_by=actor)
        record_security_event(
            kind=SecurityEventKind.ROLE_GRANT_REQUESTED,
            user=user,
            actor=actor,
            detail=f"{role}: wacht op goedkeuring door een tweede persoon",
        )
    return (set(pending_grants) & roles) | requested


def _decide(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """The grant, locked and still pending, in the actor's region."""
    current = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "user__organisation")
        .filter(pk=grant.pk)
        .first()
    )
    if current is None or current.user.region_id != actor.region_id:
        raise ValidationError(_("Deze aanvraag hoort niet bij uw regio."))
    if current.status != RoleGrantStatus.PENDING:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    if not actor.has_role(*GRANT_APPROVER_ROLES):
        raise ValidationError(
            _("Alleen een functioneel beheerder of de manager beslist over deze aanvraag.")
        )
    if current.user_id == actor.pk:
        raise ValidationError(_("U kunt niet beslissen over een rol voor uzelf."))
    return current


@transaction.atomic
def approve_role_grant(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """A second person approves: only now does the case role take effect."""
    current = _decide(actor=actor, grant=grant)
    refusal = account_selectors.approval_refusal(actor, current)
    if refusal:
        raise ValidationError(refusal)
    RoleAssignment.objects.get_or_create(
        user=current.user, role=current.role, defaults={"granted_by": actor}
    )
    current.user._role_cache = None
    current.status = RoleGrantStatus.APPROVED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    requester = current.requested_by.username if current.requested_by else "-"
    record_security_event(
        kind=SecurityEventKind.ROLE_GRANT_APPROVED,
        user=current.user,
        actor=actor,
        detail=f"{current.role}: aangevraagd door {requester}",
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        obj=current.user,
        detail=f"rol goedgekeurd: {current.role}",
    )
    return current


@transaction.atomic
def reject_role_grant(*, actor: User, grant: RoleGrant) -> RoleGrant:
    """Refuse a pending grant; the requester doing so withdraws it."""
    current = _decide(actor=actor, grant=grant)
    withdrawn = current.requested_by_id == actor.pk
    current.status = RoleGrantStatus.WITHDRAWN if withdrawn else RoleGrantStatus.REJECTED
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    record_security_event(
        kind=SecurityEventKind.ROLE_GRANT_REJECTED,
        user=current.user,
        actor=actor,
        detail=f"{current.role}: " + ("aanvraag ingetrokken" if withdrawn else "afgewezen"),
    )
    record_access(
        actor=actor,
        action=AccessAction.CHANGE,
        obj=current.user,
        detail=f"rol {'ingetrokken' if withdrawn else 'afgewezen'}: {current.role}",
    )
    return current


def _check_account(
    *, actor: User, organisation: Organisation, roles: set[str], user: User | None
) -> None:
    """Invariants of an account a beheerder writes, whichever entrance calls this."""
    errors: dict[str, str] = {}
    if actor.region_id is None or organisation.region_id != actor.region_id:
        errors["organisation"] = _("Kies een organisatie uit uw eigen regio.")
    unknown = roles - set(Role.values)
    own = user is not None and user.pk == actor.pk
    if not roles or unknown:
        errors["roles"] = _("Kies ten minste één geldige rol.")
    elif own and Role.BEHEERDER not in roles:
        errors["roles"] = _(
            "U kunt uw eigen rol als functioneel beheerder niet intrekken. "
            "Vraag dat aan een andere beheerder."
        )
    elif (
        own
        and user is not None
        and roles - set(user.role_assignments.values_list("role", flat=True))
    ):
        errors["roles"] = str(SELF_GRANT_MESSAGE)
    elif Role.BEHEERDER in roles and roles & CASE_CONTENT_ROLES:
        errors["roles"] = str(SEPARATION_OF_DUTIES_MESSAGE)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_account(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    job_title: str,
    organisation: Organisation,
    roles: set[str],
    password: str,
) -> User:
    """A beheerder creates an account; the user enrols TOTP at their first sign-in."""
    _check_account(actor=actor, organisation=organisation, roles=roles, user=None)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        job_title=job_title,
        organisation=organisation,
    )
    user.set_password(password)
    user.save()
    record_security_event(kind=SecurityEventKind.ACCOUNT_CREATED, user=user, actor=actor)
    set_roles(user=user, roles=roles, actor=actor)
    record_access(actor=actor, action=AccessAction.CREATE, obj=user)
    return user


@transaction.atomic
def update_account(
    *,
    actor: User,
    user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    job_title: str,
    organisation: Organisation,
    roles: set[str],
) -> User:
    current = (
        User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
    )
    if current.region_id != actor.region_id:
        raise ValidationError(_("Dit account hoort niet bij uw regio."))
    _check_account(actor=actor, organisation=organisation, roles=roles, user=current)
    new_values = {
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "phone": phone,
        "job_title": job_title,
    }
    changed = [name for name in ACCOUNT_FIELDS if getattr(current, name) != new_values[name]]
    if current.organisation_id != organisation.pk:
        changed.append("organisation")
    for name, value in new_values.items():
        setattr(current, name, value)
    current.organisation = organisation
    if changed:
        current.save(update_fields=changed)
        record_security_event(
            kind=SecurityEventKind.ACCOUNT_CHANGED,
            user=current,
            actor=actor,
            detail=", ".join(changed),
        )
        record_access(
            actor=actor,
            action=AccessAction.CHANGE,
            obj=current,
            detail=", ".join(changed),
        )
    set_roles(user=current, roles=roles, actor=actor)
    return current


@transaction.atomic
def deactivate_account(*, actor: User, user: User) -> None:
    """The account can no longer sign in and its open sessions end at once."""
    if user.pk == actor.pk:
        raise ValidationError(_("U kunt uw eigen account niet deactiveren."))
    if user.region_id != actor.region_id:
        raise ValidationError(_("Dit account hoort niet bij uw regio."))
    if not user.is_active:
        return
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    _end_sessions(user=user)
    record_security_event(kind=SecurityEventKind.ACCOUNT_DEACTIVATED, user=user, actor=actor)
    record_access(actor=actor, action=AccessAction.CHANGE, obj=user, detail="gedeactiveerd")


@transaction.atomic
def activate_account(*, actor: User, user: User) -> None:
    if user.region_id != actor.region_id:
        raise ValidationError(_("Dit account hoort niet bij uw regio."))
    if user.is_active:
        return
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    record_security_event(kind=SecurityEventKind.ACCOUNT_ACTIVATED, user=user, actor=actor)
    record_access(actor=actor, action=AccessAction.CHANGE, obj=user, detail="geactiveerd")
