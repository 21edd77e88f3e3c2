"""Side-by-side diffs of a field's text, for the review page.

Paragraphs (lines of a list field) are matched with :mod:`difflib`; a changed pair is
then compared word by word, so the editor sees exactly the words that change. The
result is plain data; the template escapes and marks it (no HTML is built here).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

__all__ = ["DiffRow", "Segment", "side_by_side"]

#: Unchanged paragraphs shown around a change; the rest fold into "…".
CONTEXT = 1
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(slots=True)
class DiffRow:
    """One paragraph on each side (either may be missing); ``gap`` rows stand for
    unchanged paragraphs left out."""

    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)
    changed: bool = False
    gap: bool = False


def _blocks(text: str, name: str) -> list[str]:
    if name == "body":
        return text.split("\n\n") if text else []
    return text.split("\n") if text else []


def _words(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = op == "equal"
        if i2 > i1:
            left.append(Segment("".join(a[i1:i2]), not same))
        if j2 > j1:
            right.append(Segment("".join(b[j1:j2]), not same))
    return left, right


def side_by_side(old: str, new: str, name: str = "body", context: int = CONTEXT
                 ) -> list[DiffRow]:
    """Rows of (old paragraph, new paragraph) with the changed words marked."""
    a, b = _blocks(old, name), _blocks(new, name)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(DiffRow(gap=True))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                rows.extend(DiffRow([Segment(p)], [Segment(p)]) for p in a[i1:i2])
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                o = olds[k] if k < len(olds) else None
                n = news[k] if k < len(news) else None
                if o is not None and n is not None:
                    left, right = _words(o, n)
                else:
                    left = [Segment(o, True)] if o is not None else []
                    right = [Segment(n, True)] if n is not None else []
                rows.append(DiffRow(left, right, changed=True))
    return rows
