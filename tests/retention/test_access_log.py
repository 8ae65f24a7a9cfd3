"""The access log under retention: the database lets expired rows go and nothing else.

The triggers (access migration 0005) judge by the database's own clock, so these rows
are written with the application's clock moved back (timezone.now), as if they had been
written years ago.
"""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from schakel.access.log import record_access
from schakel.access.models import AccessLogEntry
from schakel.retention.models import RetentionPolicy, RunTrigger
from schakel.retention.selectors import access_log_written_before, years_before
from schakel.retention.services import apply_retention
from tests.factories import CaseFactory


@pytest.fixture
def written_ago(monkeypatch, procesregisseur):
    """Write one access-log row as if it was written `years` (and a day) ago."""

    def write(years: float, *, actor=procesregisseur, case=None) -> AccessLogEntry:
        moment = timezone.now() - datetime.timedelta(days=365.25 * years + 1)
        with monkeypatch.context() as patched:
            patched.setattr(timezone, "now", lambda: moment)
            record_access(actor=actor, action="read", case=case, detail=f"{years} jaar")
        return AccessLogEntry.objects.order_by("-pk").first()

    return write


def _execute(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_job_deletes_rows_older_than_the_period_only(written_ago, region):
    old = written_ago(6)
    young = written_ago(4)
    today = written_ago(0)

    report = apply_retention(region=region, started_via=RunTrigger.COMMAND)

    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {young.pk, today.pk} <= remaining
    assert report.counts["access_log_deleted"] == 1
    assert report.run.counts["access_log_deleted"] == 1


def test_the_region_period_decides_for_the_log_too(written_ago, region):
    RetentionPolicy.objects.create(region=region, access_log_years=3)
    four = written_ago(4)
    two = written_ago(2)
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert four.pk not in remaining and two.pk in remaining


def test_a_dry_run_counts_expired_rows_and_deletes_none(written_ago, region):
    written_ago(6)
    report = apply_retention(region=region, started_via=RunTrigger.COMMAND, dry_run=True)
    assert report.counts["access_log_deleted"] == 1
    assert AccessLogEntry.objects.count() == 1


def test_rows_of_another_region_are_left_to_that_region(
    written_ago, region, other_region, other_region_procesregisseur
):
    theirs = written_ago(6, actor=other_region_procesregisseur)
    apply_retention(region=region, started_via=RunTrigger.COMMAND)
    assert AccessLogEntry.objects.filter(pk=theirs.pk).exists()


def test_database_allows_deleting_an_expired_row(written_ago):
    old = written_ago(6)
    _execute("DELETE FROM access_accesslogentry WHERE id = %s", [old.pk])
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize("years", [0, 4])
def test_database_refuses_deleting_a_row_within_the_period(written_ago, years):
    row = written_ago(years)
    with pytest.raises(DatabaseError):
        _execute("DELETE FROM access_accesslogentry WHERE id = %s", [row.pk])
    assert AccessLogEntry.objects.filter(pk=row.pk).exists()


def test_database_reads_the_region_period_not_the_default(written_ago, region):
    """A region that keeps its log for ten years: a six-year-old row is still protected."""
    RetentionPolicy.objects.create(region=region, access_log_years=10)
    row = written_ago(6)
    with pytest.raises(DatabaseError):
        _execute("DELETE FROM access_accesslogentry WHERE id = %s", [row.pk])
    assert AccessLogEntry.objects.filter(pk=row.pk).exists()


def test_database_never_deletes_a_row_younger_than_a_year(written_ago, region):
    """Even when the policy row is changed behind the application's back."""
    RetentionPolicy.objects.create(region=region, access_log_years=1)
    RetentionPolicy.objects.filter(region=region).update(access_log_years=0)
    row = written_ago(0.5)
    with pytest.raises(DatabaseError):
        _execute("DELETE FROM access_accesslogentry WHERE id = %s", [row.pk])


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_accesslogentry SET detail = 'vervalst' WHERE id = %s",
        "UPDATE access_accesslogentry SET action = 'change' WHERE id = %s",
        "UPDATE access_accesslogentry SET case_ref = 999 WHERE id = %s",
        "UPDATE access_accesslogentry SET person_ref = 999 WHERE id = %s",
        "UPDATE access_accesslogentry SET at = '2000-01-01 00:00:00' WHERE id = %s",
        "UPDATE access_accesslogentry SET purpose = 'ander doel' WHERE id = %s",
        "UPDATE access_accesslogentry SET organisation_id = NULL WHERE id = %s",
    ],
)
def test_database_still_refuses_every_other_change_of_an_old_row(written_ago, case, statement):
    """Old or new: a row is never rewritten, only its links cleared."""
    row = written_ago(6, case=case)
    with pytest.raises(DatabaseError):
        _execute(statement, [row.pk])
    assert AccessLogEntry.objects.get(pk=row.pk).detail == "6 jaar"


def test_database_refuses_pointing_a_row_at_another_case(written_ago, case, municipality):
    row = written_ago(0, case=case)
    other = CaseFactory(region=case.region, municipality=municipality)
    with pytest.raises(DatabaseError):
        _execute("UPDATE access_accesslogentry SET case_id = %s WHERE id = %s", [other.pk, row.pk])
    assert AccessLogEntry.objects.get(pk=row.pk).case_id == case.pk


def test_database_allows_clearing_the_links(written_ago, case):
    row = written_ago(0, case=case)
    _execute("UPDATE access_accesslogentry SET case_id = NULL WHERE id = %s", [row.pk])
    row.refresh_from_db()
    assert row.case_id is None and row.case_ref == case.pk


def test_the_python_limit_stays_inside_the_database_limit():
    """The job asks one day less than the triggers allow: a clock difference between the
    application and the database never makes it ask for a row they refuse."""
    now = timezone.now()
    policy = RetentionPolicy(access_log_years=5)
    assert access_log_written_before(policy, now) < years_before(now, 5)
