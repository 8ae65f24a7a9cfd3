"""The one place through which every read or change of personal data is logged.

record_access logs one event; record_accesses logs several events of one actor (the
rows of a list, the items of an agenda) and writes all their rows in one INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connections, router, transaction
from django.utils import timezone

from schakel.access.client import current_client_address
from schakel.access.models import AccessAction, AccessLogEntry

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.persons.models import Person


@dataclass(frozen=True)
class Access:
    """One event to log: one row per person touched, or one row when no person is."""

    action: AccessAction | str
    case: Case | None = None
    persons: Iterable[Person] = ()
    obj: object | None = None
    purpose: str = ""
    detail: str = ""


def record_access(
    *,
    actor: User,
    action: AccessAction | str,
    case: Case | None = None,
    persons: Iterable[Person] = (),
    obj: object | None = None,
    purpose: str = "",
    detail: str = "",
    on_behalf_of: str = "",
    client_address: str | None = None,
) -> None:
    """Write one log row per person touched (or one row when no person is involved).

    The client address is that of the request being handled (see schakel.access.client)
    unless one is given; outside a request it stays empty.
    """
    record_accesses(
        actor=actor,
        accesses=[Access(action, case, persons, obj, purpose, detail)],
        on_behalf_of=on_behalf_of,
        client_address=client_address,
    )


def record_accesses(
    *,
    actor: User,
    accesses: Iterable[Access],
    on_behalf_of: str = "",
    client_address: str | None = None,
) -> None:
    """Write the rows of several events of one actor in one statement: exactly the rows
    record_access would write for each of them."""
    shared: dict[str, object] = {
        "user": actor.pk,
        "organisation": actor.organisation_id,
        "on_behalf_of": on_behalf_of or (str(actor.organisation) if actor.organisation_id else ""),
        "client_address": (
            client_address if client_address is not None else current_client_address()
        ),
    }
    rows: list[dict[str, object]] = []
    for access in accesses:
        case_id = access.case.pk if access.case is not None else None
        event: dict[str, object] = {
            **shared,
            "action": access.action,
            "case": case_id,
            "case_ref": case_id,
            "object_type": type(access.obj).__name__ if access.obj is not None else "",
            "object_ref": str(getattr(access.obj, "pk", "")) if access.obj is not None else "",
            "purpose": access.purpose[:300],
            "detail": access.detail[:500],
        }
        persons = list(access.persons)
        if persons:
            rows += [{**event, "person": p.pk, "person_ref": p.pk} for p in persons]
        else:
            rows.append({**event, "person": None, "person_ref": None})
    if rows:
        _insert(rows)


# The columns written, in order; `at` is the moment of the statement for every row of it.
COLUMNS = (
    "at",
    "user",
    "organisation",
    "on_behalf_of",
    "action",
    "case",
    "case_ref",
    "person",
    "person_ref",
    "object_type",
    "object_ref",
    "purpose",
    "detail",
    "client_address",
)
ROWS_PER_STATEMENT = 1000


def _insert(rows: list[dict[str, object]]) -> None:
    """One multi-row INSERT of exactly the values bulk_create would write, each prepared
    by its model field for the database, without building a model instance per row and
    compiling the statement through the ORM (on a list page that was most of the cost of
    logging it)."""
    connection = connections[router.db_for_write(AccessLogEntry)]
    by_name = {field.name: field for field in AccessLogEntry._meta.concrete_fields}
    fields = [by_name[name] for name in COLUMNS]
    now = timezone.now()
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # One statement is atomic by itself (no BEGIN and COMMIT around it); more rows than fit
    # in one are written together or not at all, as bulk_create did.
    together = (
        transaction.atomic(using=connection.alias, savepoint=False)
        if len(rows) > ROWS_PER_STATEMENT
        else nullcontext()
    )
    with together, connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            batch = rows[start : start + ROWS_PER_STATEMENT]
            values = [
                field.get_db_prep_save(now if field.name == "at" else row[field.name], connection)
                for row in batch
                for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names from the model
                + ", ".join([placeholders] * len(batch)),
                values,
            )
