"""The search backends, one module each: the database's own full text (chosen by the
database vendor) or, with ``MORGUE_SEARCH_ENGINE=tantivy``, an embedded tantivy index."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .base import Backend

ENGINES = ("database", "tantivy")

_BACKENDS: dict[tuple[str, ...], Backend] = {}
# A forked server worker opens its own: an open tantivy index holds threads and file
# handles that do not survive a fork.
os.register_at_fork(after_in_child=_BACKENDS.clear)


def backend() -> Backend:
    """The backend the settings choose, for the default database."""
    engine = settings.MORGUE_SEARCH_ENGINE
    if engine not in ENGINES:
        raise ImproperlyConfigured(f"MORGUE_SEARCH_ENGINE is {engine!r}; set it to one of "
                                   f"{', '.join(ENGINES)}")
    key = (engine, connection.vendor, str(settings.MORGUE_SEARCH_INDEX))
    if key not in _BACKENDS:
        _BACKENDS[key] = _make(engine, connection.vendor)
    return _BACKENDS[key]


def database_backend() -> Backend:
    """The database's own full text (FTS5 or PostgreSQL), which search_document's
    triggers or generated column keep whichever engine answers searches."""
    key = ("database", connection.vendor, "")
    if key not in _BACKENDS:
        _BACKENDS[key] = _make("database", connection.vendor)
    return _BACKENDS[key]


def _make(engine: str, vendor: str) -> Backend:
    if engine == "tantivy":
        from .tantivy import TantivyBackend

        return TantivyBackend(settings.MORGUE_SEARCH_INDEX)
    if vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"no search backend for {vendor!r}; use SQLite or PostgreSQL")


__all__ = ["Backend", "backend", "database_backend"]
