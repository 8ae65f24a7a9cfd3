import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.cases.lifecycle import CaseState
from schakel.nazorg.models import DetentionNotice, NoticeStatus
from tests.helpers import sign_in
from tests.nazorg.helpers import VALID_BSN, fill, register

pytestmark = pytest.mark.django_db


def _notice_post(institution, municipality, **overrides):
    today = timezone.localdate()
    data = {
        "source_reference": "PI-DOR-44",
        "first_names": "Fictief",
        "last_name": "Gedetineerde",
        "bsn": VALID_BSN,
        "birth_date": "1990-05-01",
        "gender": "man",
        "institution": str(institution.pk),
        "detention_started_on": (today - datetime.timedelta(days=100)).isoformat(),
        "expected_release_on": (today + datetime.timedelta(days=40)).isoformat(),
        "return_municipality": str(municipality.pk),
    }
    data.update(overrides)
    return data


def test_the_procesregisseur_registers_a_detainee_through_the_form(
    regisseur, institution, municipality
):
    client = sign_in(Client(), regisseur)
    response = client.post(reverse("nazorg:create"), _notice_post(institution, municipality))
    notice = DetentionNotice.objects.get()
    assert response.url == reverse("nazorg:detail", args=[notice.pk])
    assert notice.source_reference == "PI-DOR-44"


def test_release_before_start_comes_back_with_the_message_and_everything_typed(
    regisseur, institution, municipality
):
    client = sign_in(Client(), regisseur)
    response = client.post(
        reverse("nazorg:create"),
        _notice_post(institution, municipality, expected_release_on="2001-01-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "vóór het begin van de detentie" in page
    assert "PI-DOR-44" in page
    assert not DetentionNotice.objects.exists()


def test_a_known_person_is_shown_to_the_zvh_before_a_second_record_is_made(
    regisseur, institution, municipality
):
    first = register(regisseur, institution=institution, municipality=municipality, bsn=VALID_BSN)
    client = sign_in(Client(), regisseur)
    data = _notice_post(institution, municipality, source_reference="PI-2")
    shown = client.post(reverse("nazorg:create"), data)
    assert shown.status_code == 200
    assert "zelfde BSN" in shown.content.decode()
    assert DetentionNotice.objects.count() == 1
    linked = client.post(
        reverse("nazorg:create"),
        {**data, "bekende_personen_getoond": "1", "existing_person": str(first.person_id)},
    )
    assert linked.status_code == 302
    assert DetentionNotice.objects.latest("pk").person_id == first.person_id


def test_one_button_puts_the_detainee_on_the_nazorg_table(regisseur, notice, nazorg_table):
    fill(regisseur, notice, huisvesting="niet_op_orde", schulden="niet_op_orde")
    client = sign_in(Client(), regisseur)
    page = client.get(reverse("nazorg:detail", args=[notice.pk])).content.decode()
    assert "Op de nazorgtafel zetten" in page
    notice.quickscan.refresh_from_db()
    response = client.post(
        reverse("nazorg:table", args=[notice.pk]),
        {
            "quickscan_version": notice.quickscan.version,
            "table": nazorg_table.pk,
            "meets_multiple_domains": "on",
            "needs_multiple_chains": "on",
            "impacts_system": "on",
            "risk": "midden",
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NAZORGTAFEL
    assert notice.case.state == CaseState.GEAGENDEERD


def test_a_stale_quickscan_version_refuses_the_table_step(regisseur, notice, nazorg_table):
    fill(regisseur, notice, huisvesting="niet_op_orde")
    client = sign_in(Client(), regisseur)
    response = client.post(
        reverse("nazorg:table", args=[notice.pk]),
        {
            "quickscan_version": 0,
            "table": nazorg_table.pk,
            "meets_multiple_domains": "on",
            "needs_multiple_chains": "on",
            "impacts_system": "on",
            "risk": "midden",
        },
    )
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.OPEN


def test_one_button_closes_a_detainee_with_everything_in_order(regisseur, notice):
    fill(regisseur, notice)
    notice.quickscan.refresh_from_db()
    client = sign_in(Client(), regisseur)
    response = client.post(
        reverse("nazorg:close", args=[notice.pk]),
        {"quickscan_version": notice.quickscan.version},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.GEEN_NAZORG


def test_changing_the_release_date_through_the_page(regisseur, notice):
    new = notice.expected_release_on + datetime.timedelta(days=10)
    client = sign_in(Client(), regisseur)
    response = client.post(
        reverse("nazorg:release_date", args=[notice.pk]),
        {
            "expected_release_on": new.isoformat(),
            "reason": "Uitspraak hoger beroep",
            "version": notice.version,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("nazorg:detail", args=[notice.pk])).content.decode()
    assert "Uitspraak hoger beroep" in page


def test_the_werklijst_shows_detainees_released_soon_by_number_not_name(
    regisseur, institution, municipality
):
    soon = register(
        regisseur, institution=institution, municipality=municipality, release_in_days=4
    )
    page = sign_in(Client(), regisseur).get(reverse("home:worklist")).content.decode()
    assert f"Detentiemelding {soon.pk}" in page
    assert soon.person.last_name not in page


def test_the_worklist_takes_a_bounded_number_of_queries(regisseur, institution, municipality):
    client = sign_in(Client(), regisseur)
    register(regisseur, institution=institution, municipality=municipality)
    client.get(reverse("nazorg:worklist"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("nazorg:worklist"))
    for days in range(5, 30, 5):
        register(
            regisseur, institution=institution, municipality=municipality, release_in_days=days
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("nazorg:worklist"))
    assert len(many) == len(few)
