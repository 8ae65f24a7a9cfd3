"""The one place through which every read or change of personal data is logged.

record_access logs one event; record_accesses logs several events of one actor (the
rows of a list, the items of an agenda) and writes all their rows in one INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    shared = {
        "user": actor,
        "organisation_id": actor.organisation_id,
        "on_behalf_of": on_behalf_of or (str(actor.organisation) if actor.organisation_id else ""),
        "client_address": (
            client_address if client_address is not None else current_client_address()
        ),
    }
    rows = []
    for access in accesses:
        event = {
            **shared,
            "action": access.action,
            "case": access.case,
            "case_ref": access.case.pk if access.case is not None else None,
            "object_type": type(access.obj).__name__ if access.obj is not None else "",
            "object_ref": str(getattr(access.obj, "pk", "")) if access.obj is not None else "",
            "purpose": access.purpose[:300],
            "detail": access.detail[:500],
        }
        persons = list(access.persons)
        if persons:
            rows += [AccessLogEntry(person=p, person_ref=p.pk, **event) for p in persons]
        else:
            rows.append(AccessLogEntry(**event))
    if rows:
        AccessLogEntry.objects.bulk_create(rows)
