"""How inquiries hooks into persons without persons importing inquiries
(InquiriesConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schakel.inquiries.models import InformationRequest
from schakel.persons.services import person_merged

if TYPE_CHECKING:
    from schakel.persons.models import Person


def move_information_request_links(
    sender: Any, *, keep: Person, remove: Person, **kwargs: Any
) -> None:
    """The requests about the removed record are about the kept one; a request that names
    both keeps one link. Runs inside the merge transaction (persons.services.merge_persons)."""
    through = InformationRequest.persons.through
    already = set(
        through.objects.filter(person=keep).values_list("informationrequest_id", flat=True)
    )
    links = through.objects.filter(person=remove)
    links.filter(informationrequest_id__in=already).delete()
    links.exclude(informationrequest_id__in=already).update(person=keep)


def connect() -> None:
    # dispatch_uid: a second ready() must not connect twice.
    person_merged.connect(
        move_information_request_links, dispatch_uid="inquiries.move_information_request_links"
    )
