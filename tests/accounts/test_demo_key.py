"""The fixed, published demo TOTP key opens Schakel only in demo mode.

Anyone can read the demo key in the README. Should demo accounts (or a copied demo
database) ever reach a server outside demo mode, the key must not be a second factor.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.demo.credentials import DEMO_TOTP_KEY_HEX, current_code
from tests.accounts.helpers import submit_password

pytestmark = pytest.mark.django_db

REFUSED = "werkt alleen in de demo"


@pytest.fixture
def demo_device(member):
    return TOTPDevice.objects.create(
        user=member, name="Demo-authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True
    )


@override_settings(DEMO_MODE=False)
def test_demo_key_is_refused_outside_demo_mode(client, member, demo_device):
    submit_password(client, member)

    response = client.post(reverse("accounts:two_factor"), {"token": current_code(demo_device)})

    assert response.status_code == 200
    assert REFUSED in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home:worklist")).status_code == 302
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TWO_FACTOR_FAILED, user=member)
    assert "demosleutel" in event.detail
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN).exists()


@override_settings(DEMO_MODE=False)
def test_demo_key_is_refused_outside_demo_mode_while_enrolling_too(client, member):
    """An unconfirmed device carrying the demo key must not become the user's factor."""
    device = TOTPDevice.objects.create(
        user=member, name="Authenticator-app", key=DEMO_TOTP_KEY_HEX, confirmed=False
    )
    submit_password(client, member)

    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})

    assert REFUSED in response.text
    device.refresh_from_db()
    assert device.confirmed is False
    assert DEVICE_ID_SESSION_KEY not in client.session


@override_settings(DEMO_MODE=True)
def test_demo_key_signs_in_in_demo_mode(client, member, demo_device):
    submit_password(client, member)

    response = client.post(reverse("accounts:two_factor"), {"token": current_code(demo_device)})

    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == demo_device.persistent_id
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user=member).exists()
