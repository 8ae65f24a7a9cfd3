"""Open actions of cases closed before closing let them lapse: nobody chases them any
more, and the worklist asks only after the actions of running cases."""

from django.db import migrations
from django.utils import timezone

CLOSED = ("afgesloten", "niet_in_behandeling")


def lapse(apps, schema_editor):
    Action = apps.get_model("followup", "Action")
    Action.objects.filter(status="open", case__state__in=CLOSED).update(
        status="vervallen", result="Vervallen: casus afgesloten.", completed_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("followup", "0005_escalation_addressed"), ("cases", "0008_region_leading_indexes")]

    operations = [migrations.RunPython(lapse, migrations.RunPython.noop)]
