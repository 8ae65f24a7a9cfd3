"""The demo's detainees and police incidents: enough to walk through nazorg and to make a
before/after analysis meaningful."""

import pytest
from django.db.models import Count

from schakel.access.policy import visible_detention_notices
from schakel.accounts.models import User
from schakel.cases.models import CasePerson
from schakel.demo.generator import generate_demo_data
from schakel.incidents.models import PoliceIncident
from schakel.nazorg.models import DetentionNotice, QuickscanCondition
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
