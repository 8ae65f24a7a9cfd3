"""The documented sign-in secrets of the demo accounts. Demo mode only.

Every demo user has the same password and a confirmed TOTP device with the same
fixed key, so anyone trying the demo can sign in with any authenticator app (enter
DEMO_TOTP_SECRET by hand) or with `manage.py demo_totp <gebruikersnaam>`.
"""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_PASSWORD = "schakel-demo-2025"

# 20 bytes, chosen so that the base32 form a user types in is readable.
DEMO_TOTP_SECRET = "SCHAKELDEMOZVHZUIDHOLLANDZUID234"
DEMO_TOTP_KEY_HEX = base64.b32decode(DEMO_TOTP_SECRET).hex()

DEMO_DEVICE_NAME = "Demo-authenticator"


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key.lower() == DEMO_TOTP_KEY_HEX


def current_code(device: TOTPDevice) -> str:
    """The 6-digit code the device accepts right now, as an authenticator app shows it."""
    totp = TOTP(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{totp.token():0{device.digits}d}"
