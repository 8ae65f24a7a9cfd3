"""The person pages in a real browser: keyboard-usable forms and no axe-core violations."""

import pytest
from playwright.sync_api import expect

from schakel.cases.models import PersonRole
from tests.browser.helpers import assert_accessible
from tests.factories import add_person
from tests.helpers import make_person

pytestmark = pytest.mark.browser


def test_search_detail_create_and_merge_pages_are_accessible(
    signed_in_page, procesregisseur, case, case_person, region
):
    duplicate = add_person(
        case,
        make_person(region, first_names="Fictief", last_name=case_person.last_name + "s"),
        role=PersonRole.PLEGER,
    )
    page = signed_in_page(procesregisseur)

    page.goto("/personen/")
    assert_accessible(page)
    page.get_by_label("Achternaam").fill(case_person.last_name)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name=case_person.full_name, exact=True)).to_be_visible()
    assert "Persoon" not in page.url  # the name never travels in the URL
    assert_accessible(page)

    page.get_by_role("link", name=case_person.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(case_person.full_name)
    assert_accessible(page)

    page.get_by_role("link", name="Dubbele registratie samenvoegen").click()
    assert_accessible(page)
    page.get_by_label(duplicate.full_name, exact=False).check()
    page.get_by_label("Ik heb gecontroleerd dat dit dezelfde persoon is").check()
    page.get_by_role("button", name="Samenvoegen").click()
    expect(page.get_by_text("De registraties zijn samengevoegd.")).to_be_visible()

    page.goto(f"/personen/nieuw/?casus={case.pk}")
    assert_accessible(page)
    page.get_by_label("Voornamen").fill("Fictief")
    page.get_by_label("Achternaam").fill(case_person.last_name)
    page.get_by_label("Geboortedatum").fill("1990-01-01")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_text("Deze persoon is mogelijk al bekend")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Dit is een andere persoon, toch aanmaken").check()
    page.get_by_role("button", name="Toch registreren").click()
    expect(page.get_by_text("De betrokkene is geregistreerd.")).to_be_visible()
