"""Changing one's own password: Django's validators, in Dutch (ASVS V2.1)."""

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from schakel.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from tests.accounts.helpers import sign_in_for_real
from tests.factories import TEST_PASSWORD, verified_device

pytestmark = pytest.mark.django_db


def change(client, new_password, old_password=TEST_PASSWORD):
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": old_password,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )


def test_short_password_is_refused_in_dutch(client, member, signed_in):
    signed_in(member)

    response = change(client, "Kort-7x")

    assert response.status_code == 200
    assert "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in response.text
    member.refresh_from_db()
    assert check_password(TEST_PASSWORD, member.password)


def test_common_password_is_refused_in_dutch(client, member, signed_in):
    signed_in(member)

    response = change(client, "liverpool123")

    assert "Dit wachtwoord is te algemeen." in response.text
    member.refresh_from_db()
    assert check_password(TEST_PASSWORD, member.password)


def test_numeric_password_and_wrong_old_password_are_refused_in_dutch(client, member, signed_in):
    signed_in(member)

    response = change(client, "583920174650", old_password="niet-mijn-wachtwoord")

    assert "Uw oude wachtwoord is niet juist ingevoerd. Voer het opnieuw in." in response.text
    response = change(client, "583920174650")
    assert "Dit wachtwoord bevat alleen cijfers." in response.text


def test_password_change_keeps_this_session_and_ends_the_others(client, member):
    device = verified_device(member)
    sign_in_for_real(client, member, device)
    phone = sign_in_for_real(Client(), member, device)
    phone_key = phone.session.session_key

    response = change(client, "Lange-zin-met-Tulpen-2025")

    assert response.status_code == 302
    member.refresh_from_db()
    assert check_password("Lange-zin-met-Tulpen-2025", member.password)
    assert client.get(reverse("accounts:sessions")).status_code == 200
    assert not Session.objects.filter(session_key=phone_key).exists()
    assert list(UserSession.objects.filter(user=member).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
    assert phone.get(reverse("home:worklist")).status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_CHANGED, user=member
    ).exists()


def test_password_page_needs_sign_in(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
