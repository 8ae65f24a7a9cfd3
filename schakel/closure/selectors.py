"""Reads of this part of Schakel, always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from schakel.access import rules
from schakel.access.policy import PlanScope, convenant_partners, may_direct_case, plan_scope
from schakel.cases.lifecycle import CaseState
from schakel.closure.models import CaseEvaluation, Closure, DeEscalation, Outcome
from schakel.closure.services import (
    CLOSE_STATES,
    DE_ESCALATION_STATES,
    EVALUATION_STATES,
    missing_checklist_parts,
)
from schakel.organisations.models import Organisation
from schakel.plans.models import Plan
from schakel.tables.models import Table

if TYPE_CHECKING:
    from schakel.accounts.models import User
    from schakel.cases.models import Case

SECTION_STATES = DE_ESCALATION_STATES | CLOSE_STATES | EVALUATION_STATES


# --- Case pages -------------------------------------------------------------------------


def regie_organisations(*, case: Case) -> QuerySet[Organisation]:
    """The partners regie can be handed back to: active convenant partners of the region."""
    return convenant_partners(region_id=case.region_id)


def deescalation_for(*, case: Case) -> DeEscalation | None:
    return DeEscalation.objects.select_related("regie_organisation").filter(case=case).first()


def main_goal_of(*, case: Case) -> str:
    """The hoofddoel of the case's plan, or empty when there is no plan (yet)."""
    return Plan.objects.filter(case=case).values_list("main_goal", flat=True).first() or ""


@dataclass
class ClosureSection:
    """What the case page shows of afschalen, afsluiten and evaluatie."""

    may_direct: bool
    deescalation: DeEscalation | None
    missing_parts: list[str]
    closures: list[Closure]
    evaluations: list[CaseEvaluation]
    may_de_escalate: bool = False
    may_close: bool = False
    may_evaluate: bool = False

    @property
    def checklist_complete(self) -> bool:
        return self.deescalation is not None and not self.missing_parts


def case_closure_section(*, user: User, case: Case) -> ClosureSection | None:
    """DeEscalation, closing and evaluation of this case. None hides the section.

    Procesregie and the partners at the table read it; other participants do not.
    """
    scope = plan_scope(user, case)
    if scope not in (PlanScope.REGIE, PlanScope.TAFEL):
        return None
    deescalation = deescalation_for(case=case)
    closures = list(case.closures.select_related("closed_by"))
    evaluations = list(case.evaluations.select_related("by"))
    if case.state not in SECTION_STATES and not (deescalation or closures or evaluations):
        return None
    may_direct = scope == PlanScope.REGIE and may_direct_case(user, case)
    return ClosureSection(
        may_direct=may_direct,
        deescalation=deescalation,
        missing_parts=missing_checklist_parts(deescalation) if deescalation else [],
        closures=closures,
        evaluations=evaluations,
        may_de_escalate=may_direct and case.state in DE_ESCALATION_STATES,
        may_close=may_direct and case.state in CLOSE_STATES,
        may_evaluate=may_direct and case.state == CaseState.AFGESLOTEN,
    )


# --- Verbetervoorstellen for the steering group ------------------------------------------


@dataclass(frozen=True)
class ImprovementRow:
    """One verbetervoorstel: no case reference, no names, no other personal data."""

    at: object
    table_name: str
    verbetervoorstellen: str
    leerpunten: str
    outcome_label: str


def _region_improvements(*, user: User) -> QuerySet[CaseEvaluation]:
    """Evaluations with a verbetervoorstel of the user's region (aggregate, not case content)."""
    if not user.has_role(*rules.IMPROVEMENT_ROLES) or user.region_id is None:
        return CaseEvaluation.objects.none()
    return CaseEvaluation.objects.filter(case__region_id=user.region_id).exclude(
        verbetervoorstellen=""
    )


def improvement_tables(*, user: User) -> QuerySet[Table]:
    if user.region_id is None:
        return Table.objects.none()
    return Table.objects.filter(region_id=user.region_id).order_by("name")


def improvement_years(*, user: User) -> list[int]:
    years = (
        _region_improvements(user=user)
        .annotate(year=ExtractYear("at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


def improvement_rows(
    *, user: User, table: Table | None = None, year: int | None = None
) -> list[ImprovementRow]:
    """All verbetervoorstellen of the region, newest first, in one query."""
    evaluations = _region_improvements(user=user)
    if table is not None:
        evaluations = evaluations.filter(case__table=table)
    if year is not None:
        evaluations = evaluations.filter(at__year=year)
    latest_outcome = (
        Closure.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-closed_at", "-pk")
        .values("outcome")[:1]
    )
    values = (
        evaluations.annotate(outcome=Subquery(latest_outcome))
        .order_by("-at", "-pk")
        .values("at", "case__table__name", "verbetervoorstellen", "leerpunten", "outcome")
    )
    return [
        ImprovementRow(
            at=row["at"],
            table_name=row["case__table__name"] or "",
            verbetervoorstellen=row["verbetervoorstellen"],
            leerpunten=row["leerpunten"],
            outcome_label=str(Outcome(row["outcome"]).label) if row["outcome"] else "",
        )
        for row in values
    ]
