"""Let the retention job delete access-log rows older than their region's log period.

Everything else stays as 0003 (PostgreSQL) and 0004 (SQLite) made it: an UPDATE may only
clear the person or case reference (retention removing that person or case), and a DELETE
is refused — now unless the row is older than the access-log period of the region of the
organisation it was written for (retention_retentionpolicy.access_log_years; 5 years
without a policy, never less than 1). The database's own clock decides, so the
application cannot delete a young row by running with a wrong clock or a wrong filter.
"""

from django.db import migrations

TABLE = "access_accesslogentry"
IMMUTABLE = [
    "at", "user_id", "organisation_id", "on_behalf_of", "action", "case_ref", "person_ref",
    "object_type", "object_ref", "purpose", "detail", "client_address",
]  # fmt: skip
# Kept equal to schakel.retention.models DEFAULT_ACCESS_LOG_YEARS / MIN_ACCESS_LOG_YEARS.
DEFAULT_YEARS = 5
MIN_YEARS = 1


def _period(organisation_column: str, greatest: str) -> str:
    return f"""{greatest}({MIN_YEARS}, COALESCE((
      SELECT p.access_log_years FROM retention_retentionpolicy p
      JOIN organisations_organisation o ON o.region_id = p.region_id
      WHERE o.id = {organisation_column}), {DEFAULT_YEARS}))"""


POSTGRES_CHANGED = f"""({", ".join("NEW." + c for c in IMMUTABLE)}) IS DISTINCT FROM
     ({", ".join("OLD." + c for c in IMMUTABLE)})
     OR (NEW.person_id IS DISTINCT FROM OLD.person_id AND NEW.person_id IS NOT NULL)
     OR (NEW.case_id IS DISTINCT FROM OLD.case_id AND NEW.case_id IS NOT NULL)"""

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION schakel_access_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.at < now() - make_interval(years => {_period("OLD.organisation_id", "GREATEST")}) THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Het toegangslog kan niet worden verwijderd';
  END IF;
  IF {POSTGRES_CHANGED} THEN
    RAISE EXCEPTION 'Het toegangslog kan niet worden gewijzigd';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
# Back to 0003's function: every DELETE refused.
POSTGRES_DOWN = f"""
CREATE OR REPLACE FUNCTION schakel_access_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Het toegangslog kan niet worden verwijderd';
  END IF;
  IF {POSTGRES_CHANGED} THEN
    RAISE EXCEPTION 'Het toegangslog kan niet worden gewijzigd';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# Django stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; the limit is
# written the same way, so the two compare as text.
SQLITE_LIMIT = (
    "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || "
    + _period("OLD.organisation_id", "MAX")
    + " || ' years')"
)
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS append_only_access_log_delete",
    f"""CREATE TRIGGER append_only_access_log_delete BEFORE DELETE ON {TABLE}
  FOR EACH ROW WHEN OLD.at >= {SQLITE_LIMIT}
  BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden verwijderd'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS append_only_access_log_delete",
    f"""CREATE TRIGGER append_only_access_log_delete BEFORE DELETE ON {TABLE}
  FOR EACH ROW
  BEGIN SELECT RAISE(ABORT, 'Het toegangslog kan niet worden verwijderd'); END""",
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
    dependencies = [
        ("access", "0005_emergency_access"),
        # The triggers read the region's log period from the retention policy.
        ("retention", "0001_retention_periods"),
    ]
    operations = [migrations.RunPython(install, uninstall)]
