"""The production settings pass Django's deployment checks (run as a real process)."""

import json
import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")
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


def test_deploy_check_passes_in_production_settings():
    result = run_manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_prefixed_and_secure():
    report = settings_report(production_env())

    assert report["debug"] is False
    assert report["demo_mode"] is False
    assert report["session_cookie_name"].startswith("__Host-")
    assert report["csrf_cookie_name"].startswith("__Host-")
    assert report["session_cookie_secure"] is True
    assert report["csrf_cookie_secure"] is True
    assert report["session_cookie_httponly"] is True
    # A __Host- cookie is only accepted by browsers with Path=/ and no Domain.
    assert report["session_cookie_path"] == report["csrf_cookie_path"] == "/"
    assert report["session_cookie_domain"] is None
    assert report["csrf_cookie_domain"] is None
    assert report["session_cookie_age"] == 15 * 60


def test_idle_timeout_comes_from_the_environment():
    report = settings_report(production_env(SCHAKEL_SESSION_IDLE_MINUTES="5"))

    assert report["session_cookie_age"] == 5 * 60
