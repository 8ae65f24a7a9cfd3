"""The monthly partitions of the access log on PostgreSQL (see access migration 0008).

Each month of `at` has its own partition, named access_accesslogentry_pYYYYMM; a DEFAULT
partition takes a row for which no month exists yet, so writing to the log never fails.
Months are created ahead by ensure_partitions (at migration time and by every retention
run). A month is dropped as a whole once every row in it is past the log period of the
region it was written for: the same rule by which the database lets retention delete a
single row (migration 0006), judged by the database's own clock.

On SQLite the log is one table and these functions do nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

TABLE = "access_accesslogentry"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 6
# Kept equal to access migration 0006 (the DELETE trigger) and schakel.retention.models.
DEFAULT_YEARS = 5
MIN_YEARS = 1


def partition_name(month: datetime.date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def _month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        return bool(cursor.fetchone()[0] == "p")


def ensure_partitions(
    *, months_ahead: int = MONTHS_AHEAD, since: datetime.date | None = None
) -> list[str]:
    """Create the partitions of this month and the next ones. Returns those created.

    `since` also creates the months back to that day: a bulk load of older rows (the demo
    generator) calls it first, so its rows land in their own month and not in DEFAULT.
    A month whose rows already went to the DEFAULT partition is left there: the table
    stays correct, only that month is not pruned on its own."""
    if not _is_partitioned():
        return []
    created = []
    this_month = timezone.now().astimezone(datetime.UTC).date().replace(day=1)
    month = min(this_month, since.replace(day=1)) if since is not None else this_month
    last = this_month
    for _ in range(months_ahead):
        last = _month_after(last)
    with transaction.atomic(), connection.cursor() as cursor:
        while month <= last:
            following = _month_after(month)
            name = partition_name(month)
            if _month_is_free(cursor, name, month, following):
                cursor.execute(
                    f"CREATE TABLE {name} PARTITION OF {TABLE} "
                    f"FOR VALUES FROM ('{month} 00:00+00') TO ('{following} 00:00+00')"
                )
                created.append(name)
            month = following
    return created


def _month_is_free(
    cursor: CursorWrapper, name: str, month: datetime.date, following: datetime.date
) -> bool:
    """No partition of that name yet, and no row of that month in the DEFAULT partition."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    if cursor.fetchone()[0]:
        return False
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {DEFAULT_PARTITION} "  # noqa: S608
        "WHERE at >= %s::timestamptz AND at < %s::timestamptz)",
        [f"{month} 00:00+00", f"{following} 00:00+00"],
    )
    return not cursor.fetchone()[0]


def drop_expired_partitions() -> dict[int | None, int]:
    """Drop every month whose rows are all past their region's log period.

    Returns the number of rows dropped per region id (None: rows without an
    organisation), so that retention can report them per region."""
    if not _is_partitioned():
        return {}
    dropped: dict[int | None, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT child.relname,
                   (regexp_match(pg_get_expr(child.relpartbound, child.oid),
                                 'TO \\(''([^'']+)''\\)'))[1]::timestamptz
            FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE pg_inherits.inhparent = %s::regclass AND child.relname <> %s
            ORDER BY 2
            """,
            [TABLE, DEFAULT_PARTITION],
        )
        for name, upper in cursor.fetchall():
            # Every row is older than the partition's upper bound; the newest possible
            # row must be past the longest period of the organisations found in it.
            cursor.execute(
                f"""
                SELECT NOT EXISTS (
                  SELECT 1 FROM (SELECT DISTINCT organisation_id FROM {name}) o
                  WHERE %s >= now() - make_interval(years => GREATEST({MIN_YEARS}, COALESCE((
                    SELECT p.access_log_years FROM retention_retentionpolicy p
                    JOIN organisations_organisation org ON org.region_id = p.region_id
                    WHERE org.id = o.organisation_id), {DEFAULT_YEARS}))))
                """,  # noqa: S608
                [upper],
            )
            if not cursor.fetchone()[0]:
                # Oldest first, and stop at the first month that must stay: a later one
                # that could go (other regions, shorter periods) goes once this one has.
                break
            cursor.execute(
                f"SELECT o.region_id, count(*) FROM {name} e "  # noqa: S608
                "LEFT JOIN organisations_organisation o ON o.id = e.organisation_id "
                "GROUP BY o.region_id"
            )
            for region_id, rows in cursor.fetchall():
                dropped[region_id] = dropped.get(region_id, 0) + rows
            # Django's foreign keys are checked at commit; PostgreSQL refuses to drop a
            # table with checks still pending (rows written earlier in this transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP TABLE {name}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return dropped
