"""Searching the case list by part of the case number or by a person's name."""

import re

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from tests.factories import CaseFactory, PersonFactory, add_participant, add_person

LIST_URL = reverse("cases:list")
# The CSRF token and the form's one-time submission token differ on every page.
CSRF = re.compile(r'name="(csrfmiddlewaretoken|verzendsleutel)" value="[^"]*"')


def case_with(region, municipality, politie, **person_fields):
    case = CaseFactory(region=region, municipality=municipality)
    person = PersonFactory(region=region, **person_fields)
    add_person(case, person)
    add_participant(case, politie, reason="melder")
    return case


def shown(response):
    return [case.pk for case, _persons in response.context["rows"]]


@pytest.fixture
def meijer_case(region, municipality, politie):
    return case_with(
        region, municipality, politie, first_names="Sanne", name_prefix="", last_name="Meijer"
    )


@pytest.fixture
def other_case(region, municipality, politie):
    return case_with(region, municipality, politie, first_names="Kees", last_name="Bakker")


def fragments(case):
    reference = case.reference  # e.g. C2026-000123
    return [reference, reference[1:], reference.lower(), str(case.pk), f"-{case.pk:06d}"]


def test_search_by_part_of_the_reference(signed_in, procesregisseur, meijer_case, other_case):
    client = signed_in(procesregisseur)
    for fragment in fragments(meijer_case):
        response = client.get(LIST_URL, {"kenmerk": fragment})
        assert response.status_code == 200
        assert meijer_case.pk in shown(response), fragment
        if fragment != str(meijer_case.pk):
            assert other_case.pk not in shown(response), fragment


def test_a_posted_reference_is_sent_on_as_a_get(signed_in, procesregisseur, meijer_case):
    response = signed_in(procesregisseur).post(LIST_URL, {"zoekterm": meijer_case.reference})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?kenmerk={meijer_case.reference}")


@pytest.mark.parametrize("typed", ["Meijer", "meyer", "MEIER", "Sanne Meijer", "Méijer"])
def test_search_by_name_is_spelling_tolerant(
    signed_in, procesregisseur, meijer_case, other_case, typed
):
    response = signed_in(procesregisseur).post(LIST_URL, {"zoekterm": typed})

    assert response.status_code == 200
    assert shown(response) == [meijer_case.pk]
    entry = AccessLogEntry.objects.get(user=procesregisseur, action=AccessAction.SEARCH)
    assert typed.lower() not in entry.detail.lower()
    assert entry.person_ref == meijer_case.case_persons.get().person_id


def test_a_name_never_appears_in_a_url(signed_in, procesregisseur, meijer_case):
    body = signed_in(procesregisseur).post(LIST_URL, {"zoekterm": "Meijer"}).content.decode()
    assert not re.search(r'href="[^"]*Meijer', body, re.IGNORECASE)
    assert 'method="post"' in body


def test_no_oracle_for_a_name_in_an_invisible_case(signed_in, outsider, meijer_case):
    client = signed_in(outsider)
    invisible = client.post(LIST_URL, {"zoekterm": "Meijer"})
    unknown = client.post(LIST_URL, {"zoekterm": "Nietbestaand"})

    assert shown(invisible) == shown(unknown) == []
    assert "Geen resultaten" in invisible.content.decode()
    # The same page, apart from the echoed search term.
    first = CSRF.sub("", invisible.content.decode()).replace("Meijer", "X")
    second = CSRF.sub("", unknown.content.decode()).replace("Nietbestaand", "X")
    assert first == second
    assert client.get(LIST_URL, {"kenmerk": str(meijer_case.pk)}).context["rows"] == []


def test_search_pages_and_keeps_the_queries_bounded(
    signed_in, procesregisseur, region, municipality, politie, django_assert_max_num_queries
):
    for _ in range(30):
        case_with(region, municipality, politie, first_names="Jan", last_name="Janssen")
    client = signed_in(procesregisseur)
    client.get(LIST_URL)  # the session and the second factor are read once

    with django_assert_max_num_queries(14):
        first = client.post(LIST_URL, {"zoekterm": "Jansen"})
    second = client.post(LIST_URL, {"zoekterm": "Jansen", "pagina": "2"})

    assert len(shown(first)) == 25
    assert len(shown(second)) == 5
    assert not set(shown(first)) & set(shown(second))
    assert 'name="pagina" value="2"' in first.content.decode()


@pytest.mark.parametrize("typed", ["", "   ", "x" * 500, "Tekst\x00met nul", "%%%"])
def test_bad_search_terms_get_a_dutch_message(signed_in, procesregisseur, typed):
    response = signed_in(procesregisseur).post(LIST_URL, {"zoekterm": typed})
    assert response.status_code == 200
    assert response.context["search_form"].errors


def test_a_name_search_pages_by_post_with_the_shared_pagination(
    signed_in, procesregisseur, region, municipality, politie
):
    for _ in range(30):
        case_with(region, municipality, politie, first_names="Jan", last_name="Janssen")
    client = signed_in(procesregisseur)

    second = client.post(LIST_URL, {"zoekterm": "Jansen", "pagina": "2"}).content.decode()

    pagination = re.search(r'<nav class="schakel-pagination".*?</nav>', second, re.S).group(0)
    assert 'aria-label="Paginering"' in pagination
    assert "Pagina 2 van 2" in pagination
    assert 'aria-current="page">2</span>' in pagination
    assert '<input type="hidden" name="zoekterm" value="Jansen">' in pagination
    assert 'name="pagina" value="1">Vorige pagina</button>' in pagination
    # The name goes back in the POST body only, never into a link.
    assert "href=" not in pagination
