"""Writes for accounts: sign-in bookkeeping, two-factor devices, roles, sessions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import (
    RoleAssignment,
    SecurityEvent,
    SecurityEventKind,
    User,
    UserSession,
)

# Writing last_seen on every request would turn each page view into a write.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record_security_event(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    detail: str = "",
) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.username if user else ""),
        actor=actor,
        detail=detail[:500],
        ip_address=_address(request),
    )


def start_user_session(*, request: HttpRequest, user: User) -> None:
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": _address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def touch_user_session(*, request: HttpRequest) -> None:
    key = request.session.session_key
    if not key:
        return
    cutoff = timezone.now() - SESSION_TOUCH_INTERVAL
    UserSession.objects.filter(session_key=key, last_seen_at__lt=cutoff).update(
        last_seen_at=timezone.now()
    )


@transaction.atomic
def end_user_session(*, user: User, user_session_id: int, request: HttpRequest) -> bool:
    """End one of the user's own sessions. Returns False when it is not theirs."""
    user_session = UserSession.objects.filter(pk=user_session_id, user=user).first()
    if user_session is None:
        return False
    Session.objects.filter(session_key=user_session.session_key).delete()
    user_session.delete()
    record_security_event(
        kind=SecurityEventKind.SESSION_ENDED, request=request, user=user, actor=user
    )
    return True


def forget_user_session(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user is enrolling, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice, request: HttpRequest) -> None:
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_security_event(
        kind=SecurityEventKind.TWO_FACTOR_ENROLLED, request=request, user=device.user
    )


@transaction.atomic
def reset_two_factor(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """The beheerder lets a user enrol again (e.g. a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    record_security_event(
        kind=SecurityEventKind.TWO_FACTOR_RESET, request=request, user=user, actor=actor
    )


@transaction.atomic
def set_roles(
    *, user: User, roles: set[str], actor: User | None, request: HttpRequest | None = None
) -> None:
    current = set(user.role_assignments.values_list("role", flat=True))
    if current == roles:
        return
    RoleAssignment.objects.filter(user=user).exclude(role__in=roles).delete()
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=role) for role in roles - current]
    )
    user._role_cache = None
    record_security_event(
        kind=SecurityEventKind.ROLE_CHANGED,
        request=request,
        user=user,
        actor=actor,
        detail=f"{', '.join(sorted(current)) or '-'} -> {', '.join(sorted(roles)) or '-'}",
    )
