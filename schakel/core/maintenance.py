"""A database that cannot take Schakel's work shows a maintenance page, not a 500.

Two situations, as an operator causes them or as failover does:

- unreachable: PostgreSQL stopped, restarting, or the network to it is gone
  (OperationalError, InterfaceError);
- read-only: the database refuses writes (default_transaction_read_only, a hot standby
  during failover, SQLite's query_only). Nearly every request writes (its session, its
  access-log rows), so a read-only database is maintenance for everyone.

Why in the 500 handler and not in a middleware of its own: Django turns an exception into
a response in every layer of the middleware stack, so an outer middleware never sees the
exception of a session saved by an inner one; the 500 handler sees every one of them.

Recovery needs nothing here: a connection that failed is closed at the end of the request
(Django closes an unusable connection after an error), and CONN_HEALTH_CHECKS makes the
first query of the next request replace a connection that died in between.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# How long a browser or client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

# SQLSTATE 25006, read_only_sql_transaction: PostgreSQL's answer to a write in a read-only
# transaction, a read-only database and a hot standby alike.
READ_ONLY_SQLSTATE = "25006"
SQLITE_READ_ONLY = "readonly database"


class Unavailable(StrEnum):
    READ_ONLY = "alleen-lezen"
    UNREACHABLE = "onbereikbaar"


def database_unavailable(error: BaseException | None) -> Unavailable | None:
    """Whether this error, or one it was raised from, means the database is unavailable."""
    seen = 0
    while error is not None and seen < 5:
        cause = error.__cause__
        if getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE or SQLITE_READ_ONLY in str(error):
            return Unavailable.READ_ONLY
        if isinstance(error, OperationalError | InterfaceError):
            return Unavailable.UNREACHABLE
        error = error.__cause__ or error.__context__
        seen += 1
    return None


# The partner API's address space: its clients get application/problem+json (RFC 9457).
API_PATH_PREFIX = "/api/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


def api_problem(*, status: int, kind: str, title: str, detail: str) -> JsonResponse:
    """An error of the partner API in the form of its other errors (schakel.api.problems)."""
    return JsonResponse(
        {
            "type": f"{settings.SCHAKEL_API_URL}/problemen/{kind}",
            "title": title,
            "status": status,
            "detail": detail,
        },
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def maintenance_response(request: HttpRequest, reason: Unavailable) -> HttpResponse:
    """The Dutch maintenance page, 503 with Retry-After, rendered without the database."""
    logger.warning("Database %s: onderhoudspagina getoond voor %s", reason, request.path)
    response: HttpResponse
    if request.path.startswith(API_PATH_PREFIX):
        response = api_problem(
            status=503,
            kind="onderhoud",
            title="Tijdelijk niet beschikbaar",
            detail="Schakel is in onderhoud. Probeer het later opnieuw; controleer bij een "
            "schrijfactie eerst of die is verwerkt.",
        )
    else:
        after_a_form = request.method not in ("GET", "HEAD", "OPTIONS")
        body = render_to_string("503.html", {"after_a_form": after_a_form})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
