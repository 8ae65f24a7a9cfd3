"""`make run` serves the demo like production: DEBUG off, static files by the app itself.

Run as real processes with the environment scripts/run.sh sets, on plain http.
"""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.accounts.helpers import MANAGE, production_env, run_manage, settings_report


def demo_env(tmp_path) -> dict[str, str]:
    return production_env(
        SCHAKEL_DEMO="1",
        SCHAKEL_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str):
    """(status, headers, body) of a GET, also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (own server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def demo_server(tmp_path):
    env = demo_env(tmp_path)
    migrated = run_manage(env, "migrate", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/inloggen/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("The demo server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_demo_settings_are_production_but_for_the_demo_key_and_http(tmp_path):
    report = settings_report(demo_env(tmp_path))
    assert report["debug"] is False
    assert report["demo_mode"] is True
    # Plain http on 127.0.0.1: a Secure cookie would never come back.
    assert report["session_cookie_secure"] is False
    assert report["csrf_cookie_secure"] is False
    assert not report["session_cookie_name"].startswith("__Host-")


def test_demo_server_gives_the_dutch_404_and_serves_static_files(demo_server):
    status, _headers, body = fetch(demo_server + "/bestaat-niet/")
    assert status == 404
    assert "Niet gevonden" in body
    assert "Deze pagina bestaat niet of u heeft er geen toegang toe." in body
    assert "Page not found" not in body
    assert "DEBUG = True" not in body

    status, headers, body = fetch(demo_server + "/static/schakel/schakel.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert ".schakel-case-nav" in body

    status, headers, body = fetch(demo_server + "/static/schakel/favicon.svg")
    assert status == 200
    assert headers["Content-Type"].startswith("image/svg+xml")

    status, headers, body = fetch(demo_server + "/inloggen/")
    assert status == 200
    assert 'rel="icon"' in body
    for cookie in headers.get_all("Set-Cookie") or []:
        assert "secure" not in cookie.lower()


def test_demo_data_and_demo_totp_work_with_debug_off(tmp_path):
    env = demo_env(tmp_path)
    assert run_manage(env, "migrate", "--no-input", "-v0").returncode == 0
    filled = run_manage(env, "demo_data", "--size", "10")
    assert filled.returncode == 0, filled.stderr
    code = run_manage(env, "demo_totp", "procesregisseur")
    assert code.returncode == 0, code.stderr
    assert code.stdout.strip().isdigit() and len(code.stdout.strip()) == 6
