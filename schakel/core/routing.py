"""Reads of lists and reports from a PostgreSQL streaming replica, everything else primary.

Without DATABASE_REPLICA_URL there is no "replica" database and the router answers
nothing: Django's single-database behaviour is unchanged.

With a replica, a request may read from it only when all of this holds:

- its view is one of REPLICA_READ_VIEWS (lists and reports, GET or HEAD): the pages that
  read much and whose user can live with a list that is a fraction of a second behind;
- it has written nothing of its own yet, and its session wrote nothing in the last
  SCHAKEL_REPLICA_STICKY_SECONDS: whoever just saved something sees it on the next
  page, however far the replica lags;
- no transaction is open on the primary: a read inside a transaction belongs to it;
- the model is not one of PRIMARY_ONLY_APPS: who someone is, their roles, second factor,
  session and lockout are always read fresh.

Every write, the access log included, goes to the primary, and migrations run there only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA_DB_ALIAS = "replica"

# Lists and reports, by URL name. A name that no longer resolves fails
# tests/core/test_replica_routing.py.
REPLICA_READ_VIEWS = frozenset(
    {
        "home:worklist",
        "cases:list",
        "persons:search",
        "inquiries:list",
        "meetings:list",
        "followup:action_list",
        "nazorg:worklist",
        "transfers:list",
        "closure:improvements",
        "reports:index",
        "reports:report",
        "access:log",
        "access:refused",
        "access:unusual",
    }
)

# Identity, roles, second factor, sessions, lockout, API tokens and the task queue: a
# decision about who may do what is never taken on a copy that may lag.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "auth",
        "sessions",
        "otp_totp",
        "otp_static",
        "axes",
        "oauth2_provider",
        "django_tasks_db",
    }
)

# Writes that every request makes as bookkeeping (its session, its access-log rows, its
# security events, lockout counters). They do not make the user expect to see anything
# new, so they do not keep the request's reads on the primary.
BOOKKEEPING_MODELS = frozenset(
    {
        "sessions.session",
        "accounts.usersession",
        "accounts.securityevent",
        "access.accesslogentry",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
)

# The session key that keeps a user's reads on the primary until the given time.
PRIMARY_UNTIL_SESSION_KEY = "schakel_reads_primary_until"


@dataclass
class _RequestRouting:
    replica_allowed: bool = False
    wrote: bool = False


_current: ContextVar[_RequestRouting | None] = ContextVar("schakel_request_routing", default=None)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in connections.settings


def _sticky_seconds() -> int:
    return int(getattr(settings, "SCHAKEL_REPLICA_STICKY_SECONDS", 10))


class ReplicaRouter:
    """The Django database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        routing = _current.get()
        if (
            routing is not None
            and routing.replica_allowed
            and not routing.wrote
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA_DB_ALIAS
        # Said explicitly: Django would otherwise follow a related object to the database
        # its instance was read from, which may be the replica.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        routing = _current.get()
        if routing is not None and model._meta.label_lower not in BOOKKEEPING_MODELS:
            routing.wrote = True
        # Explicitly the primary: an instance read from the replica is saved on the primary.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read there may point to one here.
        both = {obj1._state.db, obj2._state.db}
        if both <= {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A streaming replica receives the schema from the primary and cannot be written.
        if db == REPLICA_DB_ALIAS:
            return False
        return None


class ReplicaRoutingMiddleware:
    """Lets the views in REPLICA_READ_VIEWS read from the replica, and keeps a session on
    the primary for a short while after it wrote something.

    Placed after the session and authentication middleware: it reads and marks the
    session, and the user is loaded (from the primary) before any view may read a copy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        routing = _RequestRouting()
        token = _current.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        user = getattr(request, "user", None)
        # Only a signed-in user's session: a logout must not leave a new, anonymous one.
        if routing.wrote and user is not None and user.is_authenticated:
            request.session[PRIMARY_UNTIL_SESSION_KEY] = time.time() + _sticky_seconds()
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        routing = _current.get()
        if routing is None or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in REPLICA_READ_VIEWS:
            return None
        session = getattr(request, "session", None)
        if session is not None and session.get(PRIMARY_UNTIL_SESSION_KEY, 0) > time.time():
            return None
        routing.replica_allowed = _replica_reachable()
        return None


def _replica_reachable() -> bool:
    """A replica that is down or restarting must not take the lists down with it: the
    request reads from the primary instead."""
    replica = connections[REPLICA_DB_ALIAS]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError:
        logger.warning("De leesreplica is niet bereikbaar; lijsten lezen van de primaire database.")
        replica.close()
        return False
    return True
