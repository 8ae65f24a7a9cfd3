"""The access log keeps only the indexes its readers need (see AccessLogEntry).

Dropped: the single-column indexes on the user (served by user + at), the organisation
(no reader filters on it alone: the log page scans newest first) and person_ref (now
person_ref + at). Added: at alone (newest first, periods, retention), person_ref + at and
action + at.

The indexes are dropped by name rather than by AlterField, which on SQLite rebuilds the
table and would lose its append-only triggers (migrations 0004 and 0006).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Django's names for the indexes that db_index gave these columns.
DROPPED = [
    ("access_accesslogentry_at_0d272ae5", "at"),
    ("access_accesslogentry_organisation_id_032369ac", "organisation_id"),
    ("access_accesslogentry_person_ref_b0b739ab", "person_ref"),
    ("access_accesslogentry_user_id_5055c4f7", "user_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_retention_may_delete_expired_rows"),
        ("cases", "0006_case_merged_into"),
        ("organisations", "0002_edit_version"),
        ("persons", "0003_person_corrections_and_restrictions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON access_accesslogentry ({column})",
                )
                for name, column in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="at",
                    field=models.DateTimeField(auto_now_add=True),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="organisation",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="person_ref",
                    field=models.BigIntegerField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["at"], name="accesslog_at"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["person_ref", "at"], name="accesslog_person_at"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["action", "at"], name="accesslog_action_at"),
        ),
    ]
