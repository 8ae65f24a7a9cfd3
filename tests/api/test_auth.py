"""Who may call what: tokens (401), scopes (403), need-to-know (404), all problem+json."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from schakel.accounts.models import RoleGrant
from schakel.accounts.services import approve_role_grant
from schakel.api.demo_key import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from schakel.api.services import register_api_client, revoke_api_client
from tests.api.conftest import approved_client, basic_auth, bearer, token_for
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def endpoints(w):
    """(method, url, scope, allowed token name, outsider refused with) per endpoint."""
    return [
        ("get", "/api/v1/meldingen", "meldingen:lezen"),
        ("get", f"/api/v1/meldingen/{w.referral.pk}", "meldingen:lezen"),
        ("post", "/api/v1/meldingen", "meldingen:schrijven"),
        ("get", "/api/v1/casussen", "casussen:lezen"),
        ("get", f"/api/v1/casussen/{w.case.pk}", "casussen:lezen"),
        ("get", "/api/v1/personen", "casussen:lezen"),
        ("get", f"/api/v1/personen/{w.person.pk}", "casussen:lezen"),
        ("get", "/api/v1/informatieverzoeken", "informatieverzoeken"),
        ("get", f"/api/v1/informatieverzoeken/{w.information_request.pk}", "informatieverzoeken"),
        (
            "post",
            f"/api/v1/informatieverzoeken/{w.information_request.pk}/antwoord",
            "informatieverzoeken",
        ),
        ("get", "/api/v1/acties", "acties"),
        ("post", f"/api/v1/acties/{w.action.pk}/gereedmelding", "acties"),
        ("get", "/api/v1/interventies", "acties"),
        ("post", f"/api/v1/interventies/{w.intervention.pk}/voortgangsrapportages", "acties"),
        ("get", "/api/v1/overleggen", "agenda"),
    ]


def _call(client, method, url, **headers):
    if method == "post":
        return client.post(url, {}, content_type="application/json", **headers)
    return client.get(url, **headers)


def _assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    assert response["API-Version"] == "1.0.0"


def test_no_token_is_401_problem_with_a_bearer_challenge(client, api_world):
    for method, url, _scope in endpoints(api_world):
        response = _call(client, method, url)
        _assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_401(client, api_world):
    for method, url, _scope in endpoints(api_world):
        _assert_problem(_call(client, method, url, **bearer("niet-een-echt-token")), 401)


def test_an_expired_token_is_401(client, api_world):
    AccessToken.objects.filter(token_checksum__isnull=False).update(
        expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    for method, url, _scope in endpoints(api_world):
        _assert_problem(_call(client, method, url, **bearer(api_world.police_token)), 401)


def test_a_token_without_the_scope_is_403(client, api_world):
    only_agenda = token_for(client, api_world.police, scope="agenda")
    for method, url, scope in endpoints(api_world):
        if scope == "agenda":
            continue
        response = _call(client, method, url, **bearer(only_agenda))
        _assert_problem(response, 403)
        assert scope in response.json()["detail"]


def test_an_outsider_gets_the_404_of_a_non_existing_object(client, api_world):
    token = bearer(api_world.outsider_token)
    for method, url, _scope in endpoints(api_world):
        if not any(part.isdigit() for part in url.split("/")):
            continue
        refused = _call(client, method, url, **token)
        _assert_problem(refused, 404)
        missing_url = "/".join("999999" if part.isdigit() else part for part in url.split("/"))
        missing = _call(client, method, missing_url, **token)
        _assert_problem(missing, 404)
        assert refused.json()["detail"] == missing.json()["detail"]
        assert refused.json()["title"] == missing.json()["title"]


def test_an_outsider_lists_nothing(client, api_world):
    token = bearer(api_world.outsider_token)
    for method, url, _scope in endpoints(api_world):
        if method == "get" and not any(part.isdigit() for part in url.split("/")):
            response = client.get(url, **token)
            assert response.status_code == 200
            assert response.json()["results"] == [], url


def test_a_partner_sees_only_its_own_actions_interventions_and_requests(client, api_world):
    police = bearer(api_world.police_token)
    care = bearer(api_world.care_token)
    assert client.get("/api/v1/interventies", **police).json()["results"] == []
    assert [i["id"] for i in client.get("/api/v1/interventies", **care).json()["results"]] == [
        api_world.intervention.pk
    ]
    assert client.get("/api/v1/acties", **care).json()["results"] == []
    assert client.get("/api/v1/informatieverzoeken", **care).json()["results"] == []
    response = client.post(
        f"/api/v1/interventies/{api_world.intervention.pk}/voortgangsrapportages",
        {"status": "lopend", "text": "Gestart"},
        content_type="application/json",
        **police,
    )
    _assert_problem(response, 404)


def test_scopes_are_limited_to_what_the_client_was_given(
    client, api_world, beheerder, manager, politie
):
    reader = approved_client(
        organisation=politie,
        beheerder=beheerder,
        manager=manager,
        scopes=["agenda"],
        name="Alleen agenda",
    )
    refused = client.post(
        "/api/v1/token",
        {"grant_type": "client_credentials", "scope": "casussen:lezen"},
        **basic_auth(reader),
    )
    assert refused.status_code == 400
    token = token_for(client, reader)
    _assert_problem(client.get("/api/v1/casussen", **bearer(token)), 403)
    assert client.get("/api/v1/overleggen", **bearer(token)).status_code == 200


def test_a_client_waiting_for_approval_gets_no_token(client, beheerder, politie):
    registered = register_api_client(
        actor=beheerder, organisation=politie, name="Nog niet goedgekeurd", scopes=["agenda"]
    )
    response = client.post(
        "/api/v1/token", {"grant_type": "client_credentials"}, **basic_auth(registered)
    )
    assert response.status_code == 401
    assert response["API-Version"] == "1.0.0"


def test_a_revoked_client_loses_its_tokens_and_gets_no_new_one(client, api_world, beheerder):
    revoke_api_client(actor=beheerder, client=api_world.police.client)
    _assert_problem(client.get("/api/v1/casussen", **bearer(api_world.police_token)), 401)
    registered = api_world.police
    response = client.post(
        "/api/v1/token", {"grant_type": "client_credentials"}, **basic_auth(registered)
    )
    assert response.status_code == 401


def test_a_session_gives_no_access_to_the_api(client, api_world, partner_user):
    sign_in(client, partner_user)
    _assert_problem(client.get("/api/v1/casussen"), 401)


def test_the_demo_client_gets_no_token_outside_demo_mode(
    client, settings, beheerder, manager, politie
):
    registered = register_api_client(
        actor=beheerder,
        organisation=politie,
        name="Demo",
        scopes=["agenda"],
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    )
    approve_role_grant(
        actor=manager, grant=RoleGrant.objects.get(user=registered.client.service_user)
    )
    settings.DEMO_MODE = True
    assert token_for(client, registered)
    settings.DEMO_MODE = False
    response = client.post(
        "/api/v1/token", {"grant_type": "client_credentials"}, **basic_auth(registered)
    )
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet", "/api/v1/casussen/", "/api/v1/x/y/z"])
def test_an_unknown_address_is_a_problem_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    assert response.json()["status"] == 404
