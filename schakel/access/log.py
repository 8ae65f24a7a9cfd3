"""The one function through which every read or change of personal data is logged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from schakel.access.client import current_client_address
from schakel.access.models import AccessAction, AccessLogEntry

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case
    from schakel.persons.models import Person


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
    base = {
        "user": actor,
        "organisation_id": actor.organisation_id,
        "on_behalf_of": on_behalf_of or (str(actor.organisation) if actor.organisation_id else ""),
        "action": action,
        "case": case,
        "case_ref": case.pk if case is not None else None,
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_ref": str(getattr(obj, "pk", "")) if obj is not None else "",
        "purpose": purpose[:300],
        "detail": detail[:500],
        "client_address": (
            client_address if client_address is not None else current_client_address()
        ),
    }
    person_list = list(persons)
    if not person_list:
        AccessLogEntry.objects.create(**base)
        return
    AccessLogEntry.objects.bulk_create(
        [AccessLogEntry(person=p, person_ref=p.pk, **base) for p in person_list]
    )
