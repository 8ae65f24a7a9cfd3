"""Signing in through one's organisation's IdP in chromium: Schakel, the IdP, back."""

import re

import pytest
from playwright.sync_api import expect

from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role
from tests.factories import UserFactory
from tests.oidc_idp import world
from tests.oidc_idp.provider import running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def politie_idp(live_server, politie, zvh, monkeypatch):
    with running_provider(
        accounts=world.POLITIE_ACCOUNTS,
        redirect_uris=[f"{live_server.url}/inloggen/organisatie/terug/"],
        post_logout_redirect_uris=[f"{live_server.url}/inloggen/"],
    ) as stand_in:
        world.configure(
            stand_in=stand_in,
            organisation=politie,
            beheerder=UserFactory(organisation=zvh, roles=[Role.BEHEERDER]),
            domain=world.POLITIE_DOMAIN,
            variable="SCHAKEL_IDP_POLITIE",
            monkeypatch=monkeypatch,
        )
        yield stand_in


def test_sign_in_at_the_organisation_lands_on_the_worklist_and_logout_leaves_both(
    page, politie_idp, politie
):
    agent = UserFactory(organisation=politie, email=world.AGENT.email, roles=[Role.BESTUURDER])

    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(world.AGENT.email)
    page.get_by_role("button", name="Inloggen").click()

    # At the organisation's own IdP.
    expect(page).to_have_url(re.compile("^" + re.escape(politie_idp.issuer) + "/interaction/"))
    page.get_by_label("Wachtwoord").fill(world.AGENT.password)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werklijst")
    assert SecurityEvent.objects.filter(user=agent, kind=SecurityEventKind.LOGIN).exists()

    page.get_by_role("button", name="Uitloggen").click()

    # Via the IdP's end_session endpoint back to Schakel's sign-in page.
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    assert SecurityEvent.objects.filter(user=agent, kind=SecurityEventKind.LOGOUT).exists()
    # The IdP's session ended too: signing in again asks for the password there.
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(world.AGENT.email)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    expect(page).to_have_url(re.compile("^" + re.escape(politie_idp.issuer) + "/interaction/"))
