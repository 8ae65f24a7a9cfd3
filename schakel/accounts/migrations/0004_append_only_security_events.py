"""Make the security log append-only in the database, on PostgreSQL and on SQLite.

The model refuses a second save in Python; these triggers refuse any UPDATE or DELETE
that reaches the database another way. The one UPDATE allowed is clearing the user or
actor reference when an account is removed (on_delete=SET_NULL): the username column
keeps saying whom the event was about.

TRUNCATE on PostgreSQL and `manage.py flush` on SQLite (which lifts the triggers named
`append_only_...` for its one transaction) remain the owner's way to empty a database.
"""

from django.db import migrations

TABLE = "accounts_securityevent"
IMMUTABLE = ["kind", "username", "detail", "ip_address", "occurred_at"]
CLEARABLE = ["user_id", "actor_id"]

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION schakel_security_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Beveiligingsgebeurtenissen kunnen niet worden verwijderd';
  END IF;
  IF ({", ".join("NEW." + c for c in IMMUTABLE)}) IS DISTINCT FROM
     ({", ".join("OLD." + c for c in IMMUTABLE)})
     {" ".join(f"OR (NEW.{c} IS DISTINCT FROM OLD.{c} AND NEW.{c} IS NOT NULL)" for c in CLEARABLE)}
  THEN
    RAISE EXCEPTION 'Beveiligingsgebeurtenissen kunnen niet worden gewijzigd';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER security_event_append_only BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION schakel_security_event_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS security_event_append_only ON {TABLE};
DROP FUNCTION IF EXISTS schakel_security_event_append_only();
"""

SQLITE_CHANGED = " OR ".join(
    [f"NEW.{c} IS NOT OLD.{c}" for c in IMMUTABLE]
    + [f"(NEW.{c} IS NOT OLD.{c} AND NEW.{c} IS NOT NULL)" for c in CLEARABLE]
)
SQLITE_UP = [
    f"""CREATE TRIGGER append_only_security_event_update BEFORE UPDATE ON {TABLE}
  FOR EACH ROW WHEN {SQLITE_CHANGED}
  BEGIN SELECT RAISE(ABORT, 'Beveiligingsgebeurtenissen kunnen niet worden gewijzigd'); END""",
    f"""CREATE TRIGGER append_only_security_event_delete BEFORE DELETE ON {TABLE}
  FOR EACH ROW
  BEGIN SELECT RAISE(ABORT, 'Beveiligingsgebeurtenissen kunnen niet worden verwijderd'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS append_only_security_event_update",
    "DROP TRIGGER IF EXISTS append_only_security_event_delete",
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
    dependencies = [("accounts", "0003_security_event_grant_and_refusal_kinds")]
    operations = [migrations.RunPython(install, uninstall)]
