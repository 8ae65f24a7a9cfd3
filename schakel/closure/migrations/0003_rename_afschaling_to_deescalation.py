# The model takes its code name from the glossary (afschaling -> DeEscalation). A rename,
# not a new model: the table is renamed in place and every checklist stays.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_caseparticipant_visible_from'),
        ('closure', '0002_edit_version'),
    ]

    operations = [
        migrations.RenameModel(old_name='Afschaling', new_name='DeEscalation'),
        migrations.AlterField(
            model_name='deescalation',
            name='case',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='deescalation', to='cases.case'),
        ),
    ]
