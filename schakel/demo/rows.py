"""Fast insertion of plain rows for the demo generator's link and history tables.

bulk_create builds and compiles one model instance per row, which dominates the time
at a hundred thousand cases (over three million rows). Rows whose primary key the
generator never needs back (links, transitions, participants, access-log rows) are
written here from plain tuples instead: COPY on PostgreSQL, executemany elsewhere.
Table and column names still come from the models, and columns the generator does not
fill get the model field's default, as bulk_create would give them.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import DatabaseError, connection, connections, models, router, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

M = TypeVar("M", bound=models.Model)


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
    # Plain attributes are read all at once; the few others are prepared one by one.
    read_all = operator.attrgetter(*(f.attname for f in fields))
    prepared = [
        (position, reader)
        for position, reader in enumerate(_reader(f, connection) for f in fields)
        if reader is not None
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(opts.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            row = read_all(obj)
            if prepared:
                row = list(row)
                for position, read in prepared:
                    row[position] = read(obj)
            copy.write_row(row)


def _reader(field: models.Field, connection) -> Callable[[models.Model], Any] | None:
    """How to read a field that cannot be written as its attribute (None: it can)."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)
    if field.get_internal_type() in _PLAIN_TYPES:
        return None
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)


def new_object(model: type[M], /, **values: Any) -> M:
    """A new instance for insert_objects, built without Model.__init__.

    The generator makes a million and more; __init__ resolves every keyword against the
    model's fields each time, which was the largest share of its Python time. Here the
    defaults are worked out once per model. Values are given by attribute name
    (`case_id=`, not `case=`), as bulk_create would store them.
    """
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**values)
    fixed, per_object, names = _defaults(model)
    if not names.issuperset(values):
        raise TypeError(f"{model.__name__} has no field {sorted(set(values) - names)}")
    obj = model.__new__(model)
    state = obj.__dict__
    state.update(fixed)
    for attname, field in per_object:
        if attname not in values:
            state[attname] = field.get_default()
    state.update(values)
    state["_state"] = ModelState()
    return obj


@functools.cache
def _defaults(
    model: type[models.Model],
) -> tuple[dict[str, Any], list[tuple[str, Any]], frozenset[str]]:
    """(attribute -> default) for the fields with a fixed default, the fields whose
    default is made anew for every object (a callable), and every attribute name."""
    fixed: dict[str, Any] = {}
    per_object = []
    for f in model._meta.concrete_fields:
        if f.has_default() and callable(f.default):
            per_object.append((f.attname, f))
        else:
            fixed[f.attname] = f.get_default()
    return fixed, per_object, frozenset(f.attname for f in model._meta.concrete_fields)


def write_without_row_checks() -> bool:
    """Let this session's writes skip the per-row triggers, if it may; True when it does.

    On PostgreSQL every generated row otherwise fires a foreign-key check, a query of its
    own: over a quarter of the database's time at a million cases. A superuser's session
    (the benchmark's own server) may switch them off for itself, as a restore does; the
    generator then checks every foreign key at once when it is done
    (check_foreign_keys). Elsewhere, or without the right, nothing changes.
    """
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def write_with_row_checks() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("RESET session_replication_role")


def check_foreign_keys() -> None:
    """Check every foreign key of the schema in bulk, one anti-join per constraint:
    after writing without row checks, no row may point at a row that is not there."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Room to hash the referenced keys in memory, for this transaction only.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            """
            SELECT con.conrelid::regclass::text, child.attname,
                   con.confrelid::regclass::text, parent.attname
            FROM pg_constraint con
            JOIN pg_attribute child
              ON child.attrelid = con.conrelid AND child.attnum = con.conkey[1]
            JOIN pg_attribute parent
              ON parent.attrelid = con.confrelid AND parent.attnum = con.confkey[1]
            WHERE con.contype = 'f' AND con.conparentid = 0
              AND con.connamespace = current_schema()::regnamespace
            ORDER BY 1, 2
            """
        )
        quote = connection.ops.quote_name
        for table, column, target, key in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*) FROM {table} AS child WHERE child.{quote(column)} IS NOT NULL "  # noqa: S608 - names from the catalog
                f"AND NOT EXISTS (SELECT FROM {target} AS parent "
                f"WHERE parent.{quote(key)} = child.{quote(column)})"
            )
            dangling = cursor.fetchone()[0]
            if dangling:
                raise DatabaseError(
                    f"{dangling} rows of {table}.{column} point at no row of {target}"
                )
