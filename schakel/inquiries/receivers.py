"""How inquiries hooks into persons and cases without them importing inquiries
(InquiriesConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schakel.cases import signals as case_signals
from schakel.cases.models import ParticipationReason
from schakel.cases.services import add_participant
from schakel.inquiries.models import InformationRequest
from schakel.persons.services import person_merged

if TYPE_CHECKING:
    from schakel.cases.models import Case
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


def move_information_requests(sender: Any, *, case: Case, into: Case, **kwargs: Any) -> None:
    """A merged case's information requests go with its meldingen to the case it was merged
    into: an answer still to come belongs where the case is worked on. The asked partner
    keeps reading only its own request (it is asked, not involved). Runs inside the merge
    transaction (cases.services.merge_case)."""
    moved = InformationRequest.objects.filter(case=case).select_related("organisation")
    for organisation in {request.organisation for request in moved}:
        add_participant(case=into, organisation=organisation, reason=ParticipationReason.UITVRAAG)
    moved.update(case=into)


def connect() -> None:
    # dispatch_uid: a second ready() must not connect twice.
    person_merged.connect(
        move_information_request_links, dispatch_uid="inquiries.move_information_request_links"
    )
    case_signals.case_merged.connect(
        move_information_requests, dispatch_uid="inquiries.move_information_requests"
    )
