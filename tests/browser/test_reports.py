"""Journey: a manager reads the region's reports, looks at a chart and exports the figures."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.accounts.roles import Role
from schakel.incidents.services import register_incident
from schakel.persons.services import create_person
from tests.browser.helpers import assert_accessible, sign_in
from tests.builders import case_at_table, reported_case
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_manager_reads_a_report_with_its_chart_and_exports_it(
    page, zvh, municipality, partner_user, table, procesregisseur
):
    for index in range(6):
        case = reported_case(
            reporter=partner_user, municipality=municipality, last_name=f"Fictief-{index}"
        )
        case_at_table(case, table=table, actor=procesregisseur)
    manager = UserFactory(organisation=zvh, roles=[Role.MANAGER])

    sign_in(page, manager)
    page.get_by_role("link", name="Rapportages").click()
    assert_accessible(page)
    page.get_by_role("link", name="Productie").click()
    expect(
        page.get_by_role("heading", level=2, name="Triagebesluiten per regietafel")
    ).to_be_visible()
    # The chart is an image with a title, the table carries the same figures.
    expect(page.get_by_role("img", name="Triagebesluiten per regietafel")).to_be_visible()
    expect(page.get_by_role("table").filter(has_text=table.name).first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren als CSV").click()
    assert download_info.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren als spreadsheet (xlsx)").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")

    for name in ("Doorlooptijden", "Trends"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        assert_accessible(page)
    assert "Fictief-" not in page.content()


def test_manager_reads_the_rendementsanalyse(page, zvh, region, procesregisseur):
    """Five never discussed persons with incidents this year: the control group's figures
    and chart are shown, the plan group's are not (nobody)."""
    this_year = timezone.localdate().year
    for index in range(5):
        person = create_person(
            actor=procesregisseur,
            region=region,
            first_names="Fictief",
            last_name=f"Controle-{index}",
            birth_date=datetime.date(1980, 1, 1),
        )
        register_incident(
            actor=procesregisseur,
            person=person,
            occurred_on=datetime.date(this_year, 1, 2),
            kind="overlast",
            source_reference=f"PL-{index}",
        )
    sign_in(page, UserFactory(organisation=zvh, roles=[Role.MANAGER]))
    page.get_by_role("link", name="Rapportages").click()
    page.get_by_role("link", name="Rendementsanalyse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rendementsanalyse")
    title = "Politie-incidenten vóór en na de peildatum: Alle leeftijden"
    expect(page.get_by_role("img", name=title)).to_be_visible()
    expect(page.get_by_role("table", name=title)).to_contain_text("Verschil van de verschillen")
    assert_accessible(page)
    assert "Controle-" not in page.content()
