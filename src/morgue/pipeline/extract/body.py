"""The story text of one HTML page, chosen from two extractors that check each other.

trafilatura and readability-lxml make different mistakes: trafilatura sometimes stops
early (a story split by an embedded widget) or carries a dek, a newsletter box or a
list of related links at either end; readability more often loses a first paragraph
glued to a photo credit. So both run, and :func:`choose_body` picks per page:

1. **rescue** — readability's text is much longer and holds nearly all of trafilatura's:
   trafilatura missed part of the story, readability's text is taken;
2. **trim** — otherwise trafilatura's paragraphs are kept from the first to the last one
   that readability confirms; unconfirmed paragraphs at either end are set aside (with
   the reason), never dropped.

Then :func:`restore_repeats` puts back a paragraph the page prints twice in a row, which
trafilatura removes as a duplicate: the archive keeps what the page has, and a check
reports the repetition.

Measured on data/zyte (181 pages, metric of data/README.md): trafilatura alone (as
morgue ran it) F1 0.963, readability 0.958; chosen as here 0.970. Re-run
``benchmarks/extraction.py --zyte`` after changing a threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .paragraphs import html_paragraphs

__all__ = ["BodyChoice", "choose_body", "readability_paragraphs", "restore_repeats", "READABILITY"]

try:  # readability-lxml is optional: without it trafilatura's text is used as it is
    from readability import Document as _ReadabilityDocument
    from readability.readability import Unparseable as _Unparseable

    READABILITY = True
except ImportError:  # pragma: no cover - exercised only where it is not installed
    READABILITY = False

#: Rescue when readability's text has at least this many times trafilatura's shingles ...
RESCUE_RATIO = 1.5
#: ... and holds at least this share of trafilatura's (so it is the same story, longer).
RESCUE_CONTAINS = 0.9
#: A paragraph is confirmed by the other extractor when this share of its 4-word
#: shingles is in the other's text (short paragraphs: when their words are).
CONFIRM_SHARE = 0.5
#: Shingle length (as in the data/README.md metric).
SHINGLE = 4

REASON_UNCONFIRMED = "at the edge of the story, not confirmed by a second extractor"

_WORDS = re.compile(r"\w+")


@dataclass(slots=True)
class BodyChoice:
    paragraphs: list[str]
    #: how they were chosen, for ``field_sources["paragraphs"]``
    how: str
    #: paragraphs of the first candidate left out, with why
    left_out: list[tuple[str, str]] = field(default_factory=list)


def readability_paragraphs(html: str) -> list[str]:
    """readability-lxml's main text as paragraphs; [] when it finds none or fails."""
    if not READABILITY or not html.strip():
        return []
    try:
        summary = _ReadabilityDocument(html).summary(html_partial=True)
    # readability walks arbitrary markup; whatever it raises means "no candidate"
    except (_Unparseable, ValueError, TypeError, AttributeError, IndexError, KeyError,
            AssertionError, RecursionError):
        return []
    return html_paragraphs(summary).paragraphs if summary.strip() else []


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def choose_body(trafilatura: Sequence[str], readability: Sequence[str]) -> BodyChoice:
    """Pick the story paragraphs from the two candidates (see the module doc)."""
    first, second = list(trafilatura), list(readability)
    if not first:
        return BodyChoice(second, "readability-lxml (trafilatura found no text)")
    if not second:
        return BodyChoice(first, "trafilatura")
    s1 = _shingles("\n".join(first))
    s2 = _shingles("\n".join(second))
    shared = len(s1 & s2)
    if s1 and len(s2) >= RESCUE_RATIO * len(s1) and shared >= RESCUE_CONTAINS * len(s1):
        return BodyChoice(second, "readability-lxml (trafilatura's text was a part of it)")
    joined = " " + " ".join(_words("\n".join(second))) + " "
    confirmed = [_confirmed(p, s2, joined) for p in first]
    marks = [i for i, ok in enumerate(confirmed) if ok]
    if not marks:
        return BodyChoice(first, "trafilatura (readability-lxml disagrees entirely)")
    lo, hi = marks[0], marks[-1]
    left_out = [(p, REASON_UNCONFIRMED) for p in first[:lo] + first[hi + 1:]]
    how = "trafilatura, confirmed by readability-lxml"
    return BodyChoice(first[lo:hi + 1], how, left_out)


def _confirmed(paragraph: str, other: set[tuple[str, ...]], other_words: str) -> bool:
    shingles = _shingles(paragraph)
    if shingles:
        return len(shingles & other) >= CONFIRM_SHARE * len(shingles)
    words = _words(paragraph)
    return bool(words) and f" {' '.join(words)} " in other_words


def restore_repeats(paragraphs: list[str], page_paragraphs: Sequence[str]) -> tuple[list[str], int]:
    """Put back paragraphs the page prints twice (or more) in a row that ``paragraphs``
    has only once. Returns the paragraphs and how many were put back."""
    norms = [" ".join(_words(p)) for p in page_paragraphs]
    out: list[str] = []
    restored = 0
    j = 0
    for i, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        key = " ".join(_words(paragraph))
        if not key:
            continue
        try:
            at = norms.index(key, j)
        except ValueError:
            continue
        j = at + 1
        next_key = " ".join(_words(paragraphs[i + 1])) if i + 1 < len(paragraphs) else None
        while j < len(norms) and norms[j] == key and next_key != key:
            out.append(paragraph)
            restored += 1
            j += 1
    return out, restored
