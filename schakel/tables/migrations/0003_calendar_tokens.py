from django.db import migrations, models

import schakel.tables.models


def give_each_table_a_token(apps, schema_editor):
    Table = apps.get_model("tables", "Table")
    for table in Table.objects.all():
        table.calendar_token = schakel.tables.models.new_calendar_token()
        table.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("tables", "0002_schedule")]

    operations = [
        migrations.RunPython(give_each_table_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="table",
            name="calendar_token",
            field=models.CharField(
                default=schakel.tables.models.new_calendar_token, max_length=64, unique=True
            ),
        ),
    ]
