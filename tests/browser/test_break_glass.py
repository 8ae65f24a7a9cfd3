"""Noodtoegang in a real browser: a procesregisseur of the Volwassenen table needs a case of
the Jeugd table in a crisis, asks noodtoegang with a reason, reads the case under the
banner and ends it; the privacy officer reviews it and looks at the unusual-access
report. axe-core checks every new page on the way."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from schakel.access.models import EmergencyAccess, ReviewOutcome
from schakel.accounts.roles import Role
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import TableFactory, UserFactory
from tests.helpers import make_table_case

pytestmark = pytest.mark.browser

REASON = "Crisisdienst belt 's nachts over de jongere; de regisseur van Jeugd is onbereikbaar."
NOTE = "Nagevraagd bij de crisisdienst: de noodtoegang was terecht."


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile(f"^{name}$")
    ).click()


@pytest.fixture
def world(region, zvh, municipality, table):
    regisseur = UserFactory(
        username="regisseur",
        first_name="Femke",
        last_name="Procesregie",
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
    )
    table.procesregisseurs.add(regisseur)
    officer = UserFactory(
        username="fg",
        first_name="Fatima",
        last_name="Gegevensbescherming",
        organisation=zvh,
        roles=[Role.PRIVACY_OFFICER],
    )
    youth_case = make_table_case(
        TableFactory(region=region, name="Jeugd"), municipality, title="Zorgen om een jongere"
    )
    return regisseur, officer, youth_case


def test_noodtoegang_from_request_to_review(browser, live_server, transactional_db, world):
    regisseur, officer, youth_case = world
    page = new_page(browser, live_server)
    sign_in(page, regisseur)

    # Outside need-to-know the case does not exist for her.
    page.goto(f"/casussen/{youth_case.pk}/")
    expect(page.get_by_text("Zorgen om een jongere")).to_have_count(0)

    nav(page, "Noodtoegang")
    expect(page.get_by_role("heading", level=1)).to_have_text("Noodtoegang aanvragen")
    assert_accessible(page)
    page.get_by_label("Casusnummer").fill(youth_case.reference)
    page.get_by_label("Reden").fill("spoed")
    page.get_by_role("button", name="Noodtoegang starten").click()
    expect(page.get_by_text("ten minste 20 tekens")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reden").fill(REASON)
    page.get_by_role("button", name="Noodtoegang starten").click()

    expect(page).to_have_url(re.compile(rf"/casussen/{youth_case.pk}/$"))
    banner = page.get_by_role("region", name="U bekijkt deze casus met noodtoegang")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(REASON)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zorgen om een jongere")
    assert_accessible(page)

    # Elsewhere the banner still lists it; she ends it herself.
    nav(page, "Werklijst")
    expect(page.get_by_role("region", name="U heeft noodtoegang")).to_be_visible()
    page.get_by_role("button", name=f"Noodtoegang tot {youth_case.reference} beëindigen").click()
    expect(page.get_by_text("Uw noodtoegang is beëindigd.")).to_be_visible()
    expect(page.get_by_role("region", name="U heeft noodtoegang")).to_have_count(0)

    # The privacy officer reviews it.
    officer_page = new_page(browser, live_server)
    sign_in(officer_page, officer)
    nav(officer_page, "Noodtoegang beoordelen")
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Noodtoegang beoordelen")
    expect(officer_page.get_by_text(REASON)).to_be_visible()
    assert_accessible(officer_page)
    officer_page.get_by_role("link", name="Beoordeel noodtoegang van Femke Procesregie").click()
    expect(officer_page.get_by_role("table")).to_contain_text("Noodtoegang")
    assert_accessible(officer_page)
    officer_page.get_by_label("Terecht", exact=True).check()
    officer_page.get_by_label("Toelichting").fill(NOTE)
    officer_page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(officer_page.get_by_text("De beoordeling is vastgelegd.")).to_be_visible()
    expect(officer_page.get_by_text(NOTE)).to_be_visible()
    access = EmergencyAccess.objects.get()
    assert (access.review_outcome, access.reviewed_by) == (ReviewOutcome.JUSTIFIED, officer)

    nav(officer_page, "Ongebruikelijke toegang")
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Ongebruikelijke toegang")
    expect(officer_page.get_by_role("table").last).to_contain_text(REASON)
    assert_accessible(officer_page)
    # The noodtoegang's own row (in the evening her reads are also out of office hours).
    officer_page.get_by_role("table").last.get_by_role(
        "button", name=re.compile("^Logregels van Femke Procesregie")
    ).click()
    expect(officer_page.get_by_role("heading", level=1)).to_have_text("Toegangslog")
    expect(officer_page.get_by_role("table")).to_contain_text("Noodtoegang")
