"""Sign-in with password and TOTP, enrolment, and the 2FA gate (ASVS V2, V3)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from tests.accounts.helpers import submit_password, totp_token
from tests.factories import verified_device

pytestmark = pytest.mark.django_db


def test_password_then_real_totp_signs_in(client, member):
    device = verified_device(member)

    response = submit_password(client, member)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")
    session_key_after_password = client.session.session_key

    response = client.post(reverse("accounts:two_factor"), {"token": totp_token(device)})

    assert response.status_code == 302
    assert response.url == reverse("home:worklist")
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    # A fresh session id once the second factor is given (session fixation).
    assert client.session.session_key != session_key_after_password
    assert UserSession.objects.filter(user=member, session_key=client.session.session_key).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user=member).exists()
    assert client.get(reverse("home:worklist")).status_code == 200


def test_first_login_shows_enrolment_and_confirms_the_device(client, member):
    submit_password(client, member)

    response = client.get(reverse("accounts:two_factor"))

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed is False
    assert '<img src="data:image/svg+xml;base64,' in response.text
    secret = response.context["secret"]
    assert len(secret) >= 32 and secret in response.text
    assert 'data-testid="totp-secret"' in response.text

    response = client.post(reverse("accounts:two_factor"), {"token": totp_token(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.TWO_FACTOR_ENROLLED, user=member
    ).exists()
    assert client.get(reverse("home:worklist")).status_code == 200


def test_letters_in_code_are_refused_in_dutch(client, member):
    verified_device(member)
    submit_password(client, member)

    response = client.post(reverse("accounts:two_factor"), {"token": "12ab56"})

    assert "De verificatiecode bestaat alleen uit cijfers." in response.text


def test_signed_in_but_unverified_user_is_sent_to_the_second_step(client, member):
    verified_device(member)
    submit_password(client, member)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor")
    deeper = client.get(reverse("accounts:sessions"))
    assert deeper.status_code == 302
    assert deeper.url.startswith(reverse("accounts:two_factor") + "?next=")


def test_next_page_survives_sign_in_but_foreign_sites_do_not(client, member):
    device = verified_device(member)
    sessions_url = reverse("accounts:sessions")
    submit_password(client, member)

    response = client.post(
        reverse("accounts:two_factor") + "?next=https://kwaadwillend.example/",
        {"token": totp_token(device)},
    )
    assert response.url == reverse("home:worklist")

    client.post(reverse("accounts:logout"))
    login_url = reverse("accounts:login") + "?next=" + sessions_url
    response = client.post(
        login_url, {"username": member.username, "password": "correct-paard-batterij-niet"}
    )
    assert response.url == reverse("accounts:two_factor") + "?next=%2Faccount%2Fsessies%2F"


def test_lockout_after_failure_limit_shows_dutch_429(client, member):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        response = submit_password(client, member, password="fout-wachtwoord-123")
        assert response.status_code == 200

    response = submit_password(client, member, password="fout-wachtwoord-123")

    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.text
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOCKOUT, username=member.username
    ).exists()
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEventKind.LOGIN_FAILED, username=member.username
        ).count()
        >= limit
    )
    # Even the right password is refused while the lock holds.
    response = submit_password(client, member)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_page_explains_signing_in_through_ones_organisation(client):
    response = client.get(reverse("accounts:login"))

    assert "laat het wachtwoord leeg" in response.text


def test_a_local_account_without_password_is_asked_for_it(client, member):
    response = client.post(reverse("accounts:login"), {"username": member.username})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["Vul uw wachtwoord in."]
    assert "_auth_user_id" not in client.session
