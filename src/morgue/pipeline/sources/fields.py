"""Mapping a CMS export's columns to our field names, and normalising the values a little.

Values stay as the export wrote them (a date stays a raw string: extraction parses it);
only their shape is fixed: bylines and tags become lists, a body is filed as
``body_html`` or ``body_text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# Column names tried for each field, best first; compared lower-cased with spaces and
# hyphens as underscores. Each column serves one field at most.
FIELD_CANDIDATES: dict[str, tuple[str, ...]] = {
    "headline": ("headline", "title", "post_title", "hed", "name"),
    "dek": ("dek", "subtitle", "subhead", "summary", "description", "excerpt", "post_excerpt", "standfirst"),
    "bylines": ("byline", "bylines", "author", "authors", "creator", "author_name", "writer"),
    "published": (
        "published", "date", "pubdate", "pub_date", "publish_date", "published_at", "date_published",
        "datepublished", "post_date", "created", "created_at",
    ),
    "section": ("section", "category", "categories", "department", "desk"),
    "tags": ("tags", "keywords", "post_tag", "topics"),
    "body": (
        "body", "body_html", "body_text", "content", "text", "post_content", "article_body",
        "articlebody", "html", "story",
    ),
    "legacy_url": ("legacy_url", "url", "link", "permalink", "canonical_url", "canonical"),
    "language": ("language", "lang", "locale"),
    "id": ("id", "post_id", "guid", "nid", "story_id", "article_id", "uuid"),
}  # fmt: skip
# fields whose value is one string
TEXT_FIELDS = frozenset({"headline", "dek", "published", "section", "legacy_url", "language", "id"})
# column shapes remembered per source; JSON Lines records rarely have more than a few
MAX_CACHED_SHAPES = 256
# Markup that makes a body HTML. This only detects tags; nothing is parsed with it.
_HTML_TAG = re.compile(
    r"<(?:p|br|div|span|a|em|strong|b|i|u|h[1-6]|ul|ol|li|blockquote|img|table|figure|iframe)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def normalise_column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


class FieldMapper:
    """Which column feeds which field, for one source: the column map, then the guesses."""

    __slots__ = ("column_map", "_cache")

    def __init__(self, column_map: Mapping[str, str]) -> None:
        self.column_map = dict(column_map)
        self._cache: dict[tuple[str, ...], dict[str, str]] = {}

    def mapping_for(self, columns: tuple[str, ...]) -> dict[str, str]:
        """field -> column for a record with these columns (in this order)."""
        cached = self._cache.get(columns)
        if cached is not None:
            return cached
        mapping = {name: column for name, column in self.column_map.items() if column in columns}
        taken = set(mapping.values())
        by_normal: dict[str, str] = {}
        for column in columns:
            by_normal.setdefault(normalise_column(column), column)
        for name, candidates in FIELD_CANDIDATES.items():
            if name in mapping or (name == "body" and ("body_html" in mapping or "body_text" in mapping)):
                continue
            for candidate in candidates:
                found = by_normal.get(candidate)
                if found is not None and found not in taken:
                    mapping[name] = found
                    taken.add(found)
                    break
        if len(self._cache) < MAX_CACHED_SHAPES:
            self._cache[columns] = mapping
        return mapping

    def missing_columns(self, columns: tuple[str, ...]) -> list[str]:
        """Columns the column map names that the export does not have."""
        return [column for column in self.column_map.values() if column not in columns]

    def map_record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The record's values under our field names; empty values are left out."""
        fields: dict[str, Any] = {}
        for name, column in self.mapping_for(tuple(record)).items():
            value = record.get(column)
            if value is None or value in ("", []):
                continue
            if name in TEXT_FIELDS:
                text = as_text(value)
                if text is not None and text.strip():
                    fields[name] = text.strip() if name == "legacy_url" else text
            elif name == "bylines":
                names = byline_values(value)
                if names:
                    fields["bylines"] = names
            elif name == "tags":
                tags = split_tags(value)
                if tags:
                    fields["tags"] = tags
            else:
                text = as_text(value)
                if text is not None and text.strip():
                    body_name = name if name != "body" else body_kind(text)
                    fields[body_name] = text
        return fields


def as_text(value: Any) -> str | None:
    """One string from a scalar, a list (its first item) or an object (its name)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return next((text for text in map(as_text, value) if text), None)
    if isinstance(value, dict):
        for key in ("name", "display_name", "title", "value", "text"):
            named = value.get(key)
            if isinstance(named, str):
                return named
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return None


def body_kind(text: str) -> str:
    """``body_html`` when the body carries markup, else ``body_text``."""
    return "body_html" if _HTML_TAG.search(text) else "body_text"


def _as_list(value: Any) -> list[str] | None:
    """The items of a list, or of a string holding a JSON list (as CSV cells do)."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    if isinstance(value, list):
        return [text.strip() for text in map(as_text, value) if text and text.strip()]
    return None


def byline_values(value: Any) -> list[str]:
    """Byline strings as the export holds them; extraction splits them into names."""
    items = _as_list(value)
    if items is not None:
        return items
    text = as_text(value)
    return [text.strip()] if text and text.strip() else []


def split_tags(value: Any) -> list[str]:
    """Tags from a list or a comma/semicolon/pipe separated string."""
    items = _as_list(value)
    if items is not None:
        return items
    text = as_text(value) or ""
    return [tag.strip() for tag in re.split(r"[,;|]", text) if tag.strip()]
