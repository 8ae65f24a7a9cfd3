"""The frozen form of a plan van aanpak: what an agreed version keeps, compares and prints.

A snapshot is plain JSON-able data, so a version reads the same years later whatever
happens to organisations, goals or interventions afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schakel.plans.models import Plan

SNAPSHOT_FORMAT = 1


def _date(value) -> str | None:
    return value.isoformat() if value else None


def plan_snapshot(plan: Plan) -> dict:
    """Everything of the plan as it stands now, with labels resolved to Dutch text."""
    return {
        "format": SNAPSHOT_FORMAT,
        "main_goal": plan.main_goal,
        "main_goal_domains": [domain.name for domain in plan.main_goal_domains.all()],
        "casusregisseur_organisation": str(plan.casusregisseur_organisation or ""),
        "casusregisseur_name": plan.casusregisseur_name,
        "non_compliance": plan.non_compliance,
        "monitoring": plan.monitoring,
        "reporting_organisation": str(plan.reporting_organisation or ""),
        "reporting_frequency": plan.reporting_frequency,
        "next_evaluation_on": _date(plan.next_evaluation_on),
        "escalation_agreements": plan.escalation_agreements,
        "analyses": [
            {
                "life_domain": analysis.life_domain.name,
                "status": analysis.get_status_display(),
                "analysis": analysis.analysis,
                # Kept with the text, so a version is read under the marking it was agreed with.
                "confidential": analysis.confidential_mark().as_json(),
            }
            for analysis in plan.analyses.select_related(
                "life_domain", "confidential_organisation", "confidential_contact"
            ).prefetch_related("confidential_for")
        ],
        "goals": [
            {
                "id": goal.pk,
                "description": goal.description,
                "measure": goal.measure,
                "life_domains": [domain.name for domain in goal.life_domains.all()],
            }
            for goal in plan.goals.prefetch_related("life_domains")
        ],
        "interventions": [
            {
                "id": intervention.pk,
                "line": intervention.get_line_display(),
                "kader": intervention.get_kader_display(),
                "description": intervention.description,
                "organisation": str(intervention.organisation),
                "organisation_id": intervention.organisation_id,
                "responsible_name": intervention.responsible_name,
                "goal": intervention.goal.description if intervention.goal is not None else "",
                "starts_on": _date(intervention.starts_on),
                "ends_on": _date(intervention.ends_on),
                "status": intervention.get_status_display(),
            }
            for intervention in plan.interventions.select_related("organisation", "goal")
        ],
    }
