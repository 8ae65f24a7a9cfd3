from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from schakel.access.models import AccessLogEntry
from schakel.access.policy import require_role
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role

if TYPE_CHECKING:
    from schakel.accounts.models import User


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
    require_role(user, Role.PRIVACY_OFFICER)
    region_id = user.region_id
    if region_id is None:  # no organisation, so no region: nothing is theirs to read
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
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
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
    require_role(user, Role.PRIVACY_OFFICER)
    region_id = user.region_id
    if region_id is None:  # no organisation, so no region: nothing is theirs to read
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
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events.select_related("user", "user__organisation").order_by("-occurred_at", "-pk")
