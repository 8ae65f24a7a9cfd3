"""Every information request carries its case's region, so that the lists of a national
installation start from the own region's requests (see InformationRequest.region)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_region(apps, schema_editor):
    InformationRequest = apps.get_model("inquiries", "InformationRequest")
    Case = apps.get_model("cases", "Case")
    InformationRequest.objects.update(
        region_id=models.Subquery(
            Case.objects.filter(pk=models.OuterRef("case_id")).values("region_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0003_list_indexes"),
        ("organisations", "0002_edit_version"),
        ("cases", "0008_region_leading_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationrequest",
            name="region",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.region",
            ),
        ),
        migrations.RunPython(fill_region, migrations.RunPython.noop),
    ]
