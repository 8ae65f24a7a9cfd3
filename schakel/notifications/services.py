"""Writes of the in-app messages: send (once per topic), mark read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from schakel.access.policy import case_readers
from schakel.notifications.models import Notification

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case

TEXT_MAX_LENGTH = Notification._meta.get_field("text").max_length


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    text: str,
    link: str = "",
    topic: str = "",
    case: Case | None = None,
) -> int:
    """Give each user the message; a user who already has this topic gets no second one.

    The text names a case by its reference only, never a person: it shows in lists. A
    message about a case goes only to users who may open that case (the access policy).
    Returns how many users got a new message.
    """
    recipients = {user.pk: user for user in users if user.is_active}
    if case is not None and recipients:
        readers = set(case_readers(case).filter(pk__in=recipients).values_list("pk", flat=True))
        recipients = {pk: user for pk, user in recipients.items() if pk in readers}
    if not recipients:
        return 0
    if topic:
        already = set(
            Notification.objects.filter(user_id__in=recipients, topic=topic).values_list(
                "user_id", flat=True
            )
        )
    else:
        already = set()
    new = [
        Notification(user_id=pk, text=text[:TEXT_MAX_LENGTH], link=link, topic=topic, case=case)
        for pk in recipients
        if pk not in already
    ]
    # ignore_conflicts: a concurrent sender of the same topic loses quietly (unique index).
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def mark_read(*, user: User, notification_pk: int) -> bool:
    """Mark one of the user's own messages read; False when it is not theirs or not there."""
    own = Notification.objects.filter(pk=notification_pk, user_id=user.pk)
    if not own.exists():
        return False
    own.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
