"""What the access log holds after person searches and reads."""

from schakel.access.models import AccessAction
from tests.persons.helpers import SEARCH, log_rows


def test_outsider_finds_nothing_and_the_empty_search_is_logged(signed_in, outsider, case_person):
    response = signed_in(outsider).post(SEARCH, {"last_name": case_person.last_name})

    assert response.status_code == 200
    assert case_person.full_name not in response.content.decode()
    assert "Geen personen gevonden" in response.content.decode()
    row = log_rows(outsider, AccessAction.SEARCH).get()
    assert row.person is None
