"""The outbox: every e-mail Schakel sends is first a row (OutboundEmail), sent after commit.

Why: an e-mail sent inside a transaction cannot be taken back when that transaction rolls
back or its worker dies before the commit; the next run then sends it again. So a task
that decides an e-mail must go (the direct e-mails, the daily overview) writes the row in
the same transaction as its "mailed" mark: either both are stored or neither. One row
per recipient and event (a unique constraint) makes a second row impossible, however many
workers or runs try.

Delivery (``deliver_pending``) takes one row at a time:

1. claim: in a short transaction, SELECT ... FOR UPDATE SKIP LOCKED a row that waits
   (or whose earlier claim ran out, see below), mark it "bezig" with the time, commit.
   Two workers never claim the same row: the second skips the locked one, and after the
   commit it no longer waits.
2. send it over SMTP, outside any transaction (no database connection is held while a
   mail server answers);
3. mark it "verzonden". When the database is away at that moment (a restart), the worker
   keeps trying for MARK_PATIENCE: it knows the e-mail went, so it never sends it again.

SMTP cannot take part in a database transaction, so one edge remains, and it is
at-least-once, never lost: a worker killed (kill -9, power loss) after the mail server
accepted the e-mail and before step 3 leaves the row "bezig". Nobody can know whether the
e-mail went; after CLAIM_LEASE another worker sends it again, with the same Message-ID, so
mail servers that drop duplicates do so and a reader's program shows one message. The
window is the time between the server's acceptance and one UPDATE. Sending it never again
instead (at-most-once) would lose a reminder whenever the kill came before the send,
which is the far more likely moment.
"""

from __future__ import annotations

import datetime
import logging
import time
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from schakel.accounts.models import User
from schakel.notifications.models import OutboundEmail, OutboundStatus

logger = logging.getLogger("schakel.outbox")

# A claim older than this is of a worker that died mid-send: the e-mail is sent again.
CLAIM_LEASE = datetime.timedelta(minutes=10)
# After this many failed tries (the mail server refused or was away) the row is given up.
MAX_ATTEMPTS = 5
# How long a worker that sent an e-mail keeps trying to mark it sent while the database
# is away, before it gives up (and the row is sent again after CLAIM_LEASE).
MARK_PATIENCE_SECONDS = 120.0
# Sent rows are kept this long, as the record of what went out, then removed.
KEEP_SENT = datetime.timedelta(days=90)


def _message_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "schakel"
    return make_msgid(idstring="schakel", domain=domain)


def queue_email(*, user: User, event: str, message: EmailMessage) -> bool:
    """Put the e-mail in the outbox, in the caller's transaction. Returns False when this
    recipient already has an e-mail for this event (it is then not queued again)."""
    (address,) = message.to
    row = OutboundEmail(
        user=user,
        event=event,
        to_address=address,
        subject=str(message.subject)[:300],
        body=str(message.body),
        message_id=_message_id(),
    )
    with transaction.atomic():
        if OutboundEmail.objects.filter(user=user, event=event).exists():
            return False
        OutboundEmail.objects.bulk_create([row], ignore_conflicts=True)
    return True


def _due(now: datetime.datetime):
    return OutboundEmail.objects.filter(
        Q(status=OutboundStatus.PENDING)
        | Q(status=OutboundStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    )


def _claim(skip: set[int]) -> OutboundEmail | None:
    now = timezone.now()
    with transaction.atomic():
        row = (
            _due(now)
            .exclude(pk__in=skip)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .first()
        )
        if row is None:
            return None
        if row.status == OutboundStatus.SENDING:
            logger.warning(
                "E-mail %s (%s) is sent again: its earlier attempt did not finish",
                row.pk,
                row.message_id,
            )
        row.status = OutboundStatus.SENDING
        row.claimed_at = now
        row.attempts += 1
        row.save(update_fields=["status", "claimed_at", "attempts"])
    return row


def _mark_sent(row: OutboundEmail) -> None:
    deadline = time.monotonic() + MARK_PATIENCE_SECONDS
    while True:
        try:
            OutboundEmail.objects.filter(pk=row.pk).update(
                status=OutboundStatus.SENT, sent_at=timezone.now(), last_error=""
            )
            return
        except DatabaseError:
            if time.monotonic() > deadline or connection.in_atomic_block:
                raise
            connection.close()
            time.sleep(0.5)


def _refused(row: OutboundEmail, error: Exception) -> None:
    status = OutboundStatus.FAILED if row.attempts >= MAX_ATTEMPTS else OutboundStatus.PENDING
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=status, last_error=f"{type(error).__name__}: {error}"[:300]
    )
    logger.warning("E-mail %s not sent (attempt %s): %s", row.pk, row.attempts, error)


def deliver_pending(connection_: BaseEmailBackend | None = None) -> int:
    """Send every e-mail in the outbox that waits, each once. Returns how many went out.

    Safe to run in any number of workers at once and to run again: see the module text.
    """
    mail = connection_ or get_connection()
    tried: set[int] = set()
    sent = 0
    while (row := _claim(tried)) is not None:
        tried.add(row.pk)
        message = EmailMessage(
            subject=row.subject,
            body=row.body,
            to=[row.to_address],
            headers={"Message-ID": row.message_id},
            connection=mail,
        )
        try:
            mail.send_messages([message])
        except OSError as error:  # smtplib.SMTPException is an OSError
            _refused(row, error)
            continue
        _mark_sent(row)
        sent += 1
    OutboundEmail.objects.filter(
        status=OutboundStatus.SENT, sent_at__lt=timezone.now() - KEEP_SENT
    ).delete()
    return sent
