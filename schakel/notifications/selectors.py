"""Reads of the in-app messages: a user only ever reads their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from schakel.notifications.models import Notification

if TYPE_CHECKING:
    from schakel.accounts.models import User


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """The user's own messages, unread first, newest first within each group."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def unread_count(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
