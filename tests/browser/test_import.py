"""Reading a ZSM file in, in a real browser: upload, watch the progress reach done (htmx),
read the error report. axe-core checks every page on the way."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from schakel.accounts.roles import Role
from schakel.referrals.models import Referral
from tests.browser.helpers import assert_accessible
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.imports.helpers import csv_text, good_row

pytestmark = pytest.mark.browser


def test_upload_progress_and_error_report(signed_in_page, tmp_path):
    region = RegionFactory(name="Zuid-Holland Zuid", code="zhz")
    MunicipalityFactory(region=region, name="Dordrecht", cbs_code="GM0505")
    OrganisationFactory(region=region, name="Politie Dordrecht", domain="straf", kind="politie")
    zvh = OrganisationFactory(region=region, name="ZVH Zuid-Holland Zuid", domain="zvh")
    user = UserFactory(organisation=zvh, roles=[Role.INFORMATIEMAKELAAR])
    path = tmp_path / "zsm-week-10.csv"
    path.write_text(
        csv_text([good_row(1), good_row(2, bsn="123456789"), good_row(3, gemeente="Rotterdam")]),
        encoding="utf-8",
    )

    page = signed_in_page(user)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importeren")
    assert_accessible(page)
    page.get_by_role("link", name="Bestand inlezen").click()
    assert_accessible(page)
    page.get_by_label("CSV-bestand").set_input_files(str(path))
    page.get_by_role("button", name="Inlezen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import zsm-week-10.csv")
    expect(page.locator("#import-voortgang")).to_contain_text("In de wachtrij")
    assert_accessible(page)

    # The background worker, as `manage.py db_worker` runs it next to the server; the
    # page keeps polling meanwhile.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    # htmx polls the progress block; when the job is done the page reloads with the report.
    expect(page.get_by_role("heading", name="Foutenrapport")).to_be_visible(timeout=20_000)
    expect(page.locator("#import-voortgang")).to_contain_text("Klaar")
    table = page.get_by_role("table", name=re.compile("meldingen over de regels"))
    expect(table).to_contain_text("Geen geldig BSN")
    expect(table).to_contain_text("Onbekende gemeente")
    expect(table.get_by_role("row")).to_have_count(3)
    assert_accessible(page)
    assert Referral.objects.count() == 1

    with page.expect_download() as download:
        page.get_by_role("link", name="Foutenrapport downloaden (CSV)").click()
    assert download.value.suggested_filename.startswith("foutenrapport-import-")
