"""Make the access log append-only in PostgreSQL itself, not only in Python.

The embedded SQLite demo database relies on the model's refusal alone: SQLite has no
way to tell a test-suite flush from tampering. TRUNCATE (a table owner's act) is not
blocked.

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

def install(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_UP]}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_DOWN]}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(install, uninstall)]
