"""A rights request in a real browser: one contact point for all partners (WGS, AVG).

The privacy officer registers an inzage request, links it to the person Schakel knows,
and asks the partners that hold data on her; the police answer their task from their
worklist; the officer reads the inzage document on screen (the other person of the case
only as "andere betrokkene"), downloads it as a PDF, extends and closes the request.
axe-core checks every new page on the way.
"""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.roles import Role
from schakel.cases.services import register_person_in_case
from schakel.rights.models import RightsRequest, TaskStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.builders import reported_case
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.browser


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def world(transactional_db, region, zvh, politie, table):
    municipality = MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    officer = UserFactory(
        username="fg",
        first_name="Floor",
        last_name="Gegevensbescherming",
        organisation=zvh,
        roles=[Role.PRIVACY_OFFICER],
    )
    agent = UserFactory(
        username="agent",
        first_name="Wessel",
        last_name="Wijkagent",
        organisation=politie,
        roles=[Role.KETENPARTNER],
    )
    regisseur = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR])
    table.procesregisseurs.add(regisseur)
    case = reported_case(reporter=agent, municipality=municipality, last_name="Fictief-Browser")
    register_person_in_case(
        actor=regisseur,
        case=case,
        role="partner",
        first_names="Derk",
        last_name="Anders-Derde",
        birth_date=datetime.date(1985, 2, 3),
    )
    return {"officer": officer, "agent": agent, "case": case}


def test_inzage_request_from_registration_to_pdf(browser, live_server, world):
    officer = new_page(browser, live_server)
    sign_in(officer, world["officer"])
    officer.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Rechtenverzoeken"
    ).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Rechtenverzoeken van betrokkenen")
    assert_accessible(officer)

    officer.get_by_role("link", name="Nieuw verzoek registreren").click()
    assert_accessible(officer)
    officer.get_by_label("Inzage (AVG art. 15)").check()
    officer.get_by_label("Voornamen").fill("Fenna")
    officer.get_by_label("Achternaam").fill("Fictief-Browsers")  # typed a little differently
    officer.get_by_label("Geboortedatum").fill("1988-05-17")
    officer.get_by_label("Identiteitsbewijs getoond aan de balie").check()
    officer.get_by_label("Het verzoek").fill(
        "Ik wil weten wat het ZVH en de partners over mij hebben."
    )
    officer.get_by_role("button", name="Verzoek registreren").click()

    # The link page offers the known record despite the spelling.
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Persoon koppelen")
    assert_accessible(officer)
    officer.get_by_role("button", name="Fenna Fictief-Browser koppelen").click()

    expect(officer.get_by_role("heading", level=1)).to_contain_text("Wat Schakel heeft")
    expect(officer.get_by_role("main")).to_contain_text(world["case"].reference)
    assert_accessible(officer)
    officer.get_by_role("button", name="Taken aanmaken").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Verzoek AVG")
    expect(officer.get_by_role("main")).to_contain_text("Politie Dordrecht")
    assert_accessible(officer)
    rights_request = RightsRequest.objects.get()

    # The police answer their task from the worklist.
    police = new_page(browser, live_server)
    sign_in(police, world["agent"])
    police.get_by_role("link", name=re.compile(rf"^{rights_request.reference}")).click()
    expect(police.get_by_role("heading", level=1)).to_have_text(
        f"Privacyverzoek {rights_request.reference}"
    )
    assert_accessible(police)
    police.get_by_label("Antwoord of besluit van uw organisatie").fill(
        "Wij hebben de melding van maart; verder niets. Inzage kan via het ZVH."
    )
    police.get_by_role("button", name="Antwoord vastleggen").click()
    expect(police.get_by_role("main")).to_contain_text("Wij hebben de melding van maart")
    police.goto("/privacy/taken/")
    assert_accessible(police)
    assert rights_request.tasks.get().status == TaskStatus.BEANTWOORD

    # The officer reads the inzage document and downloads the PDF.
    officer.reload()
    expect(officer.get_by_role("main")).to_contain_text("Wij hebben de melding van maart")
    officer.get_by_role("link", name="Inzagedocument bekijken").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        "Inzagedocument voor Fenna Fictief-Browser"
    )
    main = officer.get_by_role("main")
    expect(main).to_contain_text("Andere betrokkene")
    expect(main).not_to_contain_text("Anders-Derde")
    expect(main).to_contain_text("Wie uw gegevens heeft ingezien of gewijzigd")
    assert_accessible(officer)
    # Fetched as the signed-in officer (a download would only prove the same response).
    pdf_url = officer.get_by_role("link", name="Download als PDF").get_attribute("href")
    pdf = officer.request.get(pdf_url, timeout=60_000)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    officer.get_by_role("link", name="Terug naar het verzoek").click()
    officer.get_by_role("link", name="Termijn verlengen").click()
    assert_accessible(officer)
    officer.get_by_label("Reden van verlenging").fill(
        "Meerdere partners moeten hun gegevens nagaan."
    )
    officer.get_by_role("button", name="Termijn verlengen").click()
    expect(officer.get_by_role("main")).to_contain_text("Termijn verlengd")

    officer.get_by_role("link", name="Afhandelen").click()
    assert_accessible(officer)
    officer.get_by_label("Inzage verstrekt").check()
    officer.get_by_role("button", name="Afhandelen").click()
    expect(officer.get_by_role("main")).to_contain_text("Verzoek afgehandeld")
    assert_accessible(officer)
    rights_request.refresh_from_db()
    assert not rights_request.is_open and rights_request.is_extended
