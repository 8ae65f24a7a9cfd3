"""Reads of the uitvraag. Every query starts from schakel.access.policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.access import rules
from schakel.access.policy import convenant_partners, visible_information_requests
from schakel.core.confidentiality import prefetch_markings
from schakel.inquiries.models import OPEN_FIRST, InformationRequest, RequestStatus
from schakel.organisations.models import Organisation

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case


def requests_for_case(*, user, case) -> QuerySet[InformationRequest]:
    """The information requests of one case that this user may read. A page that lists
    them loads their markings with schakel.core.confidentiality.prefetch_markings."""
    return (
        visible_information_requests(user)
        .filter(case=case)
        .select_related(
            "organisation",
            "requested_by",
            "answered_by",
            "confidential_organisation",
            "confidential_contact",
        )
    )


def request_list(*, user: User, overdue_only: bool = False) -> QuerySet[InformationRequest]:
    """The requests on the user's list page: open ones first, then by deadline.

    A ketenpartner sees what was asked of their organisation; a procesregisseur or
    informatiemakelaar sees the requests of the cases they may see. A user with both
    kinds of role sees both.
    """
    visible = visible_information_requests(user)
    if not user.has_role(*rules.REQUEST_OVERVIEW_ROLES):
        # Only its own organisation's (visible_information_requests has none for a user
        # without an organisation).
        visible = visible.filter(organisation_id=user.organisation_id or 0)
    if overdue_only:
        visible = visible.filter(status=RequestStatus.OPEN, deadline__lt=timezone.localdate())
    return (
        visible.select_related("organisation", "case")
        .annotate(open_first=OPEN_FIRST)
        .order_by("open_first", "deadline", "pk")
    )


def get_visible_request(*, user: User, pk: int) -> InformationRequest:
    """The request with its case and persons, or 404 for whoever may not read it."""
    information_request = (
        visible_information_requests(user)
        .select_related(
            "organisation",
            "case",
            "case__municipality",
            "requested_by",
            "answered_by",
            "confidential_organisation",
            "confidential_contact",
        )
        .prefetch_related("persons")
        .filter(pk=pk)
        .first()
    )
    if information_request is None:
        raise Http404(_("Dit informatieverzoek bestaat niet of u heeft er geen toegang toe."))
    prefetch_markings([information_request])
    return information_request


def askable_organisations(*, case: Case) -> QuerySet[Organisation]:
    """Active organisations of the case's region that signed the convenant."""
    return convenant_partners(region_id=case.region_id)
