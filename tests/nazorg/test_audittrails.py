"""What the access log holds after reading and changing a detainee."""

import pytest
from django.test import Client
from django.urls import reverse

from schakel.access.models import AccessLogEntry
from tests.helpers import sign_in
from tests.nazorg.helpers import quickscan_post

pytestmark = pytest.mark.django_db


def _rows(user, **filters):
    return AccessLogEntry.objects.filter(user=user, **filters)


@pytest.mark.parametrize(
    "name", ["nazorg:detail", "nazorg:quickscan", "nazorg:officer", "nazorg:release_date"]
)
def test_every_page_of_a_detainee_logs_the_read_with_person_and_case(regisseur, notice, name):
    sign_in(Client(), regisseur).get(reverse(name, args=[notice.pk]))
    row = _rows(regisseur, action="read").get()
    assert (row.person_id, row.case_id) == (notice.person_id, notice.case_id)


def test_the_worklist_logs_the_detainees_it_shows(regisseur, notice):
    sign_in(Client(), regisseur).get(reverse("nazorg:worklist"))
    assert _rows(regisseur, action="read", person=notice.person).exists()


def test_an_empty_worklist_logs_nothing(rio):
    sign_in(Client(), rio).get(reverse("nazorg:worklist"))
    assert not _rows(rio).exists()


def test_a_saved_quickscan_logs_the_change(regisseur, notice):
    client = sign_in(Client(), regisseur)
    client.post(
        reverse("nazorg:quickscan", args=[notice.pk]), quickscan_post(notice.quickscan.version)
    )
    assert _rows(regisseur, action="change", person=notice.person, case=notice.case).exists()


def test_a_refused_request_logs_nothing(partner_user, notice):
    sign_in(Client(), partner_user).get(reverse("nazorg:detail", args=[notice.pk]))
    assert not _rows(partner_user, action="read").exists()
