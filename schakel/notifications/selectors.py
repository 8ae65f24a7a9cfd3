"""Reads of the in-app messages: a user only ever reads their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from schakel.access.policy import visible_cases
from schakel.notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)

if TYPE_CHECKING:
    from schakel.accounts.models import User


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own messages, unread first, newest first within each group.

    `may_open` is False for a message about a case the user can no longer open: the page
    then shows neither its text nor its link."""
    if not user.is_authenticated:
        return Notification.objects.none()
    opens_case = Exists(visible_cases(user).filter(pk=OuterRef("case_id")))
    return (
        Notification.objects.filter(user_id=user.pk)
        .annotate(may_open=Q(case__isnull=True) | opens_case)
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def preferences_of(*, user: User) -> dict[str, str]:
    """The user's choice per kind of message; a kind without a choice is direct."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    return {kind.value: chosen.get(kind.value, Delivery.DIRECT) for kind in NotificationKind}
