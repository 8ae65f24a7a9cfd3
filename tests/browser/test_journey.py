"""The first half of the ZVH work process in a real browser, as its users do it.

A partner (police) submits a melding; the procesregisseur asks the GGZ for information;
the GGZ answers; the procesregisseur takes the triage decision and places the case on a
table. A user of an uninvolved organisation cannot find the case anywhere. axe-core
checks every page on the way.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from tests.browser.helpers import assert_accessible, restore_reference_lists, sign_in
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.browser

TITLE = "Ernstige overlast en zorgmijding Vogelbuurt"


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def life_domains(transactional_db):
    """A live-server test flushes the database, reference lists from migrations included."""
    restore_reference_lists()


@pytest.fixture
def people(region, zvh, politie, ggz, outsider_org, table, life_domains):
    MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    table.fixed_participants.add(politie)
    regisseur = UserFactory(username="regisseur", organisation=zvh, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(regisseur)
    return {
        "politie": UserFactory(username="agent", organisation=politie, roles=[Role.KETENPARTNER]),
        "ggz": UserFactory(username="ggz", organisation=ggz, roles=[Role.KETENPARTNER]),
        "regisseur": regisseur,
        "buitenstaander": UserFactory(
            username="elders", organisation=outsider_org, roles=[Role.KETENPARTNER]
        ),
    }


def submit_melding(page: Page) -> None:
    page.get_by_role("link", name="Nieuwe melding").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("melding")
    assert_accessible(page)
    page.get_by_label("Bron").select_option("veldaanmelding")
    page.get_by_label("Gemeente").select_option(label="Dordrecht")
    page.get_by_label("Korte omschrijving").fill(TITLE)
    page.locator("[name=description]").fill(
        "Bewoner veroorzaakt al maanden overlast, weigert zorg en heeft schulden."
    )
    page.get_by_label("Wonen / huisvesting").check()
    page.get_by_label("Psychische gezondheid").check()
    page.get_by_label("Vraag van de melder").fill("Kan het ZVH regie voeren op een aanpak?")
    page.locator("[name=betrokkene-0-role]").select_option("hoofdpersoon")
    page.locator("[name=betrokkene-0-first_names]").fill("Fictieve")
    page.locator("[name=betrokkene-0-last_name]").fill("Testpersoon")
    page.locator("[name=betrokkene-0-birth_date]").fill("1979-04-12")
    page.get_by_role("button", name="Melding versturen").click()


def test_melding_uitvraag_triage_and_need_to_know(browser, live_server, people, transactional_db):
    # 1. The police submit a melding.
    police = new_page(browser, live_server)
    sign_in(police, people["politie"])
    assert_accessible(police)
    submit_melding(police)
    expect(police.get_by_role("heading", level=1)).to_contain_text(TITLE)
    case = Case.objects.get(title=TITLE)
    assert case.state == CaseState.AANGEMELD

    # A bad submission keeps what was typed and says what is wrong, in Dutch.
    police.get_by_role("link", name="Nieuwe melding").click()
    police.get_by_label("Korte omschrijving").fill("Alleen een titel")
    police.get_by_role("button", name="Melding versturen").click()
    expect(police.get_by_label("Korte omschrijving")).to_have_value("Alleen een titel")
    expect(police.locator(".utrecht-form-field-error-message").first).to_be_visible()
    assert_accessible(police)
    assert Case.objects.filter(title="Alleen een titel").count() == 0

    # 2. The procesregisseur sees it on the worklist and asks the GGZ for information.
    regisseur = new_page(browser, live_server)
    sign_in(regisseur, people["regisseur"])
    regisseur.get_by_role("link", name=re.compile(TITLE)).first.click()
    expect(regisseur.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(regisseur)
    regisseur.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Melding en triage"
    ).click()
    regisseur.get_by_role("link", name="Informatie opvragen").click()
    assert_accessible(regisseur)
    regisseur.get_by_label("Partnerorganisatie").select_option(label="GGZ Drechtsteden")
    regisseur.get_by_label("Fictieve Testpersoon").check()
    regisseur.locator("[name=question]").fill("Is betrokkene bij u bekend en in zorg?")
    regisseur.locator("[name=purpose]").fill("Voorbereiding weegoverleg")
    regisseur.get_by_label("Grondslag").select_option("wgs")
    regisseur.get_by_label("Uiterste datum").fill("2099-01-31")
    regisseur.get_by_role("button", name="Verzoek versturen").click()
    case.refresh_from_db()
    assert case.state == CaseState.IN_UITVRAAG

    # 3. The GGZ answers the request addressed to its organisation.
    ggz = new_page(browser, live_server)
    sign_in(ggz, people["ggz"])
    ggz.get_by_role("link", name=re.compile("Is betrokkene bij u bekend")).first.click()
    assert_accessible(ggz)
    ggz.locator("[name=answer]").fill("Bekend bij het FACT-team sinds 2024; zorgmijdend.")
    ggz.get_by_role("button", name="Antwoord versturen").click()
    expect(ggz.get_by_text("Bekend bij het FACT-team sinds 2024; zorgmijdend.")).to_be_visible()

    # 4. The procesregisseur moves the case to triage and places it on the table.
    regisseur.goto(f"/casussen/{case.pk}/")
    regisseur.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Melding en triage"
    ).click()
    expect(regisseur.get_by_text("Bekend bij het FACT-team sinds 2024")).to_be_visible()
    regisseur.get_by_role("button", name="Naar triage").click()
    regisseur.get_by_role("link", name="Triagebesluit nemen").click()
    assert_accessible(regisseur)
    for field in ("meets_multiple_domains", "needs_multiple_chains", "impacts_system"):
        regisseur.locator(f"[name={field}]").check()
    for field in ("complexity", "risk", "unrest"):
        regisseur.locator(f"[name={field}][value=hoog]").check()
    regisseur.locator("[name=outcome][value=agenderen]").check()
    regisseur.get_by_label("Motivering").fill("Meervoudige problematiek, zorg en straf nodig.")
    regisseur.locator("[name=table]").select_option(label="Volwassenen")
    regisseur.get_by_label("Doel van de bespreking").fill("Gezamenlijk plan van aanpak")
    regisseur.get_by_label("Vragen die beantwoord moeten worden").fill("Wie neemt de zorg op?")
    regisseur.get_by_role("button", name="Besluit vastleggen").click()
    case.refresh_from_db()
    assert case.state == CaseState.GEAGENDEERD
    assert case.table.name == "Volwassenen"

    # 5. A user of an uninvolved organisation cannot find the case anywhere.
    elsewhere = new_page(browser, live_server)
    sign_in(elsewhere, people["buitenstaander"])
    expect(elsewhere.get_by_text(TITLE)).to_have_count(0)
    elsewhere.get_by_role("link", name="Casussen").click()
    expect(elsewhere.get_by_text(TITLE)).to_have_count(0)
    elsewhere.get_by_role("link", name="Personen zoeken").click()
    elsewhere.get_by_label("Achternaam").fill("Testpersoon")
    elsewhere.get_by_role("button", name=re.compile("Zoeken")).click()
    expect(elsewhere.get_by_text("Fictieve Testpersoon")).to_have_count(0)
    response = elsewhere.goto(f"/casussen/{case.pk}/")
    assert response.status == 404
    expect(elsewhere.get_by_text(TITLE)).to_have_count(0)
