"""On PostgreSQL, the access log becomes a table partitioned by month of `at`.

A month's rows sit together, so a period or the newest rows are read from a few small
partitions, and retention drops a whole month once every row in it is past its region's
log period (schakel.access.partitions) instead of deleting row by row. A DEFAULT
partition takes any row whose month has no partition yet, so a write never fails.

PostgreSQL wants the partition key in the primary key: it becomes (id, at). Nothing
refers to a log row by foreign key, and `id` still comes from one sequence, so Django
keeps treating `id` as the key; the model does not change.

The existing rows are copied into the new table. Its columns, defaults, indexes and
foreign keys are taken from the table as it stands (migration 0007), the append-only
trigger of 0003/0006 is put back on it (PostgreSQL 13+ clones row triggers to every
partition). Reversed, the rows go back into one plain table the same way. SQLite keeps
its single table.
"""

import datetime

from django.db import migrations

TABLE = "access_accesslogentry"
DEFAULT_PARTITION = f"{TABLE}_default"
# Months created ahead here; schakel.access.partitions keeps them ahead afterwards.
MONTHS_AHEAD = 6

TRIGGER = f"""CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION schakel_access_log_append_only()"""


def _rebuild(cursor, *, partitioned: bool) -> None:
    """Copy the log into a new table (partitioned or plain) with the same columns,
    indexes, foreign keys and trigger, and put it in the old one's place."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
        [TABLE, f"{TABLE}_pkey"],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [TABLE],
    )
    foreign_keys = cursor.fetchall()

    new = f"{TABLE}_new"
    like = f"LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY"
    if partitioned:
        cursor.execute(f"CREATE TABLE {new} ({like}) PARTITION BY RANGE (at)")
        cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {new} DEFAULT")
        # One partition per month from the oldest row (or now) to some months ahead.
        cursor.execute(
            f"""
            SELECT m::date FROM generate_series(
              date_trunc('month', COALESCE((SELECT min(at) FROM {TABLE}), now()) AT TIME ZONE 'UTC'),
              date_trunc('month', now() AT TIME ZONE 'UTC') + interval '{MONTHS_AHEAD} months',
              interval '1 month') m
            """
        )
        for (month,) in cursor.fetchall():
            following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            cursor.execute(
                f"CREATE TABLE {TABLE}_p{month:%Y%m} PARTITION OF {new} "
                f"FOR VALUES FROM ('{month} 00:00+00') TO ('{following} 00:00+00')"
            )
    else:
        cursor.execute(f"CREATE TABLE {new} ({like})")
    cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")
    cursor.execute(f"DROP TABLE {TABLE}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq")
    cursor.execute(
        f"SELECT setval('{TABLE}_id_seq', COALESCE((SELECT max(id) FROM {TABLE}), 0) + 1, false)"
    )
    key = "(id, at)" if partitioned else "(id)"
    cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY {key}")
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")
    cursor.execute(TRIGGER)
    cursor.execute(f"ANALYZE {TABLE}")


def partition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=True)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("access", "0007_access_log_indexes_for_its_readers")]
    operations = [migrations.RunPython(partition, unpartition)]
