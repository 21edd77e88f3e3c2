"""A database trigger that refuses UPDATE on the corrections log.

The ORM already refuses (``Correction.save`` on an existing row, ``update()``,
``delete()``); the trigger also stops raw SQL and other programs. Deletes are left to
the ORM and ``on_delete=PROTECT`` so the test runner can still empty tables.

Installed after every ``migrate`` (``post_migrate``), because SQLite rebuilds a table
to alter it and a rebuilt table has lost its triggers.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

TRIGGER = "archive_correction_append_only"
MESSAGE = "corrections are append-only; add a new correction instead"

_SQL = {
    "sqlite": [
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON archive_correction "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ],
    "postgresql": [
        f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql",
        f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE UPDATE ON archive_correction "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    ],
}


def install_append_only_guard(using: str = "default", **_: Any) -> None:
    """Create the trigger if this database supports it (SQLite, PostgreSQL)."""
    connection = connections[using]
    statements = _SQL.get(connection.vendor)
    if not statements or "archive_correction" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
