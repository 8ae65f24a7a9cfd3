"""Helpers for the browser tests: signing in through the real pages, and axe-core."""

import importlib
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from schakel.accounts.models import User
from schakel.cases.models import LifeDomain
from tests.factories import TEST_PASSWORD

# The WCAG 2.1 A and AA rules of axe-core.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def current_token(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show now."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{totp.token():0{device.digits}d}"


def submit_login(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))


def sign_in(page: Page, user: User, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real login page and TOTP step, ending on the worklist."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    submit_login(page, user.username, password)
    page.get_by_label("Verificatiecode").fill(current_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werklijst")


def assert_accessible(page: Page) -> None:
    """Fail, listing every violation, when axe-core finds a WCAG 2.1 A/AA problem."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    if results.violations_count:
        pytest.fail(f"{page.url}\n{results.generate_report()}", pytrace=False)


def restore_reference_lists() -> None:
    """A live-server test flushes the database, and with it the reference lists that a
    migration put in (the leefgebieden): put them back, as the migration did."""
    seeded = importlib.import_module("schakel.cases.migrations.0002_life_domains")
    for position, (code, name) in enumerate(seeded.LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})
