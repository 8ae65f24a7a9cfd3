"""What the logs hold after a change of the periods and after a removal."""

import pytest
from django.urls import reverse

from schakel.access.models import AccessAction, AccessLogEntry
from schakel.accounts.models import SecurityEvent, SecurityEventKind
from schakel.retention.models import RetentionPolicy, RunTrigger
from schakel.retention.services import apply_retention

POLICY = reverse("retention:policy_edit")


def test_changing_the_periods_writes_an_access_log_row_and_a_security_event(
    signed_in, beheerder, region
):
    response = signed_in(beheerder).post(POLICY, {"case_months": 36, "access_log_years": 7})

    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(region=region)
    entry = AccessLogEntry.objects.get(object_type="RetentionPolicy")
    assert entry.user == beheerder and entry.action == AccessAction.CHANGE
    assert entry.object_ref == str(policy.pk)
    assert "24 -> 36 maanden" in entry.detail and "5 -> 7 jaar" in entry.detail
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RETENTION_CHANGED)
    assert event.actor == beheerder and event.detail.startswith("zhz: ")


def test_saving_the_same_periods_logs_nothing(signed_in, beheerder, region):
    client = signed_in(beheerder)
    client.post(POLICY, {"case_months": 24, "access_log_years": 5})
    assert not AccessLogEntry.objects.filter(object_type="RetentionPolicy").exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.RETENTION_CHANGED).exists()


def test_reading_the_runs_logs_nothing(signed_in, beheerder, region):
    before = AccessLogEntry.objects.count()
    signed_in(beheerder).get(reverse("retention:index"))
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_removal_is_a_security_event_and_a_dry_run_is_not(expired_case, region, dry_run):
    apply_retention(region=region, started_via=RunTrigger.COMMAND, dry_run=dry_run)
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.RETENTION_APPLIED)
    assert events.count() == (0 if dry_run else 1)
