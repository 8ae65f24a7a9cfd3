"""Beheer → API-koppelingen: register (the secret once), list, revoke."""

from __future__ import annotations

import pytest

from schakel.api.models import ApiClient
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_the_beheerder_registers_a_client_and_sees_its_secret_once(client, beheerder, politie):
    sign_in(client, beheerder)
    page = client.post(
        "/beheer/api-clients/nieuw/",
        {"organisation": politie.pk, "name": "Politie BVH", "scopes": ["agenda", "acties"]},
    )
    assert page.status_code == 200
    registered = page.context["registered"]
    assert registered.client_secret in page.content.decode()
    stored = ApiClient.objects.get(name="Politie BVH")
    assert stored.application.client_secret != registered.client_secret  # only the hash
    listing = client.get("/beheer/api-clients/").content.decode()
    assert "Politie BVH" in listing
    assert "wacht op goedkeuring" in listing
    assert registered.client_secret not in listing


def test_bad_input_gets_a_message_per_field_and_saves_nothing(client, beheerder, outsider_org):
    outsider_org.convenant_signed_on = None
    outsider_org.save()
    sign_in(client, beheerder)
    page = client.post(
        "/beheer/api-clients/nieuw/",
        {"organisation": outsider_org.pk, "name": "", "scopes": ["geen-scope"]},
    )
    assert page.status_code == 200
    assert set(page.context["form"].errors) >= {"name", "scopes"}
    assert not ApiClient.objects.exists()


def test_revoking_from_the_list(client, beheerder, politie):
    from schakel.api.services import register_api_client

    registered = register_api_client(
        actor=beheerder, organisation=politie, name="Oud systeem", scopes=["agenda"]
    )
    sign_in(client, beheerder)
    response = client.post(f"/beheer/api-clients/{registered.client.pk}/intrekken/")
    assert response.status_code == 302
    registered.client.refresh_from_db()
    assert registered.client.revoked_at is not None
    assert not registered.client.service_user.is_active


def test_other_roles_may_not_open_the_pages(client, manager, partner_user):
    for user in (manager, partner_user):
        sign_in(client, user)
        assert client.get("/beheer/api-clients/").status_code == 403
