"""The new site's URL for an article: ``/{yyyy}/{mm}/{dd}/{slug}/`` or ``/undated/{slug}/``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Protocol

__all__ = ["article_slug", "article_path", "slugify", "SLUG_MAX_CHARS"]

#: Slugs are cut to this many characters at a word boundary: long enough to keep a
#: headline recognisable, short enough for a readable URL.
SLUG_MAX_CHARS = 80

FALLBACK_SLUG = "untitled"

_APOSTROPHES = re.compile(r"['’‘`]")
_WORD = re.compile(r"[a-z0-9]+")


def slugify(text: str | None, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lower-case ASCII words joined by hyphens: "Russia’s New Plan" → "russias-new-plan"."""
    if not text:
        return FALLBACK_SLUG
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _WORD.findall(_APOSTROPHES.sub("", ascii_text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    if not slug and words:  # a single word longer than the limit
        slug = words[0][:max_chars]
    return slug or FALLBACK_SLUG


class Story(Protocol):
    """What a URL is made of: an extracted article, or a published one after corrections."""

    @property
    def headline(self) -> str | None: ...
    @property
    def published(self) -> dt.date | None: ...


def article_slug(article: Story) -> str:
    return slugify(article.headline)


def article_path(article: Story) -> str:
    slug = article_slug(article)
    if article.published is None:
        return f"/undated/{slug}/"
    d = article.published
    return f"/{d.year:04d}/{d.month:02d}/{d.day:02d}/{slug}/"
