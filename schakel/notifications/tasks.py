"""Background work of the messages, run by `manage.py db_worker` (django-tasks), never a page:
the direct e-mails, the daily overview and the evaluation signal."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from schakel.access.policy import may_still_open
from schakel.accounts.models import User
from schakel.notifications import outbox
from schakel.notifications.models import DailyDigest, Delivery, Notification
from schakel.notifications.services import digest_email, direct_email


def _pending(delivery: str):
    return Notification.objects.filter(delivery=delivery, mailed_at__isnull=True)


def _message_event(notification: Notification) -> str:
    """The event of a message's e-mail: the message and the text it had, so a message
    whose text was replaced (notify(replace=True)) is mailed again, and an unchanged one
    never twice."""
    text = hashlib.sha256(f"{notification.text}\n{notification.link}".encode()).hexdigest()
    return f"bericht-{notification.pk}-{text[:16]}"


@task()
def send_direct_emails() -> int:
    """Mail every message whose recipient chose direct e-mail, once each.

    Safe to run twice or in several workers at once: each message is locked (SKIP LOCKED)
    and its e-mail queued in the outbox in the same transaction that sets mailed_at, so
    a message is queued once; the outbox sends each queued e-mail once after the commit
    (schakel.notifications.outbox). Returns how many e-mails went out in this run.
    """
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for pk in _pending(Delivery.DIRECT).values_list("pk", flat=True).iterator():
            with transaction.atomic():
                notification = (
                    _pending(Delivery.DIRECT)
                    .select_for_update(of=("self",), skip_locked=True)
                    .select_related("user", "case")
                    .filter(pk=pk)
                    .first()
                )
                if notification is None:
                    continue
                if notification.user.email and may_still_open(notification):
                    # One e-mail per recipient: no one learns who else got it.
                    outbox.queue_email(
                        user=notification.user,
                        event=_message_event(notification),
                        message=direct_email(notification, connection),
                    )
                notification.mailed_at = timezone.now()
                notification.save(update_fields=["mailed_at"])
        return outbox.deliver_pending(connection)


def _send_digest(user: User, day, connection) -> bool:
    with transaction.atomic():
        notifications = list(
            _pending(Delivery.DAGELIJKS)
            .filter(user=user)
            .select_for_update(of=("self",))
            .select_related("case")
            .order_by("created_at", "pk")
        )
        if not notifications:
            return False
        if DailyDigest.objects.filter(user=user, day=day).exists():
            return False  # today's overview went out; these wait for tomorrow's
        for notification in notifications:
            # One user object for all of them: its roles and the policy's facts are then
            # read once per overview, not once per message.
            notification.user = user
        shown = [n for n in notifications if may_still_open(n)]
        if shown and user.email:
            # The unique (user, day) row and the outbox row commit together with the
            # mailed marks: a second worker on the same day fails on the unique row and
            # queues nothing; the outbox sends the overview after the commit.
            DailyDigest.objects.create(user=user, day=day, message_count=len(shown))
            outbox.queue_email(
                user=user,
                event=f"overzicht-{day.isoformat()}",
                message=digest_email(user, shown, day, connection),
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            mailed_at=timezone.now()
        )
        return bool(shown and user.email)


@task()
def send_daily_digests() -> int:
    """Send each user who chose the daily overview one e-mail with their messages since
    the previous overview, at most one per day. Returns how many overviews were queued.

    Safe to run twice: the (user, day) row makes a second overview impossible, and the
    outbox sends each queued overview once."""
    day = timezone.localdate()
    users = User.objects.filter(
        Q(pk__in=_pending(Delivery.DAGELIJKS).values("user_id")), is_active=True
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection()
        for user in users.iterator():
            if _send_digest(user, day, connection):
                sent += 1
        outbox.deliver_pending(connection)
    return sent


@task()
def send_evaluation_signals() -> int:
    """Tell the procesregie of each case whose plan evaluation date has come, once per date.
    Returns how many plans were signalled now.

    Safe to run twice: the message's topic names the plan and its date, and a user gets a
    topic once (a unique constraint)."""
    # Deferred import: events imports the apps whose services call it.
    from schakel.notifications import events

    with translation.override(settings.LANGUAGE_CODE):
        return sum(1 for plan in events.evaluations_due() if events.evaluation_due(plan=plan))
