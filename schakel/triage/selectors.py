from django.db.models import QuerySet

from schakel.triage.models import TriageDecision


def decisions_for_case(*, case) -> QuerySet[TriageDecision]:
    """Triage decisions of a case the caller has already been allowed to see."""
    return case.triages.select_related("table", "decided_by").prefetch_related("required_partners")
