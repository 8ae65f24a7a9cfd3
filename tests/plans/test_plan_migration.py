"""The data migration that gives every case on a table its plan van aanpak."""

import importlib

from django.apps import apps

from schakel.cases.lifecycle import PLAN_STATES, CaseState
from schakel.cases.models import Case
from schakel.plans.models import Plan
from tests.factories import CaseFactory

migration = importlib.import_module("schakel.plans.migrations.0002_plans_for_cases_on_a_table")


def test_migration_knows_the_plan_states():
    assert set(migration.PLAN_STATES) == {str(state) for state in PLAN_STATES}


def test_cases_on_a_table_get_their_missing_plan_and_others_none(
    region, municipality, plan_case, plan
):
    on_table = {
        state: CaseFactory(region=region, municipality=municipality, state=state)
        for state in PLAN_STATES
    }
    in_intake = CaseFactory(region=region, municipality=municipality, state=CaseState.IN_TRIAGE)
    plan.main_goal = "Wonen en zorg op orde"
    plan.save(update_fields=["main_goal"])

    migration.create_missing_plans(apps, None)
    migration.create_missing_plans(apps, None)  # running twice changes nothing

    for case in on_table.values():
        assert Plan.objects.filter(case=case).count() == 1
    assert not Plan.objects.filter(case=in_intake).exists()
    # The plan that existed is kept as it was.
    assert Plan.objects.get(case=plan_case).main_goal == "Wonen en zorg op orde"
    assert Plan.objects.count() == len(on_table) + 1
    assert Case.objects.filter(state__in=PLAN_STATES, plan__isnull=True).count() == 0
