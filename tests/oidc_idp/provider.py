"""Start and stop the stand-in identity provider (server.js, a real OpenID provider)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

FOLDER = Path(__file__).resolve().parent
STARTUP_SECONDS = 20
MFA_AMR = ["pwd", "otp"]
PASSWORD_ONLY_AMR = ["pwd"]


@dataclass
class Account:
    sub: str
    email: str
    password: str = "idp-wachtwoord-2025"
    given_name: str = ""
    family_name: str = ""
    amr: list[str] | None = None
    acr: str | None = None


@dataclass
class StandInProvider:
    issuer: str
    client_id: str
    client_secret: str
    accounts: list[Account] = field(default_factory=list)

    def sign_in(self, authorization_url: str, account: Account, *, stop_at: str) -> str:
        """Follow the IdP's login form like a browser; return the first address that
        starts with stop_at (Schakel's callback), with the code and state."""
        browser = requests.Session()
        url = authorization_url
        for _hop in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and 'name="login"' in response.text:
                action = re.search(r'action="([^"]+)"', response.text)
                assert action is not None, response.text
                response = browser.post(
                    urljoin(url, action.group(1)),
                    data={"login": account.email, "password": account.password},
                    allow_redirects=False,
                    timeout=10,
                )
            assert response.status_code in (302, 303), (response.status_code, response.text)
            url = urljoin(url, response.headers["Location"])
            if url.startswith(stop_at):
                return url
        raise AssertionError("the identity provider never sent the browser back")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} ontbreekt: de test-identity-provider draait op Node.js.")
    return path


def ensure_installed() -> None:
    """scripts/bootstrap.sh installs it; this covers a checkout without bootstrap."""
    if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(  # noqa: S603 - a fixed command in the test folder
            [_program("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=FOLDER,
            check=True,
        )


@contextmanager
def running_provider(
    *, accounts: list[Account], redirect_uris: list[str], post_logout_redirect_uris: list[str]
) -> Iterator[StandInProvider]:
    ensure_installed()
    port = free_port()
    provider = StandInProvider(
        issuer=f"http://127.0.0.1:{port}",
        client_id=f"schakel-{secrets.token_hex(4)}",
        client_secret=secrets.token_urlsafe(24),
        accounts=accounts,
    )
    config = {
        "port": port,
        "issuer": provider.issuer,
        "clients": [
            {
                "client_id": provider.client_id,
                "client_secret": provider.client_secret,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris,
            }
        ],
        "accounts": [
            {key: value for key, value in vars(account).items() if value is not None}
            for account in accounts
        ],
    }
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(  # noqa: S603 - a fixed command in the test folder
        [_program("node"), "server.js"],
        cwd=FOLDER,
        env={**os.environ, "IDP_CONFIG": json.dumps(config)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                discovery = requests.get(
                    provider.issuer + "/.well-known/openid-configuration", timeout=2
                )
                if discovery.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(
                    "the stand-in identity provider did not start: " + log.read().decode()
                )
            time.sleep(0.1)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def is_at(url: str, issuer: str) -> bool:
    return urlsplit(url).netloc == urlsplit(issuer).netloc
