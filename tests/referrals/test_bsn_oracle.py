"""No oracle: a partner's melding never shows it anything of a person record it could not
already see — not on the page, not in an error, not in the work the server does."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.cases.lifecycle import CaseState
from schakel.cases.models import Case
from schakel.persons.models import Person
from tests.factories import CaseFactory, add_person
from tests.helpers import (
    OTHER_VALID_BSN,
    VALID_BSN,
    known_person,
    person_row,
    referral_post,
)

CREATE_URL = reverse("referrals:create")


@pytest.fixture
def known(region, municipality, procesregisseur):
    """Someone in a case the partner has nothing to do with."""
    person = known_person(
        region,
        bsn=VALID_BSN,
        first_names="Geheime",
        last_name="Bewoner",
        birth_date=datetime.date(1971, 2, 3),
        street_address="Verborgen Hof 9",
        postal_code="3311ZZ",
        city="Zwijndrecht",
        gender="man",
    )
    case = CaseFactory(region=region, municipality=municipality, state=CaseState.IN_UITVOERING)
    add_person(case, person=person)
    return person


def _submit(client, municipality, bsn):
    row = person_row(
        bsn=bsn,
        first_names="Verzonnen",
        name_prefix="",
        last_name="Naam",
        birth_date="",
        gender="onbekend",
        street_address="",
        postal_code="",
        city="",
    )
    return client.post(CREATE_URL, referral_post(municipality, persons=[row]))


def _without_tokens(body: str) -> str:
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'name="verzendsleutel" value="[^"]+"', "", body)
    body = re.sub(r"C\d{4}-\d{6}", "C-REF", body)
    body = re.sub(r"melding-\d+", "melding-N", body)
    return re.sub(r"/(casussen|personen)/\d+/", r"/\1/N/", body)


def test_partner_melding_with_a_known_bsn_reveals_nothing(
    signed_in, partner_user, municipality, known
):
    client = signed_in(partner_user)
    response = _submit(client, municipality, VALID_BSN)
    assert response.status_code == 302
    case = Case.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()

    assert "Verzonnen" in page
    for secret in ("Geheime", "Bewoner", "Verborgen Hof", "3311ZZ", "1971", "Zwijndrecht"):
        assert secret not in page, secret
    # The typed person is a new record, not the known one; the known record stays closed.
    assert case.case_persons.get().person_id != known.pk
    assert client.get(reverse("persons:detail", args=[known.pk])).status_code == 404
    search = client.post(reverse("persons:search"), {"bsn": VALID_BSN})
    assert "Bewoner" not in search.content.decode()


def test_known_and_unknown_bsn_look_the_same_to_the_partner(
    signed_in, partner_user, municipality, known
):
    """Same answer, same page and the same database work for a known and an unknown BSN:
    nothing to tell them apart by, not even the time the server takes."""
    client = signed_in(partner_user)
    client.get("/")  # the session's first page does some more work
    pages, query_counts = [], []
    for bsn in (VALID_BSN, OTHER_VALID_BSN):
        with CaptureQueriesContext(connection) as queries:
            response = _submit(client, municipality, bsn)
        assert response.status_code == 302
        query_counts.append(len(queries.captured_queries))
        pages.append(_without_tokens(client.get(response["Location"]).content.decode()))

    assert query_counts[0] == query_counts[1]
    assert pages[0] == pages[1]
    assert Person.objects.filter(bsn=VALID_BSN).count() == 2


def test_an_error_on_the_melding_is_the_same_for_a_known_bsn(
    signed_in, partner_user, municipality, known
):
    client = signed_in(partner_user)
    bad = {"description": ""}
    row = person_row(bsn=VALID_BSN, first_names="Verzonnen", last_name="Naam")
    other = person_row(bsn=OTHER_VALID_BSN, first_names="Verzonnen", last_name="Naam")
    with_known = client.post(CREATE_URL, referral_post(municipality, persons=[row], **bad))
    with_unknown = client.post(CREATE_URL, referral_post(municipality, persons=[other], **bad))
    assert with_known.status_code == with_unknown.status_code == 200
    known_body = _without_tokens(with_known.content.decode()).replace(VALID_BSN, "BSN")
    unknown_body = _without_tokens(with_unknown.content.decode()).replace(OTHER_VALID_BSN, "BSN")
    assert known_body == unknown_body
    assert "Bewoner" not in known_body


def test_procesregisseur_sees_the_match_on_the_case_page(
    signed_in, partner_user, procesregisseur, municipality, known
):
    """Matching is the procesregisseur's step: the case page names the possible match."""
    response = _submit(signed_in(partner_user), municipality, VALID_BSN)
    case = Case.objects.latest("pk")
    assert response.status_code == 302
    page = signed_in(procesregisseur).get(reverse("cases:detail", args=[case.pk]))
    body = page.content.decode()
    assert "Mogelijk dezelfde persoon" in body
    assert "zelfde BSN" in body
