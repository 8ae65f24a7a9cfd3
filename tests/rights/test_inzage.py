"""The inzage document: everything held on the person, third parties withheld, the log."""

import pytest
from django.urls import reverse

from schakel.rights.inzage import THIRD_PARTY, build_document, document_html, withheld_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(linked_request, fenna_world):
    return build_document(rights_request=linked_request, person=fenna_world.fenna)


def test_the_document_holds_both_cases_and_her_role(document, fenna_world):
    assert [section.case for section in document.cases] == [
        fenna_world.case,
        fenna_world.second_case,
    ]
    assert document.cases[0].roles == ["Hoofdpersoon"]


def test_the_document_holds_meldingen_answers_plan_and_actions(document):
    html = document_html(document)
    assert "Buren melden aanhoudende overlast" in html
    assert "Is mevrouw bij u in behandeling?" in html
    assert "Ja, sinds 2024 bij de FACT-poli." in html
    assert "Vaste woonplek binnen drie maanden" in html  # subdoel
    assert "Behandeling bij de FACT-poli" in html  # interventie
    assert "Huisbezoek afleggen en terugkoppelen" in html  # actie
    assert "Wonen en zorg op orde" in html  # hoofddoel


def test_another_person_of_the_case_is_named_only_as_andere_betrokkene(document, fenna_world):
    html = document_html(document)
    (other,) = document.cases[0].others
    assert other.withheld == str(THIRD_PARTY)
    assert "Andere betrokkene" in html
    assert "Derk" not in html and "Anders-Derde" not in html


def test_withheld_reason_is_none_for_the_subject_and_given_for_a_third_party(fenna_world):
    assert withheld_reason(fenna_world.fenna, subject=fenna_world.fenna) is None
    assert withheld_reason(fenna_world.partner, subject=fenna_world.fenna) == str(THIRD_PARTY)
    assert withheld_reason(fenna_world.action, subject=fenna_world.fenna) is None


def test_the_document_lists_who_read_her_data(document, fenna_world, procesregisseur):
    assert document.access_rows
    readers = {row.user_id for row in document.access_rows}
    assert procesregisseur.pk in readers
    html = document_html(document)
    assert "Wie uw gegevens heeft ingezien of gewijzigd" in html
    # The rows written under the record merged into hers are included too.
    merged = fenna_world.fenna.merged_from.get()
    assert any(row.person_ref == merged.pk for row in document.access_rows)


def test_the_screen_view_shows_the_document(
    linked_request, fenna_world, privacy_officer, signed_in
):
    response = signed_in(privacy_officer).get(
        reverse("rights:inzage", args=[linked_request.pk, fenna_world.fenna.pk])
    )
    page = response.content.decode()
    assert "Inzagedocument voor Fenna Fictief-Inzage" in page
    assert "Anders-Derde" not in page


def test_pdf_is_a_pdf_with_her_name(linked_request, fenna_world, privacy_officer, signed_in):
    response = signed_in(privacy_officer).get(
        reverse("rights:inzage_pdf", args=[linked_request.pk, fenna_world.fenna.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from weasyprint import HTML

    rendered = HTML(
        string=document_html(
            build_document(rights_request=linked_request, person=fenna_world.fenna)
        )
    ).render()
    text = "".join(
        box.text
        for page in rendered.pages
        for box in _descendants(page._page_box)
        if hasattr(box, "text")
    )
    assert "Fenna Fictief-Inzage" in text
    assert "Anders-Derde" not in text


def _descendants(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _descendants(child)


def test_a_vertrouwelijk_answer_is_withheld_with_whom_to_ask(linked_request, fenna_world, ggz):
    question = fenna_world.question
    question.is_confidential = True
    question.confidential_organisation = ggz
    question.save(update_fields=["is_confidential", "confidential_organisation"])
    question.confidential_for.add(ggz)
    document = build_document(rights_request=linked_request, person=fenna_world.fenna)
    (answer,) = document.cases[0].answers
    assert answer.withheld is not None and ggz.name in answer.withheld
    html = document_html(document)
    assert "Ja, sinds 2024 bij de FACT-poli." not in html
    assert "Vertrouwelijk gemarkeerd door" in html
