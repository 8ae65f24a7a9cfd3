"""What the security events hold after sign-in attempts."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from schakel.accounts.models import SecurityEvent, SecurityEventKind
from tests.accounts.helpers import WRONG_CODE_MESSAGE, submit_password, totp_token
from tests.factories import verified_device


def test_wrong_password_gives_dutch_error_and_logs_failure(client, member):
    response = submit_password(client, member, password="helemaal-niet-goed")

    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord is onjuist" in response.text
    assert member.username in response.text  # what was typed stays
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGIN_FAILED, username=member.username
    ).exists()


def test_wrong_code_gives_dutch_error_and_records_event(client, member):
    device = verified_device(member)
    submit_password(client, member)
    wrong = str((int(totp_token(device)) + 1) % 1_000_000).zfill(6)

    response = client.post(reverse("accounts:two_factor"), {"token": wrong})

    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.text
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.TWO_FACTOR_FAILED, user=member
    ).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home:worklist")).status_code == 302
