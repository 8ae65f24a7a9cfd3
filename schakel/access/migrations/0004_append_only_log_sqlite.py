"""Make the access log append-only in SQLite too, as 0003 does in PostgreSQL.

The same rule as on PostgreSQL: DELETE is refused, and UPDATE is refused unless it only
clears the person or case reference (retention removing that person or case, through
on_delete=SET_NULL). The plain person_ref and case_ref columns keep saying whom the
entry was about.

SQLite has no TRUNCATE and no table owner, so emptying the whole database on purpose
goes through `manage.py flush`, which lifts these triggers for its one transaction
(see schakel/access/management/commands/flush.py). The trigger names start with
`append_only_` for that reason.
"""

from django.db import migrations

TABLE = "access_accesslogentry"
IMMUTABLE = [
    "at", "user_id", "organisation_id", "on_behalf_of", "action", "case_ref", "person_ref",
    "object_type", "object_ref", "purpose", "detail", "client_address",
]  # fmt: skip
CLEARABLE = ["person_id", "case_id"]

CHANGED = " OR ".join(
    [f"NEW.{c} IS NOT OLD.{c}" for c in IMMUTABLE]
    + [f"(NEW.{c} IS NOT OLD.{c} AND NEW.{c} IS NOT NULL)" for c in CLEARABLE]
)
SQLITE_UP = [
    f"""CREATE TRIGGER append_only_access_log_update BEFORE UPDATE ON {TABLE}
  FOR EACH ROW WHEN {CHANGED}
  BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden gewijzigd'); END""",
    f"""CREATE TRIGGER append_only_access_log_delete BEFORE DELETE ON {TABLE}
  FOR EACH ROW
  BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden verwijderd'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS append_only_access_log_update",
    "DROP TRIGGER IF EXISTS append_only_access_log_delete",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_append_only_log")]
    operations = [migrations.RunPython(install, uninstall)]
