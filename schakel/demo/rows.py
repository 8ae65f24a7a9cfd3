"""Fast insertion of plain rows for the demo generator's link and history tables.

bulk_create builds and compiles one model instance per row, which dominates the time
at a hundred thousand cases (over three million rows). Rows whose primary key the
generator never needs back (links, transitions, participants, access-log rows) are
written here from plain tuples instead: COPY on PostgreSQL, executemany elsewhere.
Table and column names still come from the models, and columns the generator does not
fill get the model field's default, as bulk_create would give them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def insert_rows(
    model: type[models.Model], field_names: Sequence[str], rows: Sequence[tuple]
) -> None:
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    given = [opts.get_field(name) for name in field_names]
    others = [f for f in opts.concrete_fields if f not in given and not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in given + others)
    table = connection.ops.quote_name(opts.db_table)

    if connection.vendor == "postgresql":
        # COPY's text format lets the server parse dates and addresses itself.
        defaults = tuple(f.get_default() for f in others)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + defaults)
        return

    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    adapters = [_adapter(field, connection) for field in given]
    if any(adapters):
        rows = [
            tuple(
                adapt(value) if adapt and value is not None else value
                for adapt, value in zip(adapters, row, strict=True)
            )
            for row in rows
        ]
    placeholders = ", ".join(["%s"] * (len(given) + len(others)))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from _meta
            [row + defaults for row in rows],
        )


def _adapter(field: models.Field, connection):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None


# Field types whose Python value psycopg's COPY writes as is; others are prepared by
# the field, as bulk_create would.
_PLAIN_TYPES = frozenset(
    {
        "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField",
        "DateField", "DateTimeField", "EmailField", "ForeignKey", "IntegerField",
        "OneToOneField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
        "SmallIntegerField", "TextField",
    }
)  # fmt: skip


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Save new model instances in bulk and give each its primary key.

    On PostgreSQL the keys are taken from the table's sequence first and the rows are
    written with COPY, which is several times faster than bulk_create's INSERT; elsewhere
    this is bulk_create.
    """
    if not objects:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objects, batch_size=2000)
        return
    opts = model._meta
    fields = list(opts.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objects)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias
    readers = [_reader(f, connection) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(opts.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row([read(obj) for read in readers])


def _reader(field: models.Field, connection):
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)
    if field.get_internal_type() in _PLAIN_TYPES:
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
