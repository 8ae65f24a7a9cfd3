"""The unusual-access report on a small fixed dataset, its figures computed by hand.

The week of Monday 10 to Sunday 16 March 2025 (Europe/Amsterdam, UTC+1 then):

- ketenpartners k1, k2, k3, k4 read 1, 2, 2 and 9 distinct persons: the median is 2, and
  only k4 (9 > 3 × 2) reads many more than the peers; procesregisseurs p1 and p2 read 1 and
  3 (median 2; 3 is not above 6). k1's 5 persons on Monday 17 March fall outside the week.
- out of hours: k1 on Tuesday 11 March at 06:59 and 19:30 (2 reads, 1 person); k2 on
  Saturday 15 March at 12:00 (1 read, 1 person). Reads at 07:00 and 18:59 are in hours.
- the police's involvement in case X ended on 12 March 12:00: k2 (police) reads X on the
  11th (fine) and the 13th (flagged). GGZ's regie on X ended, but GGZ was invited again
  before k3 read it: not flagged.
- p1's noodtoegang on 12 March is in the week; the one on 20 March is not.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.access.log import record_access
from schakel.access.models import AccessAction, EmergencyAccess
from schakel.access.selectors import unusual_access_report
from schakel.accounts.roles import Role
from schakel.cases.models import CaseParticipant, ParticipationReason
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.helpers import make_table_case, sign_in

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
WEEK = (datetime.date(2025, 3, 10), datetime.date(2025, 3, 16))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 3, day, hour, minute, tzinfo=AMSTERDAM)


def read(user, persons, when, case=None):
    with time_machine.travel(when, tick=False):
        record_access(actor=user, action=AccessAction.READ, case=case, persons=persons)


@pytest.fixture
def officer(zvh):
    return UserFactory(organisation=zvh, roles=[Role.PRIVACY_OFFICER])


@pytest.fixture
def dataset(region, municipality, zvh, politie, ggz, outsider_org, table):
    people = [PersonFactory(region=region) for _ in range(15)]
    a, b = people[0], people[1]
    k1 = UserFactory(organisation=outsider_org, roles=[Role.KETENPARTNER], first_name="Kees")
    k2 = UserFactory(organisation=politie, roles=[Role.KETENPARTNER], first_name="Karin")
    k3 = UserFactory(organisation=ggz, roles=[Role.KETENPARTNER], first_name="Koen")
    k4 = UserFactory(organisation=outsider_org, roles=[Role.KETENPARTNER], first_name="Kim")
    p1 = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Pien")
    p2 = UserFactory(organisation=zvh, roles=[Role.PROCESREGISSEUR], first_name="Paul")
    with time_machine.travel(at(1, 9), tick=False):
        case_x = make_table_case(table, municipality, title="Casus X")
        police_regie = CaseParticipant.objects.create(
            case=case_x, organisation=politie, reason=ParticipationReason.INTERVENTIE
        )
        ggz_regie = CaseParticipant.objects.create(
            case=case_x, organisation=ggz, reason=ParticipationReason.REGIE
        )
    CaseParticipant.objects.filter(pk=police_regie.pk).update(ended_at=at(12, 12))
    CaseParticipant.objects.filter(pk=ggz_regie.pk).update(ended_at=at(11, 12))
    with time_machine.travel(at(12, 9), tick=False):
        CaseParticipant.objects.create(
            case=case_x, organisation=ggz, reason=ParticipationReason.UITGENODIGD
        )

    read(k1, [a], at(11, 10))
    read(k1, [a], at(11, 6, 59))
    read(k1, [a], at(11, 19, 30))
    read(k1, people[10:15], at(17, 10))  # the Monday after the week
    read(k2, [a, b], at(11, 10), case=case_x)
    read(k2, [a], at(13, 10), case=case_x)
    read(k2, [b], at(15, 12))
    read(k3, [a, b], at(12, 10), case=case_x)
    read(k3, [a], at(12, 7, 0))
    read(k3, [b], at(12, 18, 59))
    read(k4, people[0:9], at(12, 11))
    read(p1, [a], at(12, 14))
    read(p2, [a, b, people[2]], at(12, 14))

    in_week = EmergencyAccess.objects.create(
        user=p1,
        region=region,
        case=case_x,
        case_ref=case_x.pk,
        reason="Crisismelding over de hoofdpersoon",
        started_at=at(12, 22),
        expires_at=at(13, 22),
    )
    EmergencyAccess.objects.create(
        user=p1,
        region=region,
        case=case_x,
        case_ref=case_x.pk,
        reason="Na de week",
        started_at=at(20, 10),
        expires_at=at(21, 10),
    )
    return locals()


def test_the_report_figures_match_the_hand_computed_ones(officer, dataset):
    report = unusual_access_report(user=officer, date_from=WEEK[0], date_to=WEEK[1])

    assert [(r.user, r.role, r.persons, r.median, r.peers) for r in report.peer_outliers] == [
        (dataset["k4"], Role.KETENPARTNER, 9, 2.0, 4)
    ]
    assert report.peer_outliers[0].ratio == 4.5
    assert [(r.user, r.day, r.reads, r.persons) for r in report.off_hours] == [
        (dataset["k1"], datetime.date(2025, 3, 11), 2, 1),
        (dataset["k2"], datetime.date(2025, 3, 15), 1, 1),
    ]
    assert [(r.user, r.case_ref, r.reads, r.first) for r in report.ended_involvement] == [
        (dataset["k2"], dataset["case_x"].pk, 1, at(13, 10))
    ]
    assert report.emergency_accesses == [dataset["in_week"]]


def test_a_longer_period_takes_in_the_monday_after(officer, dataset):
    report = unusual_access_report(
        user=officer, date_from=WEEK[0], date_to=datetime.date(2025, 3, 17)
    )

    # k1 now read 6 persons: the median of 6, 2, 2, 9 is 4, and 9 is not above 12.
    assert report.peer_outliers == []


def test_the_report_is_the_own_regions_only(other_region, dataset):
    far_zvh = OrganisationFactory(region=other_region, name="ZVH Haaglanden", domain="zvh")
    far_officer = UserFactory(organisation=far_zvh, roles=[Role.PRIVACY_OFFICER])

    report = unusual_access_report(user=far_officer, date_from=WEEK[0], date_to=WEEK[1])

    assert (report.peer_outliers, report.off_hours, report.ended_involvement) == ([], [], [])
    assert report.emergency_accesses == []


def test_the_report_asks_the_database_a_fixed_number_of_questions(officer, dataset):
    unusual_access_report(user=officer, date_from=WEEK[0], date_to=WEEK[1])  # roles read once
    with CaptureQueriesContext(connection) as few:
        unusual_access_report(user=officer, date_from=WEEK[0], date_to=WEEK[1])
    for day in (11, 12, 13, 14):
        read(dataset["k4"], [dataset["a"], dataset["b"]], at(day, 22))
        read(dataset["k2"], [dataset["a"]], at(day, 10), case=dataset["case_x"])
    with CaptureQueriesContext(connection) as many:
        unusual_access_report(user=officer, date_from=WEEK[0], date_to=WEEK[1])

    assert len(many) == len(few) <= 8


def test_the_page_shows_the_figures_with_buttons_to_the_log_rows(officer, dataset):
    client = sign_in(Client(), officer)

    page = client.post(
        reverse("access:unusual"), {"date_from": "2025-03-10", "date_to": "2025-03-16"}
    ).content.decode()

    assert dataset["k4"].get_full_name() in page
    assert f'name="username" value="{dataset["k4"].username}"' in page
    assert f'name="case_ref" value="{dataset["case_x"].pk}"' in page
    assert 'name="date_from" value="2025-03-15"' in page  # k2's Saturday


def test_the_button_opens_the_log_rows_behind_a_figure(officer, dataset):
    client = sign_in(Client(), officer)

    page = client.post(
        reverse("access:log"),
        {"username": dataset["k4"].username, "date_from": "2025-03-10", "date_to": "2025-03-16"},
    ).content.decode()

    assert "9 logregels" in page


@pytest.mark.parametrize("user_fixture", ["procesregisseur", "manager", "partner_user"])
def test_only_the_privacy_officer_reads_the_report(request, user_fixture):
    client = sign_in(Client(), request.getfixturevalue(user_fixture))

    assert client.get(reverse("access:unusual")).status_code == 403
