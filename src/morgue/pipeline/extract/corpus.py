"""What many pages of one source share: lines that repeat across files are chrome.

:func:`learn_corpus_hints` streams pages once and counts, for each short normalized
line, how many files contain it. A line in at least half the files (and at least
:data:`CORPUS_MIN_FILES`) is site chrome, whatever it says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..decode import decode
from ..records import RawPage
from .kinds import page_kind
from .paragraphs import html_paragraphs, parse_document, text_units

__all__ = ["CorpusHints", "learn_corpus_hints", "normalize_line", "page_lines", "corpus_repeat"]

#: Only lines up to this long are counted. Chrome lines are short (the seed's longest,
#: the terms sentence, is 215 characters); story paragraphs are longer and unique, and
#: counting them would only cost memory.
MAX_COUNTED_LINE_CHARS = 300

#: A line in at least this share of files is chrome ...
CORPUS_MIN_SHARE = 0.5
#: ... and in at least this many files: two files sharing a line prove nothing.
CORPUS_MIN_FILES = 3

#: Memory bound: when more distinct lines than this are counted, the rarest are pruned
#: (lossy counting). A chrome line is in half the files, so it is never the rarest once
#: more than a few files have been read; a pruned line can be undercounted by at most
#: the number of prunings, which is negligible against a 50% threshold.
MAX_DISTINCT_LINES = 200_000

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class CorpusHints:
    """What was learned from many pages of one source before extracting any."""

    files_seen: int = 0
    #: normalized line -> number of files it appears in
    line_counts: dict[str, int] = field(default_factory=dict)


def normalize_line(line: str) -> str:
    """Casefold, collapse whitespace, digits to "#": "© 2024 X" and "© 2025 X" match."""
    return _DIGITS.sub("#", _SPACE.sub(" ", line).strip().casefold())


def learn_corpus_hints(pages: Iterable[RawPage]) -> CorpusHints:
    """Count, over all ``pages``, how many files contain each short line."""
    hints = CorpusHints()
    prune_below = 1
    for page in pages:
        lines = {normalize_line(line) for line in page_lines(page)}
        lines = {line for line in lines if line and len(line) <= MAX_COUNTED_LINE_CHARS}
        if not lines:
            continue
        hints.files_seen += 1
        counts = hints.line_counts
        for line in lines:
            counts[line] = counts.get(line, 0) + 1
        if len(counts) > MAX_DISTINCT_LINES:
            while len(counts) > MAX_DISTINCT_LINES // 2:
                for line in [k for k, v in counts.items() if v <= prune_below]:
                    del counts[line]
                prune_below += 1
    return hints


def page_lines(page: RawPage) -> list[str]:
    """The visible lines of a page: text lines of a dump, text blocks of an HTML body."""
    kind = page_kind(page)
    if kind == "text":
        text = decode(page.content, page.declared_charset, html=False).text
        return [line for unit in text_units(text) for line in unit.lines]
    if kind == "html":
        text = decode(page.content, page.declared_charset, html=True).text
        root = parse_document(text)
        return [] if root is None else html_paragraphs(root).paragraphs
    return []


def corpus_repeat(hints: CorpusHints | None, lines: Iterable[str]) -> tuple[int, int] | None:
    """(files containing it, files seen) if every line repeats across the corpus, else None.

    Lines too long to have been counted never repeat.
    """
    if hints is None or hints.files_seen == 0:
        return None
    threshold = max(CORPUS_MIN_FILES, math.ceil(CORPUS_MIN_SHARE * hints.files_seen))
    least: int | None = None
    for line in lines:
        count = hints.line_counts.get(normalize_line(line), 0)
        if count < threshold:
            return None
        least = count if least is None else min(least, count)
    return None if least is None else (least, hints.files_seen)
