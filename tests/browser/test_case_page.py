"""The case page in sections: axe-core on every part, and the section menu by keyboard."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schakel.accounts.models import User
from schakel.cases.models import Case
from schakel.cases.sections import SECTIONS
from schakel.demo.credentials import DEMO_PASSWORD
from schakel.demo.generator import generate_demo_data
from tests.browser.helpers import assert_accessible, restore_reference_lists, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_case(transactional_db):
    restore_reference_lists()
    generate_demo_data(size=20, seed=5)
    return Case.objects.get(title__startswith="Voorbeeld Volwassenen")


def test_every_section_of_a_full_case_is_accessible(page, demo_case):
    sign_in(page, User.objects.get(username="procesregisseur"), password=DEMO_PASSWORD)
    for section in SECTIONS:
        path = (
            reverse("cases:section", args=[demo_case.pk, section.slug])
            if section.slug
            else reverse("cases:detail", args=[demo_case.pk])
        )
        response = page.goto(path)
        assert response.status == 200, path
        menu = page.get_by_role("navigation", name="Onderdelen van de casus")
        expect(menu.locator('[aria-current="page"]')).to_have_text(str(section.label))
        assert_accessible(page)
    # The overview is a page to scan, not the old column of fifteen sections.
    page.goto(reverse("cases:detail", args=[demo_case.pk]))
    assert page.evaluate("document.body.scrollHeight") < 2500


def test_sections_are_reached_by_keyboard(page, demo_case):
    sign_in(page, User.objects.get(username="procesregisseur"), password=DEMO_PASSWORD)
    page.goto(reverse("cases:detail", args=[demo_case.pk]))
    expect(page.get_by_role("heading", level=2, name="Samenvatting")).to_be_visible()
    link = page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Plan en acties"
    )
    # Tab through the page from the top until the section link has the focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("The section menu cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/casussen/{demo_case.pk}/aanpak/$"))
    expect(page.get_by_role("heading", level=2, name="Acties")).to_be_visible()
    expect(page).to_have_title(re.compile("Plan en acties"))


def test_partner_sees_the_sections_accessible(page, demo_case):
    partner = User.objects.get(username="politie")
    sign_in(page, partner, password=DEMO_PASSWORD)
    response = page.goto(reverse("cases:detail", args=[demo_case.pk]))
    assert response.status == 200
    assert_accessible(page)
    page.goto(reverse("cases:section", args=[demo_case.pk, "aanpak"]))
    assert_accessible(page)
