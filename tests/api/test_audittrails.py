"""What the logs hold after API use: every read as a UI read, with the client as actor."""

from __future__ import annotations

import pytest

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.api.services import revoke_api_client
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def _reads(w):
    return [
        ("/api/v1/meldingen", w.police_token, None),
        (f"/api/v1/meldingen/{w.referral.pk}", w.police_token, w.case),
        ("/api/v1/casussen", w.police_token, None),
        (f"/api/v1/casussen/{w.case.pk}", w.police_token, w.case),
        ("/api/v1/personen", w.police_token, None),
        (f"/api/v1/personen/{w.person.pk}", w.police_token, None),
        ("/api/v1/informatieverzoeken", w.police_token, None),
        (f"/api/v1/informatieverzoeken/{w.information_request.pk}", w.police_token, w.case),
        ("/api/v1/acties", w.police_token, None),
        ("/api/v1/interventies", w.care_token, None),
        ("/api/v1/overleggen", w.police_token, None),
    ]


def test_every_read_writes_an_access_log_row_naming_the_client(client, api_world):
    for url, token, case in _reads(api_world):
        before = AccessLogEntry.objects.count()
        response = client.get(url, **bearer(token))
        assert response.status_code == 200, url
        rows = AccessLogEntry.objects.order_by("-pk")[: AccessLogEntry.objects.count() - before]
        assert rows, f"no access-log row for {url}"
        registered = api_world.police if token == api_world.police_token else api_world.care
        for row in rows:
            assert row.user_id == registered.client.service_user_id
            assert row.organisation_id == registered.client.organisation_id
            assert registered.client.name in row.on_behalf_of
            assert row.action == "read"
            if case is not None:
                assert row.case_id == case.pk


def test_reading_a_case_logs_each_of_its_persons(client, api_world):
    client.get(f"/api/v1/casussen/{api_world.case.pk}", **bearer(api_world.police_token))
    assert AccessLogEntry.objects.filter(
        case=api_world.case, person=api_world.person, action="read"
    ).exists()


def test_a_refused_read_writes_no_access_row_but_a_security_event(client, api_world):
    before = AccessLogEntry.objects.count()
    response = client.get(
        f"/api/v1/casussen/{api_world.case.pk}", **bearer(api_world.outsider_token)
    )
    assert response.status_code == 404
    assert AccessLogEntry.objects.count() == before
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_REFUSED).latest("pk")
    assert event.user_id == api_world.outsider.client.service_user_id


def test_answering_through_the_api_is_logged_as_a_change(client, api_world):
    response = client.post(
        f"/api/v1/informatieverzoeken/{api_world.information_request.pk}/antwoord",
        {"answer": "Bekend sinds 2023; twee incidenten."},
        content_type="application/json",
        **bearer(api_world.police_token),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "beantwoord"
    assert AccessLogEntry.objects.filter(
        action="change",
        object_type="InformationRequest",
        user=api_world.police.client.service_user,
    ).exists()


def test_registering_and_revoking_are_security_events(api_world, beheerder):
    service_user = api_world.police.client.service_user
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ACCOUNT_CREATED, user=service_user, actor=beheerder
    ).exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.ROLE_GRANT_APPROVED, user=service_user
    ).exists()
    revoke_api_client(actor=beheerder, client=api_world.police.client)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_DEACTIVATED, user=service_user)
    assert event.actor == beheerder
    assert "ingetrokken" in event.detail
