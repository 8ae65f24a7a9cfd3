"""Helpers shared by the plans tests."""

import zoneinfo

from django.urls import reverse

from schakel.cases.models import LifeDomain
from schakel.plans import services
from schakel.plans.models import Plan


def agree(plan, by, meeting):
    return services.agree_plan(
        plan=plan,
        actor=by,
        meeting=meeting,
        expected_revision=Plan.objects.get(pk=plan.pk).revision,
    )


AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def plan_url(case, name="detail", *args):
    return reverse(f"plans:{name}", args=[case.pk, *args])


def plan_writes(queries):
    """The captured statements that write to a table of the plan (the access log and a
    refusal's security event are written on every read, as they should be)."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and '"plans_' in query["sql"]
    ]


def general_data(plan, **overrides):
    data = {
        "revision": plan.revision,
        "main_goal": "Stabiel wonen zonder overlast",
        "main_goal_domains": [LifeDomain.objects.get(code="wonen").pk],
        "casusregisseur_organisation": "",
        "casusregisseur_name": "",
        "non_compliance": "",
        "monitoring": "",
        "reporting_organisation": "",
        "reporting_frequency": "",
        "next_evaluation_on": "",
        "escalation_agreements": "",
    }
    data.update(overrides)
    return data


def all_urls(case, plan):
    goal = plan.goals.first()
    intervention = plan.interventions.first()
    return [
        plan_url(case),
        plan_url(case, "agree"),
        plan_url(case, "edit_general"),
        plan_url(case, "edit_analyses"),
        plan_url(case, "goal_create"),
        plan_url(case, "goal_edit", goal.pk),
        plan_url(case, "goal_remove", goal.pk),
        plan_url(case, "intervention_create"),
        plan_url(case, "intervention_edit", intervention.pk),
        plan_url(case, "intervention_remove", intervention.pk),
        plan_url(case, "progress", intervention.pk),
        plan_url(case, "versions"),
        plan_url(case, "version", 1),
        plan_url(case, "compare") + "?a=1&b=1",
        plan_url(case, "version_pdf", 1),
    ]
