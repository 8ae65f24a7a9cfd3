"""How closure hooks into cases without cases importing closure (ClosureConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from schakel.cases.services import register_regie_source
from schakel.closure.models import DeEscalation

if TYPE_CHECKING:
    from schakel.cases.models import Case


def regie_handed_back(case: Case) -> QuerySet[DeEscalation, int | None]:
    """At a completed afschaling the regie goes back to a partner (cases.sync_regie_holders)."""
    return DeEscalation.objects.filter(case=case, completed_at__isnull=False).values_list(
        "regie_organisation_id", flat=True
    )


def connect() -> None:
    register_regie_source("closure.regie_handed_back", regie_handed_back)
