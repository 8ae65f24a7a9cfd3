import datetime

import pytest
import time_machine
from django.urls import reverse

from schakel.access import views
from schakel.access.log import Access, record_access, record_accesses
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


def test_a_long_log_is_counted_up_to_the_cap_and_says_there_is_more(
    signed_in, privacy_officer, procesregisseur, monkeypatch
):
    record_accesses(
        actor=procesregisseur,
        accesses=[Access("read", detail=f"regel {n}") for n in range(8)],
    )
    monkeypatch.setattr(views, "LOG_COUNT_CAP", 5)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)

    body = signed_in(privacy_officer).get(reverse("access:log")).content.decode()

    # Counted up to three pages (the cap, or two pages past the requested one).
    assert "Meer dan 6 logregels, de nieuwste eerst." in body
    assert "regel 7" in body and "regel 6" in body
    assert "regel 5" not in body


def test_a_period_filter_takes_whole_local_days(signed_in, privacy_officer, procesregisseur):
    # 23:30 in Amsterdam on 1 March is 22:30 UTC: it belongs to 1 March, not the 2nd.
    late = datetime.datetime(2026, 3, 1, 22, 30, tzinfo=datetime.UTC)
    with time_machine.travel(late, tick=False):
        record_access(actor=procesregisseur, action="read", detail="laat op de avond")
    client = signed_in(privacy_officer)

    on_the_day = client.post(
        reverse("access:log"), {"date_from": "2026-03-01", "date_to": "2026-03-01"}
    )
    next_day = client.post(
        reverse("access:log"), {"date_from": "2026-03-02", "date_to": "2026-03-02"}
    )

    assert "laat op de avond" in on_the_day.content.decode()
    assert "laat op de avond" not in next_day.content.decode()


def test_the_log_opens_on_its_last_year_and_reaches_back_when_asked(
    signed_in, privacy_officer, procesregisseur, monkeypatch
):
    long_ago = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=400)
    with time_machine.travel(long_ago, tick=False):
        record_access(actor=procesregisseur, action="read", detail="van lang geleden")
    record_access(actor=procesregisseur, action="read", detail="van vorige week")
    client = signed_in(privacy_officer)

    opened = client.get(reverse("access:log")).content.decode()
    assert "van vorige week" in opened and "van lang geleden" not in opened
    assert "Bij openen het afgelopen jaar" in opened
    # An empty "Vanaf" searches the whole log.
    everything = client.post(reverse("access:log"), {"date_from": ""}).content.decode()
    assert "van lang geleden" in everything
    # Another page of the opening view posts no period: it keeps the last year.
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    last_page = client.post(reverse("access:log"), {"pagina": "999"}).content.decode()
    assert "van vorige week" in last_page and "van lang geleden" not in last_page
    oldest = client.post(reverse("access:log"), {"pagina": "999", "date_from": ""})
    assert "van lang geleden" in oldest.content.decode()
