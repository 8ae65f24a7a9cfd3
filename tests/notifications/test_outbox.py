"""The outbox: an e-mail is queued with its "mailed" mark and sent after commit, once per
recipient and event; the edges of a send that did not finish (schakel.notifications.outbox)."""

import datetime
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from schakel.notifications import outbox
from schakel.notifications.models import OutboundEmail, OutboundStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(politie):
    return UserFactory(organisation=politie)


def queue(user, event="bericht-1-abc"):
    return outbox.queue_email(
        user=user,
        event=event,
        message=EmailMessage(subject="Schakel: test", body="Goedendag", to=[user.email]),
    )


def test_queued_once_per_recipient_and_event_and_sent_once(user):
    assert queue(user) is True
    assert queue(user) is False  # a second run or worker queues nothing
    assert not mail.outbox  # nothing leaves inside the transaction that queues it

    assert outbox.deliver_pending() == 1
    assert outbox.deliver_pending() == 0
    (sent,) = mail.outbox
    row = OutboundEmail.objects.get()
    assert (row.status, row.attempts) == (OutboundStatus.SENT, 1)
    assert sent.extra_headers["Message-ID"] == row.message_id
    assert sent.to == [user.email]


def test_send_that_did_not_finish_is_sent_again_with_the_same_message_id(user):
    """A worker killed between the mail server's acceptance and the "sent" mark leaves
    the row claimed: after the lease it goes again, recognisably the same e-mail."""
    queue(user)
    row = OutboundEmail.objects.get()
    claimed = timezone.now() - datetime.timedelta(seconds=30)
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboundStatus.SENDING, claimed_at=claimed, attempts=1
    )
    assert outbox.deliver_pending() == 0  # another worker may still be sending it

    OutboundEmail.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - outbox.CLAIM_LEASE - datetime.timedelta(seconds=1)
    )
    assert outbox.deliver_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboundStatus.SENT, 2)
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_refused_by_the_mail_server_waits_and_is_given_up_after_the_last_try(user):
    queue(user)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPServerDisconnected("weg"),
    ):
        for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
            assert outbox.deliver_pending() == 0
            row = OutboundEmail.objects.get()
            assert row.attempts == attempt
            assert "SMTPServerDisconnected" in row.last_error
    assert row.status == OutboundStatus.FAILED
    assert outbox.deliver_pending() == 0
    assert not mail.outbox
