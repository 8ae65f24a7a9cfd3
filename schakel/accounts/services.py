"""Writes for accounts: sign-in bookkeeping, two-factor devices, sessions, user accounts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.access.client import current_client_address
from schakel.access.log import record_access
from schakel.access.models import AccessAction
from schakel.accounts import selectors as account_selectors
from schakel.accounts.models import (
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
