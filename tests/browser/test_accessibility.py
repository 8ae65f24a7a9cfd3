import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from schakel.accounts.roles import Role
from tests.browser.helpers import assert_accessible, sign_in, submit_login
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def regisseur(region, zvh, table, case):
    """A procesregisseur with a case in intake, so the worklist has content."""
    user = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], username="regisseur")
    table.procesregisseurs.add(user)
    return user


@pytest.mark.parametrize("path", ["/inloggen/", "/toegankelijkheid", "/privacy"])
def test_public_pages_have_no_axe_violations(page: Page, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_the_two_factor_enrolment_page_has_no_axe_violations(page: Page, regisseur):
    submit_login(page, regisseur.username)
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    assert_accessible(page)


def test_the_two_factor_code_page_with_an_error_has_no_axe_violations(page: Page, regisseur):
    TOTPDevice.objects.create(user=regisseur, name="app", confirmed=True)
    submit_login(page, regisseur.username)
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Vul de verificatiecode in.")).to_be_visible()
    assert_accessible(page)


def test_the_worklist_has_no_axe_violations(page: Page, regisseur):
    sign_in(page, regisseur)
    expect(page.get_by_role("heading", name="Meldingen in intake en triage")).to_be_visible()
    assert_accessible(page)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page, regisseur):
    sign_in(page, regisseur)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


def test_every_main_menu_item_is_reachable_with_tab(page: Page, regisseur):
    sign_in(page, regisseur)
    menu_links = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    labels = menu_links.all_inner_texts()
    assert "Werklijst" in labels and len(labels) >= 3
    reached: list[str] = []
    for _press in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.closest('nav.schakel-nav') ?"
            " document.activeElement.innerText : null"
        )
        if focused:
            reached.append(focused.strip())
        if set(labels) <= set(reached):
            break
    assert reached == labels


def test_assert_accessible_fails_listing_the_violations(page: Page):
    page.set_content('<html lang="nl"><title>x</title><main><input type="text"></main></html>')
    with pytest.raises(pytest.fail.Exception, match="label"):
        assert_accessible(page)
