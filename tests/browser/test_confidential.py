"""A partner answers an information request vertrouwelijk, for its own organisation only;
the procesregisseur sees that there is an answer and whom to ask, not the answer.
axe-core checks the pages on the way."""

import pytest
from playwright.sync_api import Page, expect

from schakel.inquiries.models import InformationRequest
from tests.browser.helpers import assert_accessible, sign_in
from tests.builders import invited, on_agenda, started_meeting

pytestmark = pytest.mark.browser

ANSWER = "Betrokkene is bekend met een psychotische stoornis en in behandeling."


def test_partner_marks_an_answer_for_its_own_organisation_only(
    page: Page, plan_case, ask, ggz, ggz_user, procesregisseur
):
    information_request = ask(plan_case, ggz)
    url = f"/informatieverzoeken/{information_request.pk}/"

    sign_in(page, ggz_user)
    page.goto(url)
    page.get_by_role("textbox", name="Antwoord").fill(ANSWER)
    page.get_by_role("checkbox", name="Vertrouwelijk", exact=True).check()
    page.get_by_label("Ook te lezen door de procesregie van het ZVH").uncheck()
    assert_accessible(page)
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_text("Uw antwoord is verstuurd")).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Alleen voor GGZ Drechtsteden.")).to_be_visible()
    assert_accessible(page)
    stored = InformationRequest.objects.get(pk=information_request.pk)
    assert stored.is_confidential and not stored.confidential_for_procesregie

    page.context.clear_cookies()
    sign_in(page, procesregisseur)
    page.goto(url)
    answer = page.locator("#antwoord-kop + dl")
    expect(answer).to_contain_text("Vertrouwelijk")
    expect(answer).to_contain_text("Vraag het zo nodig na bij GGZ Drechtsteden")
    expect(page.get_by_text(ANSWER)).to_have_count(0)
    assert_accessible(page)

    page.goto(f"/casussen/{plan_case.pk}/melding/")
    expect(page.get_by_text("Vraag het zo nodig na bij GGZ Drechtsteden")).to_be_visible()
    expect(page.get_by_text(ANSWER[:40])).to_have_count(0)
    assert_accessible(page)


def test_marking_fields_on_minutes_and_analysis_are_accessible(
    page: Page, plan_case, table, politie, ggz, procesregisseur
):
    meeting = started_meeting(table)
    item = invited(
        on_agenda(meeting, plan_case, actor=procesregisseur), [politie, ggz], actor=procesregisseur
    )
    sign_in(page, procesregisseur)
    page.goto(f"/overleggen/{meeting.pk}/punten/{item.pk}/")
    minutes = page.locator("section", has=page.get_by_role("heading", name="Verslag (beeldvorming"))
    expect(minutes.get_by_role("checkbox", name="Vertrouwelijk", exact=True)).to_be_visible()
    expect(minutes.get_by_role("checkbox", name="Politie Dordrecht")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/casussen/{plan_case.pk}/plan/analyse/")
    expect(page.get_by_role("checkbox", name="Vertrouwelijk", exact=True).first).to_be_visible()
    assert_accessible(page)
