"""axe-core on the retention pages, with a recorded run on the page."""

import pytest

from schakel.accounts.roles import Role
from schakel.retention.models import RunTrigger
from schakel.retention.services import apply_retention
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (Role.BEHEERDER, ["/beheer/bewaartermijnen/", "/beheer/bewaartermijnen/termijnen/"]),
        (Role.PRIVACY_OFFICER, ["/beheer/bewaartermijnen/"]),
    ],
)
def test_retention_pages_have_no_axe_violations(page, zvh, region, expired_case, role, paths):
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    user = UserFactory(organisation=zvh, roles=[role])
    sign_in(page, user)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).count() == 1
        assert_accessible(page)


def test_the_beheerder_sets_the_periods_by_keyboard(page, zvh, region):
    user = UserFactory(organisation=zvh, roles=[Role.BEHEERDER])
    sign_in(page, user)
    page.goto("/beheer/bewaartermijnen/")
    page.get_by_role("link", name="Termijnen wijzigen").click()
    page.get_by_label("bewaartermijn casusgegevens", exact=False).fill("0")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Kies ten minste 1 maand.").is_visible()
    assert_accessible(page)
    page.get_by_label("bewaartermijn casusgegevens", exact=False).fill("36")
    page.get_by_role("button", name="Opslaan").press("Enter")
    page.wait_for_url("**/beheer/bewaartermijnen/")
    assert page.get_by_text("36 maanden na afsluiten").is_visible()
