"""The access log on PostgreSQL: partitioned by month, a write never fails for want of a
partition, and a month goes as a whole once every row in it is past its region's period."""

import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from schakel.access import partitions
from schakel.access.log import record_access
from schakel.access.models import AccessLogEntry
from schakel.retention.models import RetentionPolicy, RunTrigger
from schakel.retention.services import apply_retention_everywhere

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the log is partitioned on PostgreSQL only"
    ),
]


def _partition_of(entry: AccessLogEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM access_accesslogentry WHERE id = %s",
            [entry.pk],
        )
        return cursor.fetchone()[0]


def _exists(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
        return cursor.fetchone()[0]


def _write(actor, moment: datetime.datetime | None = None) -> AccessLogEntry:
    with time_machine.travel(moment or timezone.now(), tick=False):
        record_access(actor=actor, action="read", detail="test")
    return AccessLogEntry.objects.order_by("-pk").first()


def _month(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(datetime.UTC).date().replace(day=1)


def test_a_row_goes_into_its_month_and_the_months_ahead_exist(procesregisseur):
    entry = _write(procesregisseur)

    assert _partition_of(entry) == partitions.partition_name(_month(entry.at))
    in_six_months = timezone.now() + datetime.timedelta(days=6 * 31 - 31)
    assert _exists(partitions.partition_name(_month(in_six_months)))


def test_a_row_without_its_month_goes_to_the_default_partition(procesregisseur):
    far = timezone.now() + datetime.timedelta(days=3 * 365)
    entry = _write(procesregisseur, far)

    assert _partition_of(entry) == partitions.DEFAULT_PARTITION
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_bulk_load_of_older_rows_can_create_their_months_first(procesregisseur):
    long_ago = timezone.now() - datetime.timedelta(days=400)

    partitions.ensure_partitions(since=long_ago.date())
    entry = _write(procesregisseur, long_ago)

    assert _partition_of(entry) == partitions.partition_name(_month(long_ago))


def test_a_month_with_rows_in_the_default_partition_is_left_there(procesregisseur):
    far = timezone.now() + datetime.timedelta(days=3 * 365)
    entry = _write(procesregisseur, far)

    with time_machine.travel(far, tick=False):
        created = partitions.ensure_partitions(months_ahead=1)

    assert partitions.partition_name(_month(far)) not in created
    assert len(created) == 1  # the month after it
    assert _partition_of(entry) == partitions.DEFAULT_PARTITION


def test_the_append_only_trigger_guards_every_partition(procesregisseur):
    entry = _write(procesregisseur)
    for statement in (
        "UPDATE access_accesslogentry SET detail = 'vervalst' WHERE id = %s",
        f"UPDATE {_partition_of(entry)} SET detail = 'vervalst' WHERE id = %s",  # noqa: S608
        "DELETE FROM access_accesslogentry WHERE id = %s",
        f"DELETE FROM {_partition_of(entry)} WHERE id = %s",  # noqa: S608
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == "test"


def _old_month_with_a_row(actor, years: int) -> tuple[str, AccessLogEntry]:
    moment = timezone.now() - datetime.timedelta(days=365 * years + 40)
    with time_machine.travel(moment, tick=False):
        partitions.ensure_partitions(months_ahead=0)
    entry = _write(actor, moment)
    name = partitions.partition_name(_month(moment))
    assert _partition_of(entry) == name
    return name, entry


def test_a_month_past_every_period_is_dropped_and_counted_per_region(procesregisseur, region):
    name, entry = _old_month_with_a_row(procesregisseur, years=7)
    young = _write(procesregisseur)

    assert partitions.drop_expired_partitions() == {region.pk: 1}

    assert not _exists(name)
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert AccessLogEntry.objects.filter(pk=young.pk).exists()


def test_a_month_within_a_region_period_stays(procesregisseur, region):
    RetentionPolicy.objects.create(region=region, access_log_years=10)
    name, entry = _old_month_with_a_row(procesregisseur, years=7)

    assert partitions.drop_expired_partitions() == {}

    assert _exists(name)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_retention_drops_the_month_and_reports_its_rows(procesregisseur, region):
    _old_month_with_a_row(procesregisseur, years=7)
    in_default = _write(procesregisseur, timezone.now() - datetime.timedelta(days=365 * 8))
    assert _partition_of(in_default) == partitions.DEFAULT_PARTITION

    (report,) = apply_retention_everywhere(started_via=RunTrigger.COMMAND)

    # One row went with its month, the other was deleted from the default partition.
    assert report.counts["access_log_deleted"] == 2
    six_years_ago = timezone.now() - datetime.timedelta(days=365 * 6)
    assert not AccessLogEntry.objects.filter(at__lt=six_years_ago).exists()
