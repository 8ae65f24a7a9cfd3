"""Sign-in through an organisation's own identity provider, against a real OpenID provider.

The stand-in IdP (tests/oidc_idp) is the certified oidc-provider package in its own
process; Schakel talks to it over HTTP as it would to a police or GGZ IdP. The browser
part of the handshake (the IdP's login form) is played with requests.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from schakel.accounts.models import ExternalIdentity, SecurityEvent, SecurityEventKind, User
from schakel.accounts.roles import Role
from schakel.accounts.selectors import OIDC_SESSION_KEY
from tests.accounts.helpers import totp_token
from tests.factories import UserFactory, verified_device
from tests.oidc_idp import world
from tests.oidc_idp.provider import running_provider

CALLBACK = "http://testserver/inloggen/organisatie/terug/"
AFTER_LOGOUT = "http://testserver/inloggen/"


@pytest.fixture(scope="module")
def politie_idp():
    with running_provider(
        accounts=world.POLITIE_ACCOUNTS,
        redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[AFTER_LOGOUT],
    ) as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def ggz_idp():
    with running_provider(
        accounts=world.GGZ_ACCOUNTS,
        redirect_uris=[CALLBACK],
        post_logout_redirect_uris=[AFTER_LOGOUT],
    ) as stand_in:
        yield stand_in


@pytest.fixture
def beheerder(zvh):
    return UserFactory(organisation=zvh, roles=[Role.BEHEERDER])


@pytest.fixture
def politie_provider(politie_idp, politie, beheerder, monkeypatch):
    return world.configure(
        stand_in=politie_idp,
        organisation=politie,
        beheerder=beheerder,
        domain=world.POLITIE_DOMAIN,
        variable="SCHAKEL_IDP_POLITIE",
        monkeypatch=monkeypatch,
    )


@pytest.fixture
def ggz_provider(ggz_idp, ggz, beheerder, monkeypatch):
    # The GGZ's IdP is not trusted for multi-factor authentication.
    return world.configure(
        stand_in=ggz_idp,
        organisation=ggz,
        beheerder=beheerder,
        domain=world.GGZ_DOMAIN,
        variable="SCHAKEL_IDP_GGZ",
        monkeypatch=monkeypatch,
        trusts_mfa=False,
    )


def _user(organisation, account, **fields):
    return UserFactory(
        organisation=organisation,
        email=account.email,
        roles=[Role.BESTUURDER],
        **fields,
    )


def _refused_with(response, client, text):
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert text in page.text
    return page


# --- signing in -------------------------------------------------------------------------


def test_mfa_at_the_idp_signs_in_without_a_schakel_code(
    client, politie_idp, politie_provider, politie
):
    agent = _user(politie, world.AGENT)

    response = world.sign_in_via(client, politie_idp, world.AGENT)

    assert response.status_code == 302
    assert response.url == reverse("home:worklist")
    assert int(client.session["_auth_user_id"]) == agent.pk
    assert client.session[OIDC_SESSION_KEY] is True
    assert client.get(reverse("home:worklist")).status_code == 200
    identity = ExternalIdentity.objects.get(user=agent)
    assert (identity.provider, identity.subject) == (politie_provider, world.AGENT.sub)
    login = SecurityEvent.objects.get(user=agent, kind=SecurityEventKind.LOGIN)
    assert politie_provider.name in login.detail
    assert SecurityEvent.objects.filter(
        user=agent, kind=SecurityEventKind.EXTERNAL_IDENTITY_LINKED
    ).exists()


def test_once_linked_the_subject_decides_not_the_email(
    client, politie_idp, politie_provider, politie
):
    agent = _user(politie, world.AGENT)
    world.sign_in_via(client, politie_idp, world.AGENT)
    client.logout()
    # The beheerder changes the address in Schakel: the IdP's subject still finds her.
    User.objects.filter(pk=agent.pk).update(email="anna.nieuw@politie.example")

    response = world.sign_in_via(client, politie_idp, world.AGENT)

    assert response.url == reverse("home:worklist")
    assert int(client.session["_auth_user_id"]) == agent.pk


def test_a_password_only_sign_in_at_the_idp_still_asks_the_totp_code(
    client, politie_idp, politie_provider, politie
):
    brigadier = _user(politie, world.BRIGADIER)
    device = verified_device(brigadier)

    response = world.sign_in_via(client, politie_idp, world.BRIGADIER)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    assert OIDC_SESSION_KEY not in client.session
    assert client.get(reverse("home:worklist")).url.startswith(reverse("accounts:two_factor"))
    assert not SecurityEvent.objects.filter(user=brigadier, kind=SecurityEventKind.LOGIN).exists()

    done = client.post(reverse("accounts:two_factor"), {"token": totp_token(device)})

    assert done.url == reverse("home:worklist")
    assert client.get(reverse("home:worklist")).status_code == 200
    assert SecurityEvent.objects.filter(user=brigadier, kind=SecurityEventKind.LOGIN).exists()


def test_an_acr_value_configured_as_mfa_counts(client, politie_idp, politie_provider, politie):
    _user(politie, world.BY_ACR)

    response = world.sign_in_via(client, politie_idp, world.BY_ACR)

    assert response.url == reverse("home:worklist")


def test_mfa_of_an_idp_not_trusted_for_it_does_not_count(client, ggz_idp, ggz_provider, ggz):
    _user(ggz, world.ZORG)

    response = world.sign_in_via(client, ggz_idp, world.ZORG)

    assert response.url.startswith(reverse("accounts:two_factor"))
    assert OIDC_SESSION_KEY not in client.session


def test_two_organisations_are_routed_by_email_domain(
    client, politie_idp, ggz_idp, politie_provider, ggz_provider, politie, ggz
):
    for stand_in, account in ((politie_idp, world.AGENT), (ggz_idp, world.ZORG)):
        response = client.post(reverse("accounts:login"), {"username": account.email.upper()})
        url = world.idp_url(response)
        assert urlsplit(url).netloc == urlsplit(stand_in.issuer).netloc
        query = parse_qs(urlsplit(url).query)
        assert query["client_id"] == [stand_in.client_id]
        assert query["code_challenge_method"] == ["S256"]
        assert query["redirect_uri"] == [CALLBACK]
        assert {"state", "nonce", "code_challenge"} <= set(query)
    # A domain without an IdP is a local account: it needs its password.
    local = client.post(reverse("accounts:login"), {"username": "iemand@elders.example"})
    assert local.status_code == 200
    assert local.context["form"].errors["password"] == ["Vul uw wachtwoord in."]


def test_an_inactive_idp_is_not_used(client, politie_provider, beheerder):
    politie_provider.is_active = False
    politie_provider.save()

    response = client.post(reverse("accounts:login"), {"username": world.AGENT.email})

    assert response.status_code == 200
    assert "Vul uw wachtwoord in." in response.text


# --- refusals ---------------------------------------------------------------------------


def test_someone_without_a_schakel_account_is_refused(client, politie_idp, politie_provider):
    users = User.objects.count()

    response = world.sign_in_via(client, politie_idp, world.STRANGER)

    _refused_with(response, client, "Schakel heeft geen account voor u")
    assert User.objects.count() == users
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILED)
    assert world.STRANGER.email in event.detail


def test_a_deactivated_account_is_refused(client, politie_idp, politie_provider, politie):
    left = _user(politie, world.LEFT, is_active=False)

    response = world.sign_in_via(client, politie_idp, world.LEFT)

    _refused_with(response, client, "Uw account in Schakel is gedeactiveerd")
    assert SecurityEvent.objects.filter(
        user=left, kind=SecurityEventKind.LOGIN_FAILED, detail__contains="gedeactiveerd"
    ).exists()


def test_an_account_of_another_organisation_is_refused(client, politie_idp, politie_provider, ggz):
    elsewhere = _user(ggz, world.ELSEWHERE)

    response = world.sign_in_via(client, politie_idp, world.ELSEWHERE)

    _refused_with(response, client, "hoort bij een andere organisatie")
    assert not ExternalIdentity.objects.filter(user=elsewhere).exists()
    assert SecurityEvent.objects.filter(
        user=elsewhere, kind=SecurityEventKind.LOGIN_FAILED
    ).exists()


def test_a_linked_account_moved_to_another_organisation_is_refused(
    client, politie_idp, politie_provider, politie, ggz
):
    agent = _user(politie, world.AGENT)
    world.sign_in_via(client, politie_idp, world.AGENT)
    client.logout()
    User.objects.filter(pk=agent.pk).update(organisation=ggz)

    response = world.sign_in_via(client, politie_idp, world.AGENT)

    _refused_with(response, client, "hoort bij een andere organisatie")


def test_a_tampered_state_is_refused(client, politie_idp, politie_provider, politie):
    _user(politie, world.AGENT)
    start = client.post(reverse("accounts:login"), {"username": world.AGENT.email})
    back = politie_idp.sign_in(world.idp_url(start), world.AGENT, stop_at="http://testserver/")
    query = parse_qs(urlsplit(back).query)

    response = client.get(
        reverse("accounts:oidc_callback"), {"code": query["code"][0], "state": "vervalst"}
    )

    _refused_with(response, client, "Inloggen via uw organisatie is niet gelukt")
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGIN_FAILED, detail__contains="state klopt niet"
    ).exists()
    # The sign-in under way is spent: the right state does not work afterwards either.
    again = client.get(reverse("accounts:oidc_callback"), query)
    _refused_with(again, client, "Er loopt geen aanmelding via uw organisatie")


def test_a_code_from_another_browser_is_refused(client, politie_idp, politie_provider, politie):
    """A code sent back to someone else's browser (login CSRF) fails on its state."""
    from django.test import Client

    _user(politie, world.AGENT)
    attacker = Client()
    start = attacker.post(reverse("accounts:login"), {"username": world.AGENT.email})
    back = politie_idp.sign_in(world.idp_url(start), world.AGENT, stop_at="http://testserver/")

    response = client.get(back.removeprefix("http://testserver"))

    _refused_with(response, client, "Er loopt geen aanmelding via uw organisatie")


def test_an_error_from_the_idp_is_refused(client, politie_provider):
    start = client.post(reverse("accounts:login"), {"username": world.AGENT.email})
    state = parse_qs(urlsplit(world.idp_url(start)).query)["state"][0]

    response = client.get(
        reverse("accounts:oidc_callback"), {"error": "access_denied", "state": state}
    )

    _refused_with(response, client, "afgebroken of geweigerd")


def test_an_unreachable_idp_gets_a_clear_message(client, politie, beheerder, monkeypatch):
    from tests.oidc_idp.provider import free_port

    monkeypatch.setenv("SCHAKEL_IDP_WEG", "geheim")
    from schakel.accounts import services

    services.create_identity_provider(
        actor=beheerder,
        organisation=politie,
        name="Weg",
        issuer=f"http://127.0.0.1:{free_port()}",
        client_id="schakel",
        client_secret_variable="SCHAKEL_IDP_WEG",
        email_domains=["weg.example"],
        trusts_mfa=False,
        mfa_acr_values="",
        is_active=True,
    )

    response = client.post(reverse("accounts:login"), {"username": "iemand@weg.example"})

    assert response.status_code == 200
    assert "nu niet bereikbaar" in response.text
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).exists()


def test_a_discovery_document_of_another_issuer_is_not_trusted(
    client, politie_idp, politie, beheerder, monkeypatch
):
    monkeypatch.setenv("SCHAKEL_IDP_ANDERS", politie_idp.client_secret)
    from schakel.accounts import services

    # The same server under another name: its discovery document names its real issuer.
    services.create_identity_provider(
        actor=beheerder,
        organisation=politie,
        name="Anders",
        issuer=politie_idp.issuer.replace("127.0.0.1", "localhost"),
        client_id=politie_idp.client_id,
        client_secret_variable="SCHAKEL_IDP_ANDERS",
        email_domains=[world.POLITIE_DOMAIN],
        trusts_mfa=True,
        mfa_acr_values="",
        is_active=True,
    )

    response = client.post(reverse("accounts:login"), {"username": world.AGENT.email})

    assert response.status_code == 200
    assert "niet goed ingesteld" in response.text
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGIN_FAILED, detail__contains="discovery noemt issuer"
    ).exists()


def test_a_locked_account_is_refused_through_the_idp_too(
    client, politie_idp, politie_provider, politie, settings
):
    agent = _user(politie, world.AGENT)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": agent.username, "password": "fout-fout-fout"}
        )

    response = world.sign_in_via(client, politie_idp, world.AGENT)

    _refused_with(response, client, "tijdelijk geblokkeerd")


# --- logging out ------------------------------------------------------------------------


def test_logout_ends_the_session_at_the_idp_too(client, politie_idp, politie_provider, politie):
    agent = _user(politie, world.AGENT)
    world.sign_in_via(client, politie_idp, world.AGENT)

    response = client.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in client.session
    end_session = world.idp_url(response)
    assert end_session.startswith(politie_idp.issuer + "/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == [AFTER_LOGOUT]
    assert query["client_id"] == [politie_idp.client_id]
    # The IdP accepts the hint and the address to return to (it refuses unknown ones),
    # signs out and sends the browser back to Schakel's sign-in page.
    browser = requests.Session()
    at_idp = browser.get(end_session, timeout=10)
    assert at_idp.status_code == 200, at_idp.text
    action = re.search(r'<form method="post" action="([^"]+)"', at_idp.text).group(1)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', at_idp.text))
    confirmed = browser.post(action, data=fields, allow_redirects=False, timeout=10)
    assert confirmed.status_code in (302, 303), confirmed.text
    assert confirmed.headers["Location"] == AFTER_LOGOUT
    assert SecurityEvent.objects.filter(user=agent, kind=SecurityEventKind.LOGOUT).exists()


def test_logout_of_a_local_account_stays_in_schakel(client, member):
    from tests.helpers import sign_in

    sign_in(client, member)

    response = client.post(reverse("accounts:logout"))

    assert response.url == reverse("accounts:login")
