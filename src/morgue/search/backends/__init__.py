"""The search backends, one module each, chosen by the database vendor."""

from __future__ import annotations

from django.db import connection

from .base import Backend

_BACKENDS: dict[str, Backend] = {}


def backend() -> Backend:
    """The backend for the default database: PostgreSQL full text, else SQLite FTS5."""
    vendor = connection.vendor
    if vendor not in _BACKENDS:
        if vendor == "postgresql":
            from .postgres import PostgresBackend

            _BACKENDS[vendor] = PostgresBackend()
        elif vendor == "sqlite":
            from .sqlite import SqliteBackend

            _BACKENDS[vendor] = SqliteBackend()
        else:
            raise NotImplementedError(f"no search backend for {vendor!r}; "
                                      "use SQLite or PostgreSQL")
    return _BACKENDS[vendor]


__all__ = ["Backend", "backend"]
