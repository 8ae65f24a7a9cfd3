"""Every case that was put on a table has its plan van aanpak.

Plans used to be created when the procesregie first opened the plan page; now triage
creates the plan when it puts the case on a table, and reading the plan page writes
nothing. Cases already on a table without a plan get their (empty) plan here.
"""

from django.db import migrations

# The plan states of schakel.cases.lifecycle.PLAN_STATES, as they are at this migration.
PLAN_STATES = ("geagendeerd", "in_uitvoering", "afgeschaald", "afgesloten")


def create_missing_plans(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Plan = apps.get_model("plans", "Plan")
    missing = Case.objects.filter(state__in=PLAN_STATES, plan__isnull=True).values_list(
        "pk", flat=True
    )
    Plan.objects.bulk_create([Plan(case_id=pk) for pk in missing], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("cases", "0006_case_merged_into"),
    ]

    # Backwards the plans stay: they may have been filled in since.
    operations = [migrations.RunPython(create_missing_plans, migrations.RunPython.noop)]
