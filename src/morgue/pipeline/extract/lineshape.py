"""What a line of text looks like: sentence, title, proper name. No meaning, only shape."""

from __future__ import annotations

import re

__all__ = [
    "normalize_space",
    "word_count",
    "is_sentence_like",
    "is_title_like",
    "is_proper_name_line",
]

#: A headline is at most this many words / characters. Print headlines run to about
#: 15 words; online ones with a kicker to about 20. Longer first lines are prose.
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 200

#: A publication's name standing alone ("The New York Sun", "The Evening Ledger") has at
#: most this many words; longer Title Case lines are headlines or section names.
PROPER_NAME_MAX_WORDS = 6

#: Words that stay lower-case inside a Title Case name ("Journal of Commerce").
_SMALL_WORDS = frozenset(
    "a an and at by de del der di du for in la le of on the to van von y & +".split()
)

_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]+)?$")
_TERMINAL_PUNCT = re.compile(r"[.;:,]$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "U.S." / "U.N." end a headline
_LETTER = re.compile(r"[^\W\d_]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return _WHITESPACE.sub(" ", text).strip()


def word_count(text: str) -> int:
    return len(text.split())


def is_sentence_like(text: str) -> bool:
    """Ends like a sentence (., !, ?, …, maybe inside quotes) and has lower-case letters."""
    t = normalize_space(text)
    return bool(_SENTENCE_END.search(t)) and any(c.islower() for c in t)


def is_title_like(text: str) -> bool:
    """Short, one line, not ending in a full stop: could be a headline."""
    t = normalize_space(text)
    if not t or "\n" in text.strip() or not _LETTER.search(t):
        return False
    if word_count(t) > HEADLINE_MAX_WORDS or len(t) > HEADLINE_MAX_CHARS:
        return False
    if t[0].islower():
        return False
    return not (_TERMINAL_PUNCT.search(t) and not _ABBREVIATION_END.search(t))


def is_proper_name_line(text: str) -> bool:
    """A short Title Case name with no sentence punctuation, e.g. "The Evening Ledger"."""
    t = normalize_space(text)
    words = t.split()
    if not words or len(words) > PROPER_NAME_MAX_WORDS or "\n" in text.strip():
        return False
    if re.search(r"[.!?;:,|]$", t) or not words[0][0].isupper():
        return False
    capitalized = 0
    for word in words:
        core = word.strip("\"'“”‘’()")
        if not core:
            return False
        if core.casefold() in _SMALL_WORDS:
            continue
        if not (core[0].isupper() or core[0].isdigit()):
            return False
        capitalized += 1
    return capitalized >= 1
