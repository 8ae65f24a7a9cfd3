"""Organisations with their own identity provider, set up through Schakel's services."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse

from schakel.accounts import services
from schakel.accounts.models import IdentityProvider, User
from tests.oidc_idp.provider import MFA_AMR, PASSWORD_ONLY_AMR, Account, StandInProvider

POLITIE_DOMAIN = "politie.example"
GGZ_DOMAIN = "ggz.example"

AGENT = Account("politie-0001", f"a.agent@{POLITIE_DOMAIN}", given_name="Anna", amr=MFA_AMR)
BRIGADIER = Account("politie-0002", f"b.brigadier@{POLITIE_DOMAIN}", amr=PASSWORD_ONLY_AMR)
STRANGER = Account("politie-0003", f"c.onbekend@{POLITIE_DOMAIN}", amr=MFA_AMR)
LEFT = Account("politie-0004", f"d.vertrokken@{POLITIE_DOMAIN}", amr=MFA_AMR)
ELSEWHERE = Account("politie-0005", f"e.elders@{POLITIE_DOMAIN}", amr=MFA_AMR)
BY_ACR = Account("politie-0006", f"f.acr@{POLITIE_DOMAIN}", acr="urn:schakel:test:mfa")
POLITIE_ACCOUNTS = [AGENT, BRIGADIER, STRANGER, LEFT, ELSEWHERE, BY_ACR]

ZORG = Account("ggz-0001", f"g.zorg@{GGZ_DOMAIN}", amr=MFA_AMR)
GGZ_ACCOUNTS = [ZORG]

MFA_ACR = "urn:schakel:test:mfa"


def configure(
    *,
    stand_in: StandInProvider,
    organisation,
    beheerder: User,
    domain: str,
    variable: str,
    monkeypatch,
    trusts_mfa: bool = True,
) -> IdentityProvider:
    """The organisation's IdP as a beheerder enters it, with its secret in the environment."""
    monkeypatch.setenv(variable, stand_in.client_secret)
    return services.create_identity_provider(
        actor=beheerder,
        organisation=organisation,
        name=f"Inlog {organisation.name}",
        issuer=stand_in.issuer,
        client_id=stand_in.client_id,
        client_secret_variable=variable,
        email_domains=[domain],
        trusts_mfa=trusts_mfa,
        mfa_acr_values=MFA_ACR,
        is_active=True,
    )


def idp_url(response) -> str:
    """Where Schakel's page sends the browser on to at the IdP."""
    assert response.status_code == 200, response
    return response.context["target_url"]


def sign_in_via(client, stand_in: StandInProvider, account: Account, *, typed: str = ""):
    """Schakel's sign-in page, the IdP's login form, and back: the callback's response."""
    start = client.post(reverse("accounts:login"), {"username": typed or account.email})
    url = idp_url(start)
    assert url.startswith(stand_in.issuer), url
    back = stand_in.sign_in(url, account, stop_at="http://testserver/")
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
