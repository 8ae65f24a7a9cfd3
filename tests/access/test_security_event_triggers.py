"""The security log is append-only down to the database, on PostgreSQL and on SQLite."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.services import record_security_event
from tests.factories import UserFactory


@pytest.fixture
def event(zvh, beheerder):
    user = UserFactory(organisation=zvh)
    return record_security_event(
        kind=SecurityEventKind.ROLE_CHANGED, user=user, actor=beheerder, detail="rollen: x"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounts_securityevent SET detail = 'vervalst'",
        "UPDATE accounts_securityevent SET kind = 'login'",
        "UPDATE accounts_securityevent SET username = 'iemand-anders'",
        "UPDATE accounts_securityevent SET ip_address = '10.0.0.9'",
        "UPDATE accounts_securityevent SET occurred_at = '2020-01-01 00:00:00+00:00'",
        "UPDATE accounts_securityevent SET user_id = actor_id",
        "DELETE FROM accounts_securityevent",
    ],
)
def test_database_refuses_tampering_with_security_events(event, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert SecurityEvent.objects.get(pk=event.pk).detail == "rollen: x"


def test_database_allows_clearing_the_user_when_an_account_is_removed(event):
    user_pk = event.user_id
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_securityevent SET user_id = NULL, actor_id = NULL")
    event = SecurityEvent.objects.get(pk=event.pk)
    assert (event.user_id, event.actor_id) == (None, None)
    assert event.username and event.detail == "rollen: x"
    assert user_pk is not None


def test_security_event_cannot_be_changed_through_django(event):
    event.detail = "anders"
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_logs_and_leaves_them_append_only(case, procesregisseur):
    """The test suite's flush (an owner's act, like TRUNCATE) is the one way to empty them."""
    from schakel.access.log import record_access

    record_access(actor=procesregisseur, action="read", case=case)
    record_security_event(kind=SecurityEventKind.LOGIN, user=procesregisseur)
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessLogEntry.objects.exists() and not SecurityEvent.objects.exists()

    user = UserFactory()
    record_security_event(kind=SecurityEventKind.LOGIN, user=user)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_securityevent")
    assert SecurityEvent.objects.count() == 1
