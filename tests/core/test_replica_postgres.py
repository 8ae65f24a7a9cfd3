"""Against real PostgreSQL servers, with Schakel in gunicorn under production settings:

- a list reads from a streaming replica while its access-log rows land on the primary,
  and after a write the same session reads from the primary;
- a hot standby (read-only) and a stopped server show the Dutch maintenance page, and
  the first request after the database is back is served again, in the same process.
"""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.notifications.models import Notification
from tests.core.pg_servers import (
    database_under_test,
    needs_postgresql_servers,
    replay_paused,
    schakel_in_gunicorn,
    streaming_standby,
)
from tests.factories import CaseFactory, add_participant, add_person
from tests.helpers import sign_in

CASE_LIST = reverse("cases:list")
HEALTH = reverse("core:health")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [needs_postgresql_servers(), pytest.mark.django_db(transaction=True)]


def _session_of(client, user) -> str:
    sign_in(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _new_case(case, politie, title: str):
    later = CaseFactory(region=case.region, municipality=case.municipality, title=title)
    add_person(later)
    add_participant(later, politie, reason="melder")
    return later


def test_a_list_reads_from_the_replica_and_its_log_lands_on_the_primary(
    client, procesregisseur, case, politie
):
    Notification.objects.create(user=procesregisseur, text="Een ongelezen bericht")
    session = _session_of(client, procesregisseur)
    with streaming_standby() as standby:
        standby.catch_up()
        with replay_paused(standby):
            later = _new_case(case, politie, "Pas na het pauzeren gemeld")
            logged_before = AccessLogEntry.objects.count()
            with schakel_in_gunicorn(
                database_url=_primary_url(), replica_url=standby.url
            ) as server:
                server.session_cookie = session

                page = server.get(CASE_LIST)
                assert page.status == 200, server.log_tail()
                assert case.reference in page.body
                assert later.reference not in page.body, "the list was not read from the replica"
                # The replica takes no writes: the log rows are on the primary.
                assert AccessLogEntry.objects.count() > logged_before

                # A write in this session: from now on it reads what it wrote, from the primary.
                token = CSRF_TOKEN.search(page.body).group(1)
                marked = server.post(
                    reverse("notifications:mark_all_read"), {"csrfmiddlewaretoken": token}
                )
                assert marked.status == 302, server.log_tail()
                assert later.reference in server.get(CASE_LIST).body


def _primary_url() -> str:
    primary = database_under_test()
    return f"postgres://{primary['user']}@{primary['host']}:{primary['port']}/{primary['dbname']}"


def _health(server) -> tuple[int, dict]:
    answer = server.request("GET", HEALTH)
    return answer.status, json.loads(answer.body)


def _assert_maintenance(server, reason: str) -> None:
    page = server.get(CASE_LIST)
    assert page.status == 503, server.log_tail()
    assert page.headers["retry-after"] == "30"
    assert "Schakel is even niet beschikbaar" in page.body
    assert "Server Error" not in page.body
    # The load balancer's check asks without a session.
    cookie, server.session_cookie = server.session_cookie, ""
    assert _health(server) == (503, {"status": "onderhoud", "database": reason})
    server.session_cookie = cookie


def _assert_served(server, case) -> None:
    page = server.get(CASE_LIST)
    assert page.status == 200, server.log_tail()
    assert case.reference in page.body


def test_maintenance_while_read_only_or_stopped_and_back_at_once(client, procesregisseur, case):
    session = _session_of(client, procesregisseur)
    with streaming_standby() as standby:
        standby.catch_up()
        with schakel_in_gunicorn(database_url=standby.url) as server:
            server.session_cookie = session
            # A hot standby refuses every write (the session, the access log).
            _assert_maintenance(server, "alleen-lezen")

            standby.promote()
            _assert_served(server, case)

            # Restarted between two requests: the kept connection is dead, and replaced.
            standby.stop()
            standby.start()
            _assert_served(server, case)

            standby.stop()
            _assert_maintenance(server, "onbereikbaar")
            standby.start()
            _assert_served(server, case)
