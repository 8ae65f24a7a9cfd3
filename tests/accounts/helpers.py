import json
import os
import secrets
import string
import subprocess
import sys

from django.conf import settings
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


MANAGE = str(settings.BASE_DIR / "manage.py")


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SCHAKEL_", "DJANGO_", "DATABASE_URL"))
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="schakel.settings",
        SCHAKEL_DEBUG="0",
        SCHAKEL_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
        SCHAKEL_ALLOWED_HOSTS="schakel.example.nl",
    )
    env.update(overrides)
    return env


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, MANAGE, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_report(env: dict[str, str]) -> dict:
    result = run_manage(env, "shell", "-c", SETTINGS_REPORT)
    assert result.returncode == 0, result.stderr
    line = next(row for row in result.stdout.splitlines() if row.startswith(REPORT_MARKER))
    return json.loads(line.removeprefix(REPORT_MARKER))


REPORT_MARKER = "SCHAKEL-SETTINGS:"


SETTINGS_REPORT = f"""
import json
from django.conf import settings as s
print({REPORT_MARKER!r} + json.dumps({{
    "debug": s.DEBUG,
    "session_cookie_name": s.SESSION_COOKIE_NAME,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": s.SESSION_COOKIE_HTTPONLY,
    "session_cookie_path": s.SESSION_COOKIE_PATH,
    "session_cookie_domain": s.SESSION_COOKIE_DOMAIN,
    "session_cookie_age": s.SESSION_COOKIE_AGE,
    "csrf_cookie_name": s.CSRF_COOKIE_NAME,
    "csrf_cookie_secure": s.CSRF_COOKIE_SECURE,
    "csrf_cookie_path": s.CSRF_COOKIE_PATH,
    "csrf_cookie_domain": s.CSRF_COOKIE_DOMAIN,
    "demo_mode": s.DEMO_MODE,
}}))
"""
