"""New rows in bulk: PostgreSQL's ``COPY``, elsewhere Django's ``bulk_create``.

Ingest writes every capture and article through here. On PostgreSQL, ``COPY`` moves the
rows in one stream without building an ``INSERT`` statement per batch (Django's SQL
compiler was two thirds of the single writer's time per page); the ids are taken from
the table's sequence first, so the rows come back with their ``pk`` set, as from
``bulk_create``. SQLite, the single-writer embedded default, keeps ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

__all__ = ["insert"]


def insert(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert ``rows`` (new instances of ``model``) and set their primary keys."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(rows)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)", [meta.db_table, meta.pk.column, len(rows)])
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            # foreign keys to rows saved since this one was made (bulk_create does the same)
            row._prepare_related_fields_for_save(  # type: ignore[attr-defined]  # (not in the stubs)
                operation_name="insert")
            row.pk = pk
        columns = ", ".join(quote(f.column) for f in fields)
        raw: Any = cursor.cursor  # psycopg's own cursor, which speaks COPY
        with raw.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection)
                                for f in fields])
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
