"""The published demo TOTP key, known here so sign-in can refuse it outside demo mode.

It lives in accounts, not in the demo package, so that the demo depends on accounts
and never the other way round (see the app layering in schakel/__init__.py).
"""

from __future__ import annotations

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

# 20 bytes, chosen so that the base32 form a user types in is readable.
DEMO_TOTP_SECRET = "SCHAKELDEMOZVHZUIDHOLLANDZUID234"
DEMO_TOTP_KEY_HEX = base64.b32decode(DEMO_TOTP_SECRET).hex()


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key.lower() == DEMO_TOTP_KEY_HEX
