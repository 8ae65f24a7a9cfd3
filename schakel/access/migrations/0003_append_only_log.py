"""Make the access log append-only in the database itself, not only in Python.

Only one kind of UPDATE is allowed: Django clearing the person or case reference when
retention removes that person or case (on_delete=SET_NULL). The plain person_ref and
case_ref columns keep saying whom the entry was about.
"""

from django.db import migrations

TABLE = "access_accesslogentry"
IMMUTABLE = [
    "at", "user_id", "organisation_id", "on_behalf_of", "action", "case_ref", "person_ref",
    "object_type", "object_ref", "purpose", "detail", "client_address",
]

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION schakel_access_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Het toegangslog kan niet worden verwijderd';
  END IF;
  IF ({", ".join("NEW." + c for c in IMMUTABLE)}) IS DISTINCT FROM
     ({", ".join("OLD." + c for c in IMMUTABLE)})
     OR (NEW.person_id IS DISTINCT FROM OLD.person_id AND NEW.person_id IS NOT NULL)
     OR (NEW.case_id IS DISTINCT FROM OLD.case_id AND NEW.case_id IS NOT NULL) THEN
    RAISE EXCEPTION 'Het toegangslog kan niet worden gewijzigd';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION schakel_access_log_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};
DROP FUNCTION IF EXISTS schakel_access_log_append_only();
"""

_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in IMMUTABLE)
SQLITE_UP = [
    f"""CREATE TRIGGER access_log_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden verwijderd'); END;""",
    f"""CREATE TRIGGER access_log_no_update BEFORE UPDATE ON {TABLE}
    WHEN {_changed}
      OR (NEW.person_id IS NOT OLD.person_id AND NEW.person_id IS NOT NULL)
      OR (NEW.case_id IS NOT OLD.case_id AND NEW.case_id IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden gewijzigd'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS access_log_no_delete;",
    "DROP TRIGGER IF EXISTS access_log_no_update;",
]


def install(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
