"""The documented sign-in secrets of the demo accounts. Demo mode only.

Every demo user has the same password and a confirmed TOTP device with the same
fixed key, so anyone trying the demo can sign in with any authenticator app (enter
DEMO_TOTP_SECRET by hand) or with `manage.py demo_totp <gebruikersnaam>`.
"""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# Sign-in refuses this key outside demo mode, so accounts owns it; re-exported here.
from schakel.accounts.demo_key import DEMO_TOTP_KEY_HEX, DEMO_TOTP_SECRET, is_demo_device

DEMO_PASSWORD = "schakel-demo-2025"

DEMO_DEVICE_NAME = "Demo-authenticator"

__all__ = [
    "DEMO_DEVICE_NAME",
    "DEMO_PASSWORD",
    "DEMO_TOTP_KEY_HEX",
    "DEMO_TOTP_SECRET",
    "current_code",
    "is_demo_device",
]


def current_code(device: TOTPDevice) -> str:
    """The 6-digit code the device accepts right now, as an authenticator app shows it."""
    totp = TOTP(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{totp.token():0{device.digits}d}"
