"""The fields a correction may change, each as one piece of text.

Corrections replace text in text. Fields that are not text in the database (the date,
the byline and tag lists) get one plain text form here, so a correction to any of them
has a ``before`` and ``after`` a person can read and a diff can show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

#: Fields that make up the published article, in display order. A correction names one.
FIELDS = ("headline", "dek", "bylines", "dateline", "published", "section", "tags", "body",
          "language", "notice", "publication")
#: Extracted fields sealed in the digest with FIELDS but not correctable. Old rows' digests
#: lack them; `morgue verify` checks only the fields a digest holds, so they still verify.
SEALED_ONLY = ("outlet", "published_precision")
#: Fields held as lists; their text form is one item per line.
LIST_FIELDS = frozenset({"bylines", "tags"})

# 16 hex digits (64 bits) per field: enough to notice an edit, small enough to keep for
# millions of articles.
DIGEST_CHARS = 16


class BadFieldValue(ValueError):
    """A correction would leave a field unreadable (e.g. a date that is not a date)."""


def field_text(obj: Any, name: str) -> str:
    """The text form of ``obj.name`` (an Article row or a published article)."""
    if name not in FIELDS and name not in SEALED_ONLY:
        raise KeyError(f"{name!r} is not a correctable field; one of {', '.join(FIELDS)}")
    value = getattr(obj, name)
    if name in LIST_FIELDS:
        return "\n".join(value or [])
    if name == "published":
        return value.isoformat() if value else ""
    return value or ""


def parse_field(name: str, text: str) -> Any:
    """The field's value from its text form; raises :class:`BadFieldValue`."""
    if name in LIST_FIELDS:
        return [line for line in text.split("\n") if line.strip()]
    if name == "published":
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise BadFieldValue(f"published must be YYYY-MM-DD or empty, not {text!r}") from exc
    return text


def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def fingerprint(obj: Any) -> dict[str, str]:
    """A digest of every field's text form: {field: 16 hex digits}."""
    return {name: digest_text(field_text(obj, name)) for name in FIELDS + SEALED_ONLY}
