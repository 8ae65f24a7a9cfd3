"""How incidents follows a merge of persons without persons importing it
(IncidentsConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schakel.incidents.models import PoliceIncident
from schakel.persons.services import person_merged

if TYPE_CHECKING:
    from schakel.persons.models import Person


def move_incidents(sender: Any, *, keep: Person, remove: Person, **kwargs: Any) -> None:
    """The incidents of the removed record are the kept person's: the before/after count
    of the rendementsanalyse must not lose them. Runs inside the merge transaction."""
    PoliceIncident.objects.filter(person=remove).update(person=keep)


def connect() -> None:
    person_merged.connect(move_incidents, dispatch_uid="incidents.move_incidents")
