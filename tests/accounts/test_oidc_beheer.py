"""The beheer pages of organisations' identity providers: who may, what is checked, what is logged."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.accounts.models import IdentityProvider, SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import sign_in


@pytest.fixture
def beheerder(zvh):
    return UserFactory(organisation=zvh, roles=[Role.BEHEERDER])


def _values(organisation, **changes):
    values = {
        "organisation": organisation.pk,
        "name": "Politie-inlog",
        "issuer": "https://login.politie.example",
        "client_id": "schakel",
        "client_secret_variable": "SCHAKEL_IDP_POLITIE",
        "email_domains": "politie.example\n@Politie-ZHZ.example",
        "trusts_mfa": "on",
        "mfa_acr_values": "",
        "is_active": "on",
    }
    values.update(changes)
    return values


def test_a_beheerder_configures_an_idp_and_it_is_a_security_event(client, beheerder, politie):
    sign_in(client, beheerder)

    response = client.post(reverse("organisations:identity_provider_create"), _values(politie))

    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.domain_names == ["politie-zhz.example", "politie.example"]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.IDENTITY_PROVIDER_CHANGED)
    assert event.actor == beheerder
    assert "https://login.politie.example" in event.detail
    assert AccessLogEntry.objects.filter(user=beheerder).exists()
    listing = client.get(reverse("organisations:identity_provider_list"))
    assert "SCHAKEL_IDP_POLITIE ontbreekt" in listing.text
    assert "/inloggen/organisatie/terug/" in listing.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("client_secret_variable", "SCHAKEL_SECRET_KEY", "begint met SCHAKEL_IDP_"),
        ("issuer", "http://login.politie.example", "begint met https://"),
        ("email_domains", "geen domein", "Geen geldig e-maildomein"),
        ("email_domains", "", "E-maildomeinen"),
    ],
)
def test_bad_values_get_a_dutch_message_and_nothing_is_saved(
    client, beheerder, politie, field, value, message
):
    sign_in(client, beheerder)

    response = client.post(
        reverse("organisations:identity_provider_create"), _values(politie, **{field: value})
    )

    assert response.status_code == 200
    assert message in response.text
    assert not IdentityProvider.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.IDENTITY_PROVIDER_CHANGED)


def test_a_domain_leads_to_one_idp_only(client, beheerder, politie, ggz):
    sign_in(client, beheerder)
    client.post(reverse("organisations:identity_provider_create"), _values(politie))

    response = client.post(
        reverse("organisations:identity_provider_create"),
        _values(ggz, issuer="https://login.ggz.example", email_domains="politie.example"),
    )

    assert "hoort al bij een andere inlogdienst" in response.text
    assert IdentityProvider.objects.count() == 1


def test_editing_is_version_checked_and_logged(client, beheerder, politie):
    sign_in(client, beheerder)
    client.post(reverse("organisations:identity_provider_create"), _values(politie))
    provider = IdentityProvider.objects.get()
    url = reverse("organisations:identity_provider_edit", args=[provider.pk])

    saved = client.post(url, _values(politie, version=provider.version, is_active=""))
    stale = client.post(url, _values(politie, version=provider.version, name="Oud"))

    assert saved.status_code == 302
    provider.refresh_from_db()
    assert not provider.is_active
    assert "intussen gewijzigd" in stale.text
    assert provider.name == "Politie-inlog"
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.IDENTITY_PROVIDER_CHANGED, detail__contains="is_active"
    ).exists()


def test_another_region_gets_404_and_another_role_403(client, beheerder, politie, other_region):
    sign_in(client, beheerder)
    client.post(reverse("organisations:identity_provider_create"), _values(politie))
    provider = IdentityProvider.objects.get()
    url = reverse("organisations:identity_provider_edit", args=[provider.pk])
    elsewhere = UserFactory(
        organisation=OrganisationFactory(region=other_region), roles=[Role.BEHEERDER]
    )
    manager = UserFactory(organisation=politie, roles=[Role.MANAGER])

    assert sign_in(client, elsewhere).get(url).status_code == 404
    assert client.post(url, _values(politie, version=0)).status_code == 404
    assert sign_in(client, manager).get(url).status_code == 403
    assert client.get(reverse("organisations:identity_provider_list")).status_code == 403
    assert IdentityProvider.objects.get().version == provider.version
