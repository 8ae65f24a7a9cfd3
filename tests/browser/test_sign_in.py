import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.accounts.roles import Role
from tests.browser.helpers import current_token, sign_in, submit_login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def new_user(region, zvh, table):
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], username="nieuwe.regisseur")
    table.procesregisseurs.add(user)
    return user


def test_a_new_user_enrols_totp_and_lands_on_the_worklist(page, new_user):
    assert not TOTPDevice.objects.filter(user=new_user).exists()
    submit_login(page, new_user.username)

    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Verificatiecode").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werklijst")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    device = TOTPDevice.objects.get(user=new_user)
    assert device.confirmed and device.bin_key == key
    assert SecurityEvent.objects.filter(
        user=new_user, kind=SecurityEventKind.TWO_FACTOR_ENROLLED
    ).exists()


def test_a_wrong_code_shows_the_dutch_error_and_keeps_the_user_out(page, new_user):
    device = TOTPDevice.objects.create(user=new_user, name="app", confirmed=True)
    submit_login(page, new_user.username)
    right = current_token(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page.get_by_label("Verificatiecode").fill(wrong)
    page.get_by_role("button", name="Bevestigen").click()

    expect(
        page.get_by_text("Deze code is onjuist of verlopen. Probeer de nieuwe code.")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))
    assert SecurityEvent.objects.filter(
        user=new_user, kind=SecurityEventKind.TWO_FACTOR_FAILED
    ).exists()


def test_the_sign_in_helper_reaches_the_worklist(page, new_user):
    sign_in(page, new_user)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
