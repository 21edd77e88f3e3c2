"""Results kept between requests, valid until the index changes.

An archive is read far more than it changes, and a search's answer changes only when
:func:`~morgue.search.reindex` rewrites the index. Each rewrite stores a new random token
(:class:`~morgue.search.models.IndexState`); cached values are keyed by it, so every
process (web workers, an ingest) sees a change as soon as it is committed, and nothing
stale is ever served. The store is Django's default cache (a folder in MORGUE_HOME,
shared by the server's worker processes).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from .models import IndexState

T = TypeVar("T")

#: Seconds a cached value may live at most; changes never wait for it (see above).
CACHE_SECONDS = 24 * 3600
PREFIX = "morgue-search:"


def index_token() -> str | None:
    """The current token, or None when the index was never built (then nothing is cached)."""
    # Plain SQL: read on every search (twice with tantivy), where building the ORM's
    # query cost ~2 ms, more than the database's answer.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {IndexState._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def new_token() -> str:
    """Mark the index as changed (called by reindex, inside its transaction)."""
    token = uuid.uuid4().hex
    IndexState.objects.update_or_create(pk=1, defaults={"token": token})
    return token


def cached(parts: tuple, compute: Callable[[], T], token: str | None = None) -> T:
    """``compute()``, or its value from the last time with the same parts and index."""
    token = token if token is not None else index_token()
    if token is None:
        return compute()
    where = (connection.vendor, connection.settings_dict.get("NAME"))
    key = PREFIX + hashlib.sha1(repr((token, where, parts)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
