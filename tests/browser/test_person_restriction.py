"""Restriction of processing (AVG art. 18) in a real browser.

The privacy officer finds the betrokkene by BSN, reads the record, opens the correction
form, and restricts the processing with a reason. The procesregisseur's case page then
shows the person only as "Gegevens beperkt (AVG art. 18)". axe-core checks every page
of the privacy officer on the way.
"""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.roles import Role
from schakel.persons.models import Person
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import (
    CaseFactory,
    MunicipalityFactory,
    PersonFactory,
    UserFactory,
    add_participant,
    add_person,
)

pytestmark = pytest.mark.browser

BSN = "111222333"


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def world(region, zvh, politie):
    municipality = MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    officer = UserFactory(
        username="fg",
        first_name="Fenne",
        last_name="Privacy",
        organisation=zvh,
        roles=[Role.PRIVACY_OFFICER],
    )
    regisseur = UserFactory(
        username="regisseur",
        first_name="Femke",
        last_name="Procesregie",
        organisation=zvh,
        roles=[Role.PROCESREGISSEUR],
    )
    case = CaseFactory(region=region, municipality=municipality, title="Zorgen om vervuiling")
    person = add_person(
        case,
        PersonFactory(
            region=region,
            first_names="Roos",
            last_name="Beperktmans",
            bsn=BSN,
            birth_date=datetime.date(1977, 7, 7),
            city="Zwijndrecht",
        ),
    )
    add_participant(case, politie, reason="melder")
    return {"officer": officer, "regisseur": regisseur, "case": case, "person": person}


def test_the_privacy_officer_restricts_and_the_case_page_shows_the_person_masked(
    browser, live_server, transactional_db, world
):
    page = new_page(browser, live_server)
    sign_in(page, world["officer"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Correctie en beperking"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Correctie en beperking van persoonsgegevens"
    )
    assert_accessible(page)

    page.get_by_label("BSN").fill("111 222 333")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Roos Beperktmans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roos Beperktmans")
    assert_accessible(page)

    page.get_by_role("link", name="Gegevens corrigeren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("corrigeren")
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de persoon").click()

    page.get_by_role("link", name="Verwerking beperken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Verwerking beperken").click()
    expect(
        page.locator(".utrecht-form-field-error-message, .schakel-field-error").first
    ).to_be_visible()
    page.get_by_label("Reden").fill("De betrokkene betwist de juistheid van het adres.")
    page.get_by_role("button", name="Verwerking beperken").click()
    expect(page.get_by_text("Verwerking beperkt (AVG art. 18)")).to_be_visible()
    expect(page.get_by_role("link", name="Beperking opheffen")).to_be_visible()
    assert_accessible(page)
    assert Person.objects.get(pk=world["person"].pk).is_restricted

    director = new_page(browser, live_server)
    sign_in(director, world["regisseur"])
    director.goto(f"/casussen/{world['case'].pk}/")
    persons = director.get_by_role("table", name=re.compile("Personen in deze casus"))
    expect(persons).to_contain_text("Gegevens beperkt (AVG art. 18)")
    expect(director.locator("main")).not_to_contain_text("Beperktmans")
    expect(director.locator("main")).not_to_contain_text("Zwijndrecht")
    assert_accessible(director)
