import pytest
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from schakel.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def privacy_officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])


def test_privacy_officer_reads_the_log_and_that_read_is_logged(
    signed_in, privacy_officer, logged_read
):
    response = signed_in(privacy_officer).get(reverse("access:log"))
    assert response.status_code == 200
    assert logged_read.full_name in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, person_ref=logged_read.pk, purpose__startswith="Toezicht"
    ).exists()


def test_filter_is_posted_and_narrows_the_rows(signed_in, privacy_officer, logged_read, case):
    client = signed_in(privacy_officer)
    response = client.post(reverse("access:log"), {"case_ref": case.pk + 1000})
    assert "Geen logregels gevonden" in response.content.decode()
    response = client.post(
        reverse("access:log"), {"date_from": "2026-12-01", "date_to": "2026-01-01"}
    )
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
