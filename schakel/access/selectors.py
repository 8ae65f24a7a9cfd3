from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Q, QuerySet

from schakel.access.models import AccessLogEntry
from schakel.access.policy import require_role
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role

if TYPE_CHECKING:
    from schakel.accounts.models import User


Logged = TypeVar("Logged", AccessLogEntry, SecurityEvent)


def _officer_region(user: User) -> int | None:
    """The privacy officer's region; None (read nothing) for an account without one."""
    require_role(user, Role.PRIVACY_OFFICER)
    return user.region_id


def _within(
    rows: QuerySet[Logged],
    field: str,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> QuerySet[Logged]:
    if date_from:
        rows = rows.filter(**{f"{field}__date__gte": date_from})
    if date_to:
        rows = rows.filter(**{f"{field}__date__lte": date_to})
    return rows


def access_log_for_privacy_officer(
    *,
    user: User,
    case_ref: int | None = None,
    person_ref: int | None = None,
    username: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The access log of the officer's own region; nobody else may read it."""
    region_id = _officer_region(user)
    if region_id is None:
        return AccessLogEntry.objects.none()
    entries = AccessLogEntry.objects.filter(organisation__region_id=region_id)
    if case_ref:
        entries = entries.filter(case_ref=case_ref)
    if person_ref:
        entries = entries.filter(person_ref=person_ref)
    if username:
        entries = entries.filter(user__username=username)
    if action:
        entries = entries.filter(action=action)
    entries = _within(entries, "at", date_from, date_to)
    return entries.select_related("user", "organisation", "person")


def refused_access_for_privacy_officer(
    *,
    user: User,
    name: str = "",
    organisation: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[SecurityEvent]:
    """Refused attempts to reach an object by users of the officer's own region."""
    region_id = _officer_region(user)
    if region_id is None:
        return SecurityEvent.objects.none()
    events = SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCESS_REFUSED, user__organisation__region_id=region_id
    )
    if name:
        events = events.filter(
            Q(username__icontains=name)
            | Q(user__first_name__icontains=name)
            | Q(user__last_name__icontains=name)
        )
    if organisation:
        events = events.filter(user__organisation__name__icontains=organisation)
    events = _within(events, "occurred_at", date_from, date_to)
    return events.select_related("user", "user__organisation").order_by("-occurred_at", "-pk")
