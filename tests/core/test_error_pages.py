"""Every error page is Schakel's own and Dutch; a database that is read-only or gone shows
the maintenance page (503, Retry-After) and the next request after it is back works.
Stopping and starting a real PostgreSQL server is in test_replica_postgres.py."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from schakel.core.maintenance import Unavailable, maintenance_response
from tests.helpers import sign_in

ENGLISH = ("Bad Request", "Server Error", "Not Found", "Forbidden", "Service Unavailable")


def _dutch_page(response, *phrases: str) -> str:
    body = response.content.decode()
    assert '<html lang="nl"' in body
    for english in ENGLISH:
        assert english not in body
    for phrase in phrases:
        assert phrase in body
    assert response["Cache-Control"] == "no-store"
    return body


@pytest.fixture
def failing_client():
    """A client that gets the page a user gets, not the exception."""
    return Client(raise_request_exception=False)


def test_404_is_schakels_own(client, procesregisseur):
    sign_in(client, procesregisseur)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    _dutch_page(response, "Niet gevonden")


def test_403_is_schakels_own(client, manager):
    sign_in(client, manager)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 403
    _dutch_page(response, "Geen toegang")


def test_csrf_failure_is_schakels_own(procesregisseur):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, procesregisseur)
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 403
    _dutch_page(response, "Formulier verlopen")


def test_a_bad_host_gets_the_dutch_400(failing_client, settings):
    settings.ALLOWED_HOSTS = ["schakel.zvh.example"]
    response = failing_client.get(reverse("accounts:login"), headers={"host": "elders.example"})
    assert response.status_code == 400
    _dutch_page(response, "Verzoek niet verwerkt")


@contextlib.contextmanager
def _session_ended_while_rendering():
    """The user logs out in another window while this request renders its page."""

    def end_sessions(sender, context, **kwargs):
        request = getattr(context, "request", None)
        if request is None:  # the error page itself, rendered without the request
            return
        Session.objects.all().delete()
        # Also when only changed sessions are saved: this request still has one to save.
        request.session.modified = True

    template_rendered.connect(end_sessions)
    try:
        yield
    finally:
        template_rendered.disconnect(end_sessions)


def test_a_session_ended_during_the_request_gets_the_dutch_400(failing_client, procesregisseur):
    sign_in(failing_client, procesregisseur)
    with _session_ended_while_rendering():
        response = failing_client.get(reverse("home:worklist"))
    assert response.status_code == 400
    body = _dutch_page(response, "Uw sessie is beëindigd", "Log opnieuw in")
    assert "Controleer dan eerst of het is opgeslagen" in body


@pytest.mark.urls("tests.core.error_urls")
def test_500_does_not_invite_a_blind_retry(failing_client):
    response = failing_client.get("/test-fout/")
    assert response.status_code == 500
    body = _dutch_page(response, "Er ging iets mis", "Verstuur een formulier niet zomaar opnieuw")
    assert "Controleer eerst of uw melding of wijziging is opgeslagen" in body


@pytest.mark.urls("tests.core.error_urls")
def test_the_api_gets_its_500_as_a_problem(failing_client):
    response = failing_client.get("/api/test-fout/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 500
    assert problem["type"].endswith("/problemen/serverfout")
    assert "Controleer bij een schrijfactie eerst" in problem["detail"]


# --- Maintenance -------------------------------------------------------------------------------


@contextlib.contextmanager
def _read_only_database():
    """The database takes no writes, as during maintenance or on a hot standby."""
    statements = {
        "postgresql": (
            "SET default_transaction_read_only = on",
            "SET default_transaction_read_only = off",
        ),
        "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(statements[0])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(statements[1])


@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_shows_the_maintenance_page_and_recovers(
    failing_client, procesregisseur, case
):
    sign_in(failing_client, procesregisseur)
    with _read_only_database():
        # The case list writes its access-log rows, which the database refuses.
        response = failing_client.get(reverse("cases:list"))
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        _dutch_page(response, "Schakel is even niet beschikbaar")
        # The load balancer asks without a session.
        health = Client().get(reverse("core:health"))
        assert health.status_code == 503
        assert json.loads(health.content) == {"status": "onderhoud", "database": "alleen-lezen"}
    response = failing_client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert Client().get(reverse("core:health")).status_code == 200


def test_the_api_gets_maintenance_as_a_problem(rf):
    response = maintenance_response(rf.post("/api/v1/meldingen"), Unavailable.READ_ONLY)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["type"].endswith("/problemen/onderhoud")


def test_after_a_form_the_maintenance_page_says_to_check_before_sending_again(rf):
    after_get = maintenance_response(rf.get("/"), Unavailable.UNREACHABLE).content.decode()
    after_post = maintenance_response(rf.post("/"), Unavailable.UNREACHABLE).content.decode()
    assert "Verstuurde u net een formulier?" not in after_get
    assert "Verstuurde u net een formulier?" in after_post


# --- The health check ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_health_check_needs_no_login_and_shows_no_data(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert client.head(reverse("core:health")).status_code == 200
    assert client.post(reverse("core:health")).status_code == 405
