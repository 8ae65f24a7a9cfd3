from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD


def totp_token(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(totp.token()).zfill(device.digits)


def submit_password(client, user, password: str = TEST_PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}, **extra
    )


def sign_in_for_real(client, user, device: TOTPDevice):
    """Password, then a fresh TOTP code: the way a person signs in."""
    # A code may be used once; a second sign-in in the same 30 seconds needs the counter reset.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    submit_password(client, user)
    response = client.post(reverse("accounts:two_factor"), {"token": totp_token(device)})
    assert response.status_code == 302, response
    return client


WRONG_CODE_MESSAGE = "Deze code is onjuist of verlopen. Probeer de nieuwe code."
