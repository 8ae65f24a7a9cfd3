from django.db.models import QuerySet

from schakel.access.policy import visible_information_requests
from schakel.inquiries.models import InformationRequest


def requests_for_case(*, user, case) -> QuerySet[InformationRequest]:
    """The information requests of one case that this user may read."""
    return (
        visible_information_requests(user)
        .filter(case=case)
        .select_related("organisation", "requested_by", "answered_by")
    )
