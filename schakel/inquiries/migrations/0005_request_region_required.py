"""The request's region is required and leads the indexes of the request lists (after
0004 has filled it, in its own transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0004_request_region")]

    operations = [
        migrations.AlterField(
            model_name="informationrequest",
            name="region",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.region",
            ),
        ),
        migrations.RemoveIndex(model_name="informationrequest", name="inforeq_list"),
        migrations.RemoveIndex(model_name="informationrequest", name="inforeq_open_deadline"),
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                models.F("region"),
                models.Case(
                    models.When(status="open", then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                ),
                models.F("deadline"),
                models.F("id"),
                name="inforeq_region_list",
            ),
        ),
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["region", "deadline"],
                name="inforeq_region_open",
            ),
        ),
    ]
