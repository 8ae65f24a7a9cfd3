"""The demo partner system: the police's API client with a published secret (README)."""

from __future__ import annotations

from schakel.accounts.models import RoleGrant, RoleGrantStatus, User
from schakel.accounts.services import approve_role_grant
from schakel.api.demo_key import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from schakel.api.scopes import SCOPES
from schakel.api.services import register_api_client


def create_demo_api_client() -> None:
    """Registered by the demo beheerder and approved by the demo manager, as in real use."""
    beheerder = User.objects.get(username="beheerder")
    manager = User.objects.get(username="manager")
    police = User.objects.get(username="politie").organisation
    assert police is not None
    registered = register_api_client(
        actor=beheerder,
        organisation=police,
        name="Demo-koppeling politie",
        scopes=sorted(SCOPES),
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
    )
    grant = RoleGrant.objects.get(
        user=registered.client.service_user, status=RoleGrantStatus.PENDING
    )
    approve_role_grant(actor=manager, grant=grant)
