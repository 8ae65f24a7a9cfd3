"""The demo's detainees and police incidents: enough to walk through nazorg and to make a
before/after analysis meaningful."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from schakel.access.policy import visible_detention_notices
from schakel.accounts.models import User
from schakel.cases.models import CasePerson
from schakel.demo.generator import generate_demo_data
from schakel.demo.reference import MUNICIPALITIES
from schakel.incidents.models import PoliceIncident
from schakel.nazorg.deadlines import WARNING_DAYS
from schakel.nazorg.models import DetentionNotice, NoticeStatus, QuickscanCondition
from schakel.persons.models import Person
from schakel.referrals.models import Referral, ReferralSource


@pytest.fixture
def demo(db):
    generate_demo_data(size=200, seed=3)


def test_every_detentiemelding_case_has_its_notice_and_full_quickscan(demo):
    cases = set(
        Referral.objects.filter(source=ReferralSource.DETENTIEMELDING).values_list(
            "case_id", flat=True
        )
    )
    assert cases and set(DetentionNotice.objects.values_list("case_id", flat=True)) == cases
    per_quickscan = QuickscanCondition.objects.values("quickscan").annotate(n=Count("pk"))
    assert {row["n"] for row in per_quickscan} == {9}
    statuses = set(QuickscanCondition.objects.values_list("status", flat=True))
    assert statuses == {"op_orde", "niet_op_orde", "onbekend"}
    assert {n.return_municipality.region_id for n in DetentionNotice.objects.all()} == {
        DetentionNotice.objects.first().region_id
    }


def test_each_officer_sees_only_their_own_detainees(demo):
    for username in ("rio", "rio-drechtsteden"):
        officer = User.objects.get(username=username)
        visible = visible_detention_notices(officer)
        assert visible.exists()
        assert set(visible.values_list("reintegration_officer", flat=True)) == {officer.pk}


def test_incidents_before_and_after_the_start_and_a_control_group(demo):
    incidents = PoliceIncident.objects.all()
    assert incidents.count() > 100
    in_cases = set(CasePerson.objects.values_list("person_id", flat=True))
    people = set(incidents.values_list("person_id", flat=True))
    assert people & in_cases, "persons with a case"
    assert people - in_cases, "a control group never discussed"
    assert incidents.values("source_reference").distinct().count() == incidents.count()


def test_a_year_of_detainees_from_every_municipality(demo):
    """Besides the detainees of the casework, the region's others: one for every three
    generated cases, from all ten municipalities, most released without a nazorg case."""
    today = timezone.localdate()
    notices = DetentionNotice.objects.all()
    assert notices.filter(source_reference__startswith="PI-ZHZ-").count() == 200 // 3
    past_year = notices.filter(
        expected_release_on__gt=today - datetime.timedelta(days=365),
        expected_release_on__lte=today + datetime.timedelta(days=150),
    )
    assert past_year.values("return_municipality").distinct().count() == len(MUNICIPALITIES)
    statuses = dict(notices.values_list("status").annotate(n=Count("pk")))
    assert statuses[NoticeStatus.GEEN_NAZORG] > statuses[NoticeStatus.NAZORGTAFEL]
    assert statuses[NoticeStatus.OPEN] > 0
    # Each opened its own case, closed 'niet in behandeling' once released.
    released = notices.filter(status=NoticeStatus.GEEN_NAZORG, expected_release_on__lt=today)
    assert set(released.values_list("case__state", flat=True)) == {"niet_in_behandeling"}
    # Some come out within two weeks with conditions still open: the worklist warns.
    soon = notices.filter(
        status=NoticeStatus.OPEN,
        expected_release_on__range=(today, today + datetime.timedelta(days=WARNING_DAYS)),
        quickscan__conditions__status__in=["niet_op_orde", "onbekend"],
    )
    assert soon.distinct().count() >= 2


def test_the_control_group_spans_the_three_age_groups(demo):
    in_cases = CasePerson.objects.values("person_id")
    control = Person.objects.filter(police_incidents__isnull=False).exclude(pk__in=in_cases)
    today = timezone.localdate()
    ages = {(today - born).days // 365 for born in control.values_list("birth_date", flat=True)}
    assert min(ages) < 18 and any(18 <= age < 24 for age in ages) and max(ages) >= 24
