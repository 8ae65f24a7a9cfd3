"""Journey: a case goes with its person to another region, proposed and accepted in the pages."""

import re

import pytest
from playwright.sync_api import expect

from schakel.cases.models import Case
from schakel.transfers.models import CaseTransfer, TransferStatus
from tests.browser.helpers import assert_accessible, sign_in
from tests.builders import case_at_table, reported_case
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.browser


def test_propose_and_accept_a_transfer(
    page,
    municipality,
    partner_user,
    table,
    procesregisseur,
    other_region,
    other_region_procesregisseur,
):
    MunicipalityFactory(region=other_region, name="Den Haag", cbs_code="GM0518")
    case = reported_case(reporter=partner_user, municipality=municipality)
    case = case_at_table(case, table=table, actor=procesregisseur)

    sign_in(page, procesregisseur)
    page.goto(f"/casussen/{case.pk}/")
    page.get_by_role("link", name="Overdragen aan andere regio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Casus overdragen aan een andere regio"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Overdracht voorstellen").click()
    expect(page.get_by_text("Kies de gemeente waar de betrokkene nu woont.")).to_be_visible()
    page.get_by_label("Nieuwe woongemeente").select_option(label="Den Haag (Haaglanden)")
    page.get_by_label("Reden van de overdracht").fill(
        "Betrokkene woont sinds 1 november in Den Haag."
    )
    page.get_by_role("button", name="Overdracht voorstellen").click()
    expect(page.get_by_text("Wat gaat mee bij aanvaarding")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    sign_in(page, other_region_procesregisseur)
    page.get_by_role("link", name="Overdrachten").click()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).first.click()
    page.get_by_role("button", name="Overdracht aanvaarden").click()
    expect(page.get_by_text("De casus is overgenomen")).to_be_visible()
    page.get_by_role("link", name="Naar de casus").click()
    expect(page).to_have_url(re.compile(rf"/casussen/{case.pk}/$"))

    assert CaseTransfer.objects.get().status == TransferStatus.AANVAARD
    assert Case.objects.get(pk=case.pk).region_id == other_region.pk
