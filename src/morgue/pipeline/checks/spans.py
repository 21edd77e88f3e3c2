"""Where a paragraph sits in ``Article.body`` (paragraphs joined by a blank line), and
the fix that removes one without leaving a double blank line behind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from ..records import Fix

__all__ = ["SEPARATOR", "paragraph_spans", "removal_fix", "runs", "shorten"]

SEPARATOR = "\n\n"

#: Evidence longer than this is shortened in messages (the span still covers it all).
EVIDENCE_MAX_CHARS = 300


def paragraph_spans(paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in ``SEPARATOR.join(paragraphs)``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in paragraphs:
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + len(SEPARATOR)
    return spans


def removal_fix(paragraphs: Sequence[str], first: int, last: int | None = None, *,
                safe: bool = True, field: str = "body") -> Fix:
    """Remove paragraphs ``first``..``last`` (inclusive) and one separator next to them."""
    last = first if last is None else last
    spans = paragraph_spans(paragraphs)
    start, end = spans[first][0], spans[last][1]
    if first > 0:
        start -= len(SEPARATOR)  # take the separator before
    elif last + 1 < len(paragraphs):
        end += len(SEPARATOR)  # first paragraph: take the one after
    before = SEPARATOR.join(paragraphs)[start:end]
    return Fix(field=field, before=before, after="", span=(start, end), safe=safe)


def shorten(text: str, limit: int = EVIDENCE_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def runs(indices: Iterable[int], joined: Callable[[int, int], bool] | None = None) -> Iterator[tuple[int, int]]:
    """Group sorted indices into (first, last) runs of consecutive ones; ``joined(a, b)``
    may refuse to join two neighbours."""
    start = prev = None
    for i in indices:
        if start is None or prev is None:
            start = prev = i
        elif i == prev + 1 and (joined is None or joined(prev, i)):
            prev = i
        else:
            yield start, prev
            start = prev = i
    if start is not None and prev is not None:
        yield start, prev
