"""The replica router: lists and reports may read from a streaming replica; writes, the
access log, identity and migrations stay on the primary; a session that just wrote reads
the primary. The same behaviour against a real PostgreSQL streaming replica is in
test_replica_postgres.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import User, UserSession
from schakel.cases.models import Case
from schakel.core import routing
from schakel.core.routing import (
    PRIMARY_UNTIL_SESSION_KEY,
    REPLICA_DB_ALIAS,
    REPLICA_READ_VIEWS,
    ReplicaRouter,
    ReplicaRoutingMiddleware,
)
from tests.access.test_authorization_matrix import project_patterns
from tests.helpers import sign_in

router = ReplicaRouter()


def _add_replica_alias(settings_dict: dict) -> None:
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: dict(connections[DEFAULT_DB_ALIAS].settings_dict),
            "replica": settings_dict,
        }
    )
    connections.settings[REPLICA_DB_ALIAS] = configured[REPLICA_DB_ALIAS]


def _remove_replica_alias() -> None:
    if REPLICA_DB_ALIAS in connections.settings:
        connections[REPLICA_DB_ALIAS].close()
        del connections[REPLICA_DB_ALIAS]
        del connections.settings[REPLICA_DB_ALIAS]


@pytest.fixture
def replica_alias(tmp_path):
    """A "replica" alias for the router's decisions: an empty SQLite file, connected to but
    never read."""
    _add_replica_alias(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "replica.sqlite3")}
    )
    yield REPLICA_DB_ALIAS
    _remove_replica_alias()


@pytest.fixture
def reachable_replica(replica_alias, django_db_setup, django_db_blocker):
    """The middleware may connect to it (and to the test database), outside any test
    transaction, as in a real request."""
    with django_db_blocker.unblock():
        yield replica_alias


@pytest.fixture
def unreachable_replica(django_db_setup, django_db_blocker):
    _add_replica_alias(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "schakel",
            "USER": "schakel",
            "HOST": "127.0.0.1",
            # Port 9 (discard) has no PostgreSQL behind it.
            "PORT": "9",
            "OPTIONS": {"connect_timeout": 1},
        }
    )
    with django_db_blocker.unblock():
        yield REPLICA_DB_ALIAS
    _remove_replica_alias()


@pytest.fixture
def second_connection(transactional_db):
    """A "replica" alias that is a second connection to the test database itself: what is
    committed on the primary can be read through it, as on a replica that has caught up.
    Added and connected after the test's database guard is in place, which admits it."""
    _add_replica_alias(dict(connections[DEFAULT_DB_ALIAS].settings_dict))
    connections[REPLICA_DB_ALIAS].connect()
    yield REPLICA_DB_ALIAS
    _remove_replica_alias()


def _in_replica_view():
    """The routing state of a request inside a list view, as the middleware sets it."""
    state = routing._RequestRouting(replica_allowed=True)
    token = routing._current.set(state)
    return state, token


# --- Without a replica nothing changes ------------------------------------------------------


def test_without_a_replica_the_router_decides_nothing():
    state, token = _in_replica_view()
    try:
        assert router.db_for_read(Case) is None
        assert router.db_for_write(Case) is None
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is None
    finally:
        routing._current.reset(token)


def test_without_a_replica_the_middleware_passes_the_request_on(rf):
    request = rf.get(reverse("cases:list"))
    seen = []

    def view(request):
        seen.append(routing._current.get())
        return HttpResponse()

    ReplicaRoutingMiddleware(view)(request)
    assert seen == [None]


# --- The router's decisions ------------------------------------------------------------------


@pytest.mark.usefixtures("replica_alias")
class TestDecisions:
    def test_a_list_view_reads_domain_data_from_the_replica(self):
        state, token = _in_replica_view()
        try:
            assert router.db_for_read(Case) == REPLICA_DB_ALIAS
            assert router.db_for_read(AccessLogEntry) == REPLICA_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_identity_and_sessions_are_always_read_from_the_primary(self):
        state, token = _in_replica_view()
        try:
            assert router.db_for_read(User) == DEFAULT_DB_ALIAS
            assert router.db_for_read(UserSession) == DEFAULT_DB_ALIAS
            assert router.db_for_read(SessionStore().model) == DEFAULT_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_outside_a_list_view_everything_is_read_from_the_primary(self):
        assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
        state = routing._RequestRouting(replica_allowed=False)
        token = routing._current.set(state)
        try:
            assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_every_write_and_every_log_row_goes_to_the_primary(self):
        state, token = _in_replica_view()
        try:
            assert router.db_for_write(AccessLogEntry) == DEFAULT_DB_ALIAS
            assert router.db_for_write(Case) == DEFAULT_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_after_a_write_the_request_reads_its_own_write_from_the_primary(self):
        state, token = _in_replica_view()
        try:
            router.db_for_write(Case)
            assert state.wrote
            assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_bookkeeping_writes_do_not_end_replica_reads(self):
        state, token = _in_replica_view()
        try:
            router.db_for_write(AccessLogEntry)
            router.db_for_write(UserSession)
            router.db_for_write(SessionStore().model)
            assert not state.wrote
            assert router.db_for_read(Case) == REPLICA_DB_ALIAS
        finally:
            routing._current.reset(token)

    def test_migrations_run_on_the_primary_only(self):
        assert router.allow_migrate(REPLICA_DB_ALIAS, "cases") is False
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is None

    def test_a_row_read_from_the_replica_may_point_to_one_on_the_primary(self):
        on_replica, on_primary = Case(), User()
        on_replica._state.db = REPLICA_DB_ALIAS
        on_primary._state.db = DEFAULT_DB_ALIAS
        assert router.allow_relation(on_replica, on_primary) is True


def test_every_replica_view_is_a_url_of_schakel():
    assert REPLICA_READ_VIEWS <= set(project_patterns())


# --- The middleware: which requests may read the replica -------------------------------------


def _request_through_middleware(request):
    """Runs the request through the middleware and a view that reports its routing."""
    seen = {}

    def view(request):
        seen["routing"] = routing._current.get()
        seen["read_from"] = router.db_for_read(Case)
        return HttpResponse()

    middleware = ReplicaRoutingMiddleware(view)

    def handler(request):
        # Django calls process_view between the middleware's own __call__ and the view.
        match = resolve(request.path_info)
        request.resolver_match = match
        middleware.process_view(request, view, match.args, match.kwargs)
        return view(request)

    middleware.get_response = handler
    middleware(request)
    return seen


@pytest.mark.usefixtures("reachable_replica")
class TestMiddleware:
    def _request(self, method: str, name: str, session: dict | None = None, user=None):
        request = getattr(RequestFactory(), method)(reverse(name))
        request.session = session if session is not None else {}
        request.user = user if user is not None else User(pk=1)
        return request

    def test_a_list_reads_from_the_replica(self):
        seen = _request_through_middleware(self._request("get", "cases:list"))
        assert seen["read_from"] == REPLICA_DB_ALIAS

    def test_inside_a_transaction_a_list_reads_from_the_primary(self):
        with transaction.atomic():
            seen = _request_through_middleware(self._request("get", "cases:list"))
        assert seen["routing"].replica_allowed
        assert seen["read_from"] == DEFAULT_DB_ALIAS

    def test_a_page_that_is_no_list_reads_from_the_primary(self):
        seen = _request_through_middleware(self._request("get", "notifications:list"))
        assert not seen["routing"].replica_allowed

    def test_a_post_to_a_list_reads_from_the_primary(self):
        seen = _request_through_middleware(self._request("post", "cases:list"))
        assert not seen["routing"].replica_allowed

    def test_a_session_that_just_wrote_reads_from_the_primary(self):
        session = {PRIMARY_UNTIL_SESSION_KEY: time.time() + 10}
        seen = _request_through_middleware(self._request("get", "cases:list", session))
        assert not seen["routing"].replica_allowed

    def test_when_the_stickiness_has_passed_the_replica_is_read_again(self):
        session = {PRIMARY_UNTIL_SESSION_KEY: time.time() - 1}
        seen = _request_through_middleware(self._request("get", "cases:list", session))
        assert seen["routing"].replica_allowed

    def test_a_request_that_wrote_marks_its_session(self, settings):
        settings.SCHAKEL_REPLICA_STICKY_SECONDS = 30
        request = self._request("post", "notifications:mark_all_read")

        def view(request):
            router.db_for_write(Case)
            return HttpResponse()

        ReplicaRoutingMiddleware(view)(request)
        assert request.session[PRIMARY_UNTIL_SESSION_KEY] == pytest.approx(time.time() + 30, abs=5)

    def test_an_anonymous_request_gets_no_mark(self):
        request = self._request("post", "accounts:logout", user=AnonymousUser())

        def view(request):
            router.db_for_write(Case)
            return HttpResponse()

        ReplicaRoutingMiddleware(view)(request)
        assert request.session == {}

    def test_a_request_that_only_logged_leaves_its_session_alone(self):
        request = self._request("get", "cases:list")

        def view(request):
            router.db_for_write(AccessLogEntry)
            return HttpResponse()

        ReplicaRoutingMiddleware(view)(request)
        assert PRIMARY_UNTIL_SESSION_KEY not in request.session


@pytest.mark.usefixtures("unreachable_replica")
def test_an_unreachable_replica_leaves_the_lists_on_the_primary():
    request = RequestFactory().get(reverse("cases:list"))
    request.session = {}
    seen = _request_through_middleware(request)
    assert not seen["routing"].replica_allowed
    assert seen["read_from"] == DEFAULT_DB_ALIAS


# --- Through the whole stack, with committed data ---------------------------------------------


def test_the_case_list_reads_from_the_replica_and_logs_on_the_primary(
    second_connection, client, procesregisseur, case
):
    sign_in(client, procesregisseur)
    logged_before = AccessLogEntry.objects.count()
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
        CaptureQueriesContext(connections[REPLICA_DB_ALIAS]) as on_replica,
    ):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert Case._meta.db_table in replica_sql
    assert "INSERT" not in replica_sql.upper()
    # Who the user is comes from the primary, and so does the session.
    assert User._meta.db_table in primary_sql
    assert AccessLogEntry.objects.count() > logged_before
    assert f'INSERT INTO "{AccessLogEntry._meta.db_table}"' in primary_sql


# --- The settings ------------------------------------------------------------------------------

PRINT_DATABASES = (
    "import json, schakel.settings as s; "
    "print(json.dumps({alias: {key: db.get(key) for key in "
    "('HOST', 'PORT', 'TEST', 'DISABLE_SERVER_SIDE_CURSORS')} "
    "for alias, db in s.DATABASES.items()}))"
)


def _databases_with(**environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_REPLICA_URL", "SCHAKEL_DB_TRANSACTION_POOLING"}
    }
    env.update(SCHAKEL_DEBUG="1", DATABASE_URL="postgres://schakel@primary:5432/schakel")
    env.update(environment)
    result = subprocess.run(  # noqa: S603 (our own settings module, fixed arguments)
        [sys.executable, "-c", PRINT_DATABASES],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_database_replica_url_there_is_one_database():
    assert list(_databases_with()) == [DEFAULT_DB_ALIAS]


def test_database_replica_url_adds_the_replica_that_tests_mirror():
    databases = _databases_with(
        DATABASE_REPLICA_URL="postgres://schakel@replica:5432/schakel",
        SCHAKEL_DB_TRANSACTION_POOLING="1",
    )
    assert databases[REPLICA_DB_ALIAS]["HOST"] == "replica"
    assert databases[REPLICA_DB_ALIAS]["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}
    # Behind PgBouncer in transaction mode, no cursor outlives its transaction.
    assert databases[DEFAULT_DB_ALIAS]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert databases[REPLICA_DB_ALIAS]["DISABLE_SERVER_SIDE_CURSORS"] is True
