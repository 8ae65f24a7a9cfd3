"""Schakel's own error pages and its health check.

The 400, 500 and 503 pages are rendered without the request: no context processor runs,
so they need no database and show no one's data, whatever went wrong.
"""

import sys

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from schakel.core.maintenance import (
    API_PATH_PREFIX,
    Unavailable,
    api_problem,
    database_unavailable,
    maintenance_response,
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's own page is English; a session ended by a logout in another window while
    # this request ran is the case users meet (SessionInterrupted).
    body = render_to_string(
        "400.html", {"session_ended": isinstance(exception, SessionInterrupted)}
    )
    response = HttpResponse(body, status=400)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the 500 handler while it handles the exception.
    reason = database_unavailable(sys.exc_info()[1])
    if reason is not None:
        return maintenance_response(request, reason)
    response: HttpResponse
    if request.path.startswith(API_PATH_PREFIX):
        response = api_problem(
            status=500,
            kind="serverfout",
            title="Serverfout",
            detail="Schakel kon het verzoek niet afhandelen. Controleer bij een schrijfactie "
            "eerst of die is verwerkt voordat u haar herhaalt.",
        )
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: can this app server do its work? No login, no personal data.

    503 when its database cannot be reached or takes no writes, the same situations in
    which users see the maintenance page.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute(READ_ONLY_QUERY[connection.vendor])
            read_only = str(cursor.fetchone()[0]) in ("on", "1")
    except DatabaseError:
        return _health(Unavailable.UNREACHABLE)
    return _health(Unavailable.READ_ONLY if read_only else None)


READ_ONLY_QUERY = {
    # On for default_transaction_read_only and on a hot standby alike.
    "postgresql": "SHOW transaction_read_only",
    "sqlite": "PRAGMA query_only",
}


def _health(problem: Unavailable | None) -> JsonResponse:
    if problem is None:
        response = JsonResponse({"status": "ok", "database": "ok"})
    else:
        response = JsonResponse({"status": "onderhoud", "database": str(problem)}, status=503)
    response["Cache-Control"] = "no-store"
    return response
