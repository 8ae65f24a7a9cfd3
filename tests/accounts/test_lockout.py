"""Lockout per account and address, and which client address Schakel believes (ASVS 2.2.1).

One person typing wrong passwords must not lock out colleagues behind the same
address (a ZVH office, a police station behind one NAT), and a forged
X-Forwarded-For must not let an attacker pick a fresh address for every guess.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.network import client_ip
from schakel.accounts.roles import Role
from tests.accounts.helpers import submit_password
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"
HOME = "198.51.100.7"
PROXY = "10.0.0.2"
WRONG = "fout-wachtwoord-123"


@pytest.fixture
def colleague(zvh):
    return UserFactory(organisation=zvh, roles=[Role.BESTUURDER])


def lock_out(client, user, address):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = submit_password(client, user, password=WRONG, REMOTE_ADDR=address)
    assert response.status_code == 429
    return response


def test_colleague_behind_the_same_address_still_signs_in(client, member, colleague):
    lock_out(client, member, OFFICE)

    response = submit_password(client, colleague, REMOTE_ADDR=OFFICE)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_locked_account_stays_locked_from_that_address_even_with_the_right_password(client, member):
    lock_out(client, member, OFFICE)

    response = submit_password(client, member, REMOTE_ADDR=OFFICE)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT).first()
    assert (event.username, event.ip_address) == (member.username, OFFICE)


def test_the_owner_signs_in_from_another_address(client, member):
    """Whoever guesses from one address cannot lock the real user out everywhere; a guesser
    who moves address starts at zero but still needs the second factor to get in."""
    lock_out(client, member, OFFICE)

    response = submit_password(client, member, REMOTE_ADDR=HOME)

    assert response.status_code == 302


def test_forged_forwarded_for_is_ignored_without_a_trusted_proxy(client, member):
    """Without a proxy in front, a client could otherwise claim a new address per guess."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = submit_password(
            client,
            member,
            password=WRONG,
            REMOTE_ADDR=OFFICE,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    assert response.status_code == 429
    assert set(
        SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).values_list(
            "ip_address", flat=True
        )
    ) == {OFFICE}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_forwarded_for_is_honoured_behind_a_trusted_proxy(client, member, colleague):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = submit_password(
            client, member, password=WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE
        )
    assert response.status_code == 429
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).first().ip_address == (
        OFFICE
    )

    # Everyone arrives from the proxy; only the address it forwards tells them apart.
    from_home = submit_password(client, member, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    assert from_home.status_code == 302
    client.logout()
    colleague_in_office = submit_password(
        client, colleague, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert colleague_in_office.status_code == 302


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_client_ip_uses_the_connection_when_no_proxy_is_trusted():
    assert client_ip(request_from(PROXY, "203.0.113.9")) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_ip_takes_the_entry_the_trusted_proxy_added():
    # The client itself may put anything in front; only the proxy's own entry counts.
    assert client_ip(request_from(PROXY, "203.0.113.9, " + OFFICE)) == OFFICE
    assert client_ip(request_from(PROXY, OFFICE)) == OFFICE


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_ip_counts_back_over_a_chain_of_proxies():
    assert client_ip(request_from(PROXY, f"203.0.113.9, {OFFICE}, 10.0.0.1")) == OFFICE


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_ip_falls_back_to_the_connection_on_a_short_or_broken_header():
    assert client_ip(request_from(PROXY, OFFICE)) == PROXY
    assert client_ip(request_from(PROXY, "geen-adres, 10.0.0.1")) == PROXY
    assert client_ip(request_from(PROXY)) == PROXY


def test_client_ip_without_a_request_is_none():
    assert client_ip(None) is None
