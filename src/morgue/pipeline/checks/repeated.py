"""``repeated-text``: a paragraph or passage that appears twice inside one story.

A CMS paste-and-save bug or a template that printed a block twice leaves the same text
in the body again. Three shapes are found:

- a paragraph (or a run of paragraphs) equal to an earlier one: the later copy is the
  fault, and removing it is safe — the words stay, once;
- a long sentence repeated in another paragraph: shown, but its removal waits for an
  editor (the sentence shares its paragraph with text that is not repeated);
- a paragraph the capture printed twice, close together, that extraction kept once:
  nothing to fix in the body, but the transfer damage is on record (``info``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..extract.lineshape import is_sentence_like
from ..records import CheckItem, Finding, Fix
from .base import CheckOptions
from .spans import paragraph_spans, removal_fix, runs, shorten

__all__ = ["check_repeated"]

#: A repeated paragraph counts when it has at least this many words: short lines repeat
#: legitimately (a recurring "vote for her on the last page!", a table header, a recipe's
#: 8-word portion line — all on data/zyte), and chrome lines are chrome's business. The
#: Reuters benchmark's shortest planted repeats (9-word paragraphs) are still found.
PARAGRAPH_MIN_WORDS = 9
#: A paragraph found this many times or more is a template element of the story (a
#: repeated question in a series of profiles), not a paste error — unless it is long.
STRUCTURAL_MIN_COPIES = 3
STRUCTURAL_MAX_WORDS = 25
#: A repeated sentence counts when it has at least this many words; shorter sentences
#: ("He declined to comment.") recur naturally in a story.
SENTENCE_MIN_WORDS = 15
#: In the capture, the two copies of a paragraph are at most this many lines apart
#: (a paste bug repeats in place; a pull quote is a box far from its source).
CAPTURE_MAX_GAP_LINES = 3
#: ... and the paragraph has at least this many words.
CAPTURE_MIN_WORDS = 12

_QUESTION = re.compile(r"\?[\"'”’)]*$")
#: A sentence ends at . ! ? (and closing quotes) followed by a space and a capital: "12.50
#: dlrs" does not end one ("U.S. Steel" does, harmlessly: short pieces are skipped).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])")


def check_repeated(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    paragraphs = item.article.paragraphs
    if len(paragraphs) < 1:
        return
    norms = [_key(p) for p in paragraphs]
    copies = _repeated_paragraphs(paragraphs, norms)
    yield from _paragraph_findings(item, paragraphs, copies)
    yield from _sentence_findings(item, paragraphs, norms, copies)
    if not copies:
        yield from _capture_findings(item, paragraphs, norms)


def _repeated_paragraphs(paragraphs: list[str], norms: list[str]) -> dict[int, int]:
    """Later copy -> index of the first occurrence."""
    first_at: dict[str, int] = {}
    copies: dict[int, int] = {}
    counts = Counter(norms)
    for i, norm in enumerate(norms):
        words = len(paragraphs[i].split())
        if words < PARAGRAPH_MIN_WORDS or not is_sentence_like(paragraphs[i]) or _QUESTION.search(paragraphs[i]):
            continue  # list items, table rows and interview questions repeat by design
        if counts[norm] >= STRUCTURAL_MIN_COPIES and words < STRUCTURAL_MAX_WORDS:
            continue
        if norm in first_at:
            copies[i] = first_at[norm]
        else:
            first_at[norm] = i
    return copies


def _paragraph_findings(item: CheckItem, paragraphs: list[str], copies: dict[int, int]) -> Iterator[Finding]:
    spans = paragraph_spans(paragraphs)
    for first, last in runs(sorted(copies), lambda a, b: copies[b] == copies[a] + 1):
        original = copies[first]
        text = "\n\n".join(paragraphs[first: last + 1])
        what = (f"paragraph {first + 1} repeats paragraph {original + 1}" if first == last else
                f"paragraphs {first + 1}-{last + 1} repeat paragraphs {original + 1}-{original + 1 + last - first}")
        yield Finding(
            key=item.key, check="repeated-text", severity="warning", field="body",
            span=(spans[first][0], spans[last][1]), evidence=shorten(text),
            message=f"{what} word for word: “{shorten(paragraphs[first], 80)}”",
            fix=removal_fix(paragraphs, first, last, safe=True), related=[])


def _sentence_findings(item: CheckItem, paragraphs: list[str], norms: list[str],
                       copies: dict[int, int]) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    spans = paragraph_spans(paragraphs)
    for i, paragraph in enumerate(paragraphs):
        if i in copies or not is_sentence_like(paragraph):
            continue
        for begin, end in _sentences(paragraph):
            sentence = paragraph[begin:end]
            if len(sentence.split()) < SENTENCE_MIN_WORDS or _QUESTION.search(sentence):
                continue
            norm = _key(sentence)
            if norm not in seen:
                seen[norm] = i
                continue
            if norms[i] == norm:  # the whole paragraph is the sentence: a paragraph copy
                continue
            span = (spans[i][0] + begin, spans[i][0] + end)
            yield Finding(
                key=item.key, check="repeated-text", severity="warning", field="body", span=span,
                evidence=shorten(sentence),
                message=(f"a sentence of paragraph {seen[norm] + 1} is repeated in paragraph {i + 1}: "
                         f"“{shorten(sentence, 80)}”"),
                fix=Fix(field="body", before=sentence, after="", span=span, safe=False))


def _key(text: str) -> str:
    """What two copies share: the words, case-folded (figures must match exactly)."""
    return " ".join(text.casefold().split())


def _sentences(paragraph: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``paragraph``, without surrounding spaces."""
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end() - (len(match[0]) - len(match[0].rstrip()))
        yield start, end
        start = match.end()
    end = len(paragraph.rstrip())
    if start < end:
        yield start, end


def _capture_findings(item: CheckItem, paragraphs: list[str], norms: list[str]) -> Iterator[Finding]:
    if not item.capture_text:
        return
    where: dict[str, list[int]] = {}
    wanted = {n for p, n in zip(paragraphs, norms) if len(p.split()) >= CAPTURE_MIN_WORDS}
    if not wanted:
        return
    for number, line in enumerate(item.capture_text.splitlines()):
        norm = _key(line)
        if norm in wanted:
            where.setdefault(norm, []).append(number)
    spans = paragraph_spans(paragraphs)
    for i, norm in enumerate(norms):
        lines = where.get(norm, [])
        if len(lines) < 2 or min(b - a for a, b in zip(lines, lines[1:])) > CAPTURE_MAX_GAP_LINES:
            continue
        yield Finding(
            key=item.key, check="repeated-text", severity="info", field="body", span=spans[i],
            evidence=shorten(paragraphs[i]),
            message=(f"the original page prints paragraph {i + 1} {len(lines)} times in a row; "
                     "extraction kept it once, so the text is right but the capture is damaged"))
        where.pop(norm, None)

