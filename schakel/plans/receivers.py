"""How plans hooks into the apps below it without them importing plans.

Connected in PlansConfig.ready(). Both run inside the caller's transaction, so they roll
back with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from schakel.cases.services import register_regie_source
from schakel.plans.models import Plan
from schakel.triage import signals as triage_signals
from schakel.triage.models import TriageOutcome

if TYPE_CHECKING:
    from schakel.cases.models import Case
    from schakel.triage.models import TriageDecision


def casusregisseurs(case: Case) -> QuerySet[Plan, int | None]:
    """The plan's casusregisseur holds the regie on the case (cases.sync_regie_holders)."""
    return Plan.objects.filter(case=case).values_list("casusregisseur_organisation_id", flat=True)


def plan_for_tabled_case(sender: Any, *, decision: TriageDecision, **kwargs: Any) -> None:
    """On the table the case gets its plan van aanpak, empty, for the procesregie to fill
    in; reading the plan page never creates it. A her-melding that comes back to the
    table keeps the plan it had."""
    if decision.outcome == TriageOutcome.AGENDEREN:
        Plan.objects.get_or_create(case=decision.case)


def connect() -> None:
    register_regie_source("plans.casusregisseur", casusregisseurs)
    # dispatch_uid: a second ready() must not connect twice.
    triage_signals.triage_decided.connect(
        plan_for_tabled_case, dispatch_uid="plans.plan_for_tabled_case"
    )
