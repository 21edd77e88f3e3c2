"""Opaque, tamper-evident cursors for paginated API answers.

A cursor is a signed token (``django.core.signing``, salted for this use) holding where
the next page starts and a fingerprint of the query it belongs to. A client can only
pass back what the API handed out: an edited token, or one from another query, is
refused with 400 and a message, never silently answered with the wrong page.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core import signing

from .errors import ApiError

SALT = "morgue.api.cursor"
#: cursor format; bump it when the payload changes so old tokens are refused cleanly
VERSION = 1


def fingerprint(query: dict[str, Any]) -> str:
    """A short hash of the parameters that decide which results come in which order."""
    canonical = json.dumps(query, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def encode(position: dict[str, Any], query: dict[str, Any]) -> str:
    return signing.dumps({"v": VERSION, "q": fingerprint(query), "at": position},
                         salt=SALT, compress=True)


def decode(token: str, query: dict[str, Any]) -> dict[str, Any]:
    """The position stored in ``token``; ApiError(400) if it is not a cursor for ``query``."""
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise ApiError(400, "invalid_cursor",
                       "cursor is not one this API handed out; pass the `next` link back "
                       "unchanged, or leave cursor out to start from the first page") from exc
    if not isinstance(payload, dict) or payload.get("v") != VERSION \
            or not isinstance(payload.get("at"), dict):
        raise ApiError(400, "invalid_cursor", "cursor is from an older version of the API; "
                       "start again from the first page")
    if payload.get("q") != fingerprint(query):
        raise ApiError(400, "cursor_mismatch",
                       "cursor belongs to a different query; keep q, section, author, "
                       "date_from, date_to and sort as they were when it was handed out")
    return payload["at"]
