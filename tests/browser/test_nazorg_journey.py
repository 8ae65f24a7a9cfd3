"""Nazorg en re-integratie in a real browser, as its users do it.

The procesregisseur registers a detainee (detentiemelding) and assigns the
re-integratieofficier; the re-integratieofficier finds only that detainee, fills in the
quickscan (housing and ID not in order); the procesregisseur sees the problems and puts
the detainee on the Nazorg table in one step. axe-core checks every new page.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from schakel.accounts.roles import Role
from schakel.cases.lifecycle import CaseState
from schakel.nazorg.models import Condition, DetentionNotice, NoticeStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TableFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

NOT_IN_ORDER = {"Huisvesting", "Identiteitsbewijs"}


def new_page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    return context.new_page()


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile(f"^{name}")
    ).click()


@pytest.fixture
def world(transactional_db):
    region = RegionFactory(name="Zuid-Holland Zuid", code="zhz")
    municipality = MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    zvh = OrganisationFactory(region=region, name="ZVH Zuid-Holland Zuid", domain="zvh")
    OrganisationFactory(
        region=region, name="Penitentiaire Inrichting Dordrecht", domain="straf", kind="PI"
    )
    rio_org = OrganisationFactory(
        region=region, name="Re-integratieofficier gemeente Dordrecht", domain="gemeente"
    )
    table = TableFactory(region=region, name="Nazorg en Re-integratie")
    TableFactory(region=region, name="Volwassenen")
    regisseur = UserFactory(
        organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Fiona", last_name="Dijkstra"
    )
    table.procesregisseurs.add(regisseur)
    rio = UserFactory(
        organisation=rio_org, roles=[Role.KETENPARTNER], first_name="Bart", last_name="Reedijk"
    )
    return {"regisseur": regisseur, "rio": rio, "municipality": municipality, "table": table}


def test_register_assign_quickscan_and_table_in_one_step(browser, live_server, world):
    today = timezone.localdate()
    release = today + datetime.timedelta(days=10)

    # 1. The procesregisseur registers the detentiemelding.
    regie = new_page(browser, live_server)
    sign_in(regie, world["regisseur"])
    nav(regie, "Nazorg")
    expect(regie.get_by_role("heading", level=1)).to_have_text("Nazorg en re-integratie")
    assert_accessible(regie)
    regie.get_by_role("link", name="Detentiemelding registreren").click()
    assert_accessible(regie)
    regie.get_by_label("Kenmerk inrichting").fill("PI-DOR-2026-17")
    regie.get_by_label("Voornamen").fill("Fictief")
    regie.get_by_label("Achternaam").fill("Terugkeerder")
    regie.get_by_label("BSN").fill("111222333")
    regie.get_by_label("Penitentiaire inrichting").select_option(
        label="Penitentiaire Inrichting Dordrecht"
    )
    regie.get_by_label("Begin detentie").fill((today - datetime.timedelta(days=150)).isoformat())
    regie.get_by_label("Verwachte datum invrijheidstelling").fill(release.isoformat())
    regie.get_by_label("Gemeente van terugkeer").select_option(label="Dordrecht")
    regie.get_by_role("button", name="Registreren").click()
    expect(regie.get_by_text("De detentiemelding is geregistreerd.")).to_be_visible()
    notice = DetentionNotice.objects.get(source_reference="PI-DOR-2026-17")
    assert notice.case.state == CaseState.AANGEMELD
    assert_accessible(regie)

    # 2. ... and assigns the re-integratieofficier.
    regie.get_by_role("link", name="toewijzen").click()
    assert_accessible(regie)
    regie.get_by_label("Re-integratieofficier").select_option(
        label="Bart Reedijk (Re-integratieofficier gemeente Dordrecht)"
    )
    regie.get_by_role("button", name="Opslaan").click()
    expect(regie.get_by_text("De re-integratieofficier is vastgelegd.")).to_be_visible()
    regie.get_by_role("link", name="datum wijzigen").click()
    assert_accessible(regie)
    regie.go_back()

    # 3. The re-integratieofficier finds the detainee and fills in the quickscan.
    rio = new_page(browser, live_server)
    sign_in(rio, world["rio"])
    expect(rio.get_by_text("Binnenkort vrij, basisvoorwaarden niet op orde")).to_be_visible()
    nav(rio, "Nazorg")
    rio.get_by_role("link", name="Fictief Terugkeerder").click()
    rio.get_by_role("link", name="Quickscan invullen").click()
    assert_accessible(rio)
    for label in Condition.labels:
        status = "Niet op orde" if label in NOT_IN_ORDER else "Op orde"
        rio.get_by_role("group", name=str(label)).get_by_label(status, exact=True).check()
    rio.get_by_label("Toelichting bij huisvesting").fill("Geen woning; wachtlijst opvang")
    rio.get_by_role("group", name="Is de gedetineerde al bekend").get_by_label("Nee").check()
    rio.get_by_role("button", name="Quickscan opslaan").click()
    expect(rio.get_by_text("De quickscan is opgeslagen.")).to_be_visible()
    # The officer works front office only: no regie steps on the page.
    expect(rio.get_by_role("button", name="Op de nazorgtafel zetten")).to_have_count(0)

    # 4. The procesregisseur puts the detainee on the Nazorg table in one step.
    regie.reload()
    expect(regie.get_by_text("Geen woning; wachtlijst opvang")).to_be_visible()
    expect(regie.get_by_label("Regietafel")).to_have_value(str(world["table"].pk))
    assert_accessible(regie)
    regie.get_by_role("button", name="Op de nazorgtafel zetten").click()
    expect(regie.get_by_text("De gedetineerde staat op Nazorg en Re-integratie.")).to_be_visible()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NAZORGTAFEL
    assert notice.case.state == CaseState.GEAGENDEERD
    assert notice.case.table == world["table"]
