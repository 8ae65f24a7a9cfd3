"""Session lifetime, the list of own sessions, ending them, and logging out (ASVS V3)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.accounts.middleware import LOGIN_AT_KEY
from schakel.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from tests.accounts.helpers import sign_in_for_real
from tests.factories import verified_device

pytestmark = pytest.mark.django_db


def test_idle_timeout_is_fifteen_minutes_by_default(client, member):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    sign_in_for_real(client, member, verified_device(member))

    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)


def test_idle_session_is_gone_after_the_timeout(client, member):
    sign_in_for_real(client, member, verified_device(member))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("home:worklist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT"))
        and ('"django_session"' in q["sql"] or '"accounts_usersession"' in q["sql"])
    ]


def test_requests_within_a_minute_do_not_write_the_session(client, member):
    signed_in_at = timezone.now()
    with time_machine.travel(signed_in_at, tick=False):
        sign_in_for_real(client, member, verified_device(member))
        assert client.get(reverse("home:worklist")).status_code == 200
    for seconds in (10, 30, 59):
        with (
            time_machine.travel(signed_in_at + timedelta(seconds=seconds), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            assert client.get(reverse("home:worklist")).status_code == 200
        assert _session_writes(queries.captured_queries) == []


def test_activity_after_a_minute_renews_the_idle_timeout(client, member):
    signed_in_at = timezone.now()
    with time_machine.travel(signed_in_at, tick=False):
        sign_in_for_real(client, member, verified_device(member))
    key = client.session.session_key
    later = signed_in_at + timedelta(minutes=10)
    with (
        time_machine.travel(later, tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get(reverse("home:worklist")).status_code == 200
    assert len(_session_writes(queries.captured_queries)) == 2  # the session, and its listing

    assert Session.objects.get(session_key=key).expire_date == later + timedelta(minutes=15)
    assert UserSession.objects.get(session_key=key).last_seen_at == later


def test_idle_expiry_is_enforced_without_a_write_per_request(client, member):
    """Requests in the last minute before the timeout were not written; the session still
    ends 15 minutes after its last write, never later."""
    signed_in_at = timezone.now()
    with time_machine.travel(signed_in_at, tick=False):
        sign_in_for_real(client, member, verified_device(member))
        assert client.get(reverse("home:worklist")).status_code == 200
    with time_machine.travel(signed_in_at + timedelta(seconds=50), tick=False):
        assert client.get(reverse("home:worklist")).status_code == 200
    with time_machine.travel(signed_in_at + timedelta(minutes=14, seconds=59), tick=False):
        assert client.get(reverse("home:worklist")).status_code == 200
    # That request renewed it: idle for a full 15 minutes from there, it is gone.
    ended = signed_in_at + timedelta(minutes=29, seconds=59, milliseconds=1)
    with time_machine.travel(ended, tick=False):
        response = client.get(reverse("home:worklist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_absolute_timeout_logs_out_whatever_the_activity(client, member, signed_in):
    signed_in(member)
    session = client.session
    session[LOGIN_AT_KEY] = (timezone.now() - timedelta(hours=13)).isoformat()
    session.save()

    response = client.get(reverse("home:worklist"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?verlopen=1"
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGOUT, user=member, detail__contains="sessieduur"
    ).exists()
    login_page = client.get(response.url)
    assert "Uw sessie is verlopen. Log opnieuw in." in login_page.text
    assert client.get(reverse("home:worklist")).status_code == 302


def test_sessions_page_lists_own_sessions_and_ends_another(client, member):
    device = verified_device(member)
    sign_in_for_real(client, member, device)
    laptop = sign_in_for_real(Client(HTTP_USER_AGENT="Laptop-browser"), member, device)
    laptop_key = laptop.session.session_key
    laptop_session = UserSession.objects.get(session_key=laptop_key)

    page = client.get(reverse("accounts:sessions"))

    assert page.status_code == 200
    assert {s.session_key for s in page.context["sessions"]} == {
        client.session.session_key,
        laptop_key,
    }
    assert "Laptop-browser" in page.text
    assert "Deze sessie" in page.text

    response = client.post(reverse("accounts:end_session", args=[laptop_session.pk]), follow=True)

    assert "De sessie is beëindigd." in response.text
    assert not Session.objects.filter(session_key=laptop_key).exists()
    assert not UserSession.objects.filter(pk=laptop_session.pk).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED, user=member).exists()
    assert laptop.get(reverse("home:worklist")).status_code == 302
    assert client.get(reverse("home:worklist")).status_code == 200


def test_ending_a_session_is_post_only(client, member):
    sign_in_for_real(client, member, verified_device(member))
    own = UserSession.objects.get(user=member)

    response = client.get(reverse("accounts:end_session", args=[own.pk]))

    assert response.status_code == 405
    assert UserSession.objects.filter(pk=own.pk).exists()


def test_expired_sessions_are_not_listed(client, member):
    device = verified_device(member)
    sign_in_for_real(client, member, device)
    stale = sign_in_for_real(Client(), member, device)
    Session.objects.filter(session_key=stale.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    page = client.get(reverse("accounts:sessions"))

    assert [s.session_key for s in page.context["sessions"]] == [client.session.session_key]
