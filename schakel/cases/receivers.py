"""How cases hooks into persons without persons importing cases (CasesConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schakel.cases.models import CasePerson
from schakel.persons.services import person_merged

if TYPE_CHECKING:
    from schakel.persons.models import Person


def move_case_links(sender: Any, *, keep: Person, remove: Person, **kwargs: Any) -> None:
    """Move the case links; a link the kept person already has (same case and role) goes.
    Runs inside the merge transaction (persons.services.merge_persons)."""
    taken = set(CasePerson.objects.filter(person=keep).values_list("case_id", "role"))
    redundant: list[int] = []
    movable: list[int] = []
    for pk, case_id, role in CasePerson.objects.filter(person=remove).values_list(
        "pk", "case_id", "role"
    ):
        (redundant if (case_id, role) in taken else movable).append(pk)
    if redundant:
        CasePerson.objects.filter(pk__in=redundant).delete()
    if movable:
        CasePerson.objects.filter(pk__in=movable).update(person=keep)


def connect() -> None:
    # dispatch_uid: a second ready() must not connect twice.
    person_merged.connect(move_case_links, dispatch_uid="cases.move_case_links")
