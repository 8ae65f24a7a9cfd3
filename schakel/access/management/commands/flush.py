"""manage.py flush that still works on SQLite with the append-only triggers in place.

On PostgreSQL flush empties tables with TRUNCATE, which the log triggers let through as a
table owner's act. On SQLite flush runs DELETE, which the triggers refuse. This command
lifts the `append_only_` triggers for the one transaction of the flush and puts the very
same triggers back (as stored in the schema) before it commits, so the logs are never
unprotected outside a deliberate flush. The test suite empties its database this way.
"""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

TRIGGER_PREFIX = "append_only_"


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB %s",
                [TRIGGER_PREFIX + "*"],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            for _name, sql in triggers:
                cursor.execute(sql)
