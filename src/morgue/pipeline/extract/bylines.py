"""Bylines: "By JOHN SMITH and JANE DOE" → ["JOHN SMITH", "JANE DOE"], names as printed."""

from __future__ import annotations

import re

from .lineshape import normalize_space

__all__ = ["split_bylines", "byline_from_line", "BYLINE_MAX_WORDS"]

#: A byline line ("By John Smith and Jane Doe, Staff Reporters") is at most this long.
BYLINE_MAX_WORDS = 14

#: Words that make a comma-separated piece a role rather than a second name, so
#: "John Smith, Staff Writer" stays one byline.
ROLE_WORDS = frozenset(
    "staff writer writers reporter reporters correspondent correspondents editor editors "
    "bureau chief contributor contributing columnist special press service wire news "
    "photographer photographers for".split()
)

#: Words that may stay lower-case inside a name ("Ludwig van Beethoven").
_NAME_PARTICLES = frozenset("de del der di du da la le van von y bin al st.".split())

_BY = re.compile(r"^\s*by\s*:?\s+", re.I)
_SEPARATORS = re.compile(r"\s*[;|]\s*|\s+(?:and|&)\s+", re.I)


def byline_from_line(text: str) -> str | None:
    """The names part of a "By …" line, or None if the line is not a byline."""
    t = normalize_space(text)
    match = _BY.match(t)
    if match is None:
        return None
    names = t[match.end():]
    words = names.split()
    if not words or len(words) > BYLINE_MAX_WORDS or not words[0][0].isupper():
        return None
    if names.endswith((".", "!", "?")) and not re.search(r"\b[A-Z]\.$", names):
        return None
    return names


def split_bylines(raw: str) -> list[str]:
    """Split "A; B", "A and B", "A, B and C"; strip "By "; keep "Name, Role" together."""
    text = _BY.sub("", normalize_space(raw))
    found: list[str] = []
    for part in _SEPARATORS.split(text):
        for name in _split_commas(part):
            name = _BY.sub("", name).strip(" ,;")
            if name and name not in found:
                found.append(name)
    return found


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) > 1 and all(_looks_like_name(p) for p in pieces):
        return pieces
    return [part]


def _looks_like_name(piece: str) -> bool:
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        lower = word.casefold()
        if lower in ROLE_WORDS:
            return False
        if not (word[0].isupper() or lower in _NAME_PARTICLES):
            return False
    return True
