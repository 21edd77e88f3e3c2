"""``encoding``: garbled characters — mojibake, replacement characters, C1 controls.

Mojibake (UTF-8 read as windows-1252 or Latin-1: "donâ€™t", "cafÃ©") is found and
repaired by ftfy, restricted to encoding repairs: quotes stay curly, entities stay for
the ``markup`` check, nothing is normalised. The fix replaces only the stretch that
changed, so an editor sees exactly what moves. U+FFFD marks characters already lost;
there is nothing to restore them from, so that finding has no fix.

One byte of mojibake is often lost on the way: a closing quote ” is UTF-8 ``E2 80 9D``,
and windows-1252 has no character for ``9D``, so it becomes the C1 control U+009D, which
extractors (trafilatura among them) drop as unprintable. What is left, "said,â€ and",
ftfy reads as "†" (it takes the space for a lost no-break space, ``A0``), swallowing the
space. Before ftfy runs, such an orphaned "â€" is restored to "â€\x9d" (”) where it
closes an open quotation; anywhere else it is left alone rather than guessed, and the
finding says no safe repair was found for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ftfy
from ftfy import TextFixerConfig
from ftfy.badness import is_bad

from morgue.counts import plural

from ..records import CheckItem, Finding, Fix
from .base import CheckOptions
from .spans import shorten
from .textfields import Segment, segments

__all__ = ["check_encoding", "repair_encoding"]

#: Only encoding repairs. Everything else ftfy can do (uncurling quotes, unescaping
#: HTML, NFC, ligatures) would change correct text, so it is off.
FTFY_CONFIG = TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    remove_control_chars=False, normalization=None, explain=False,
)

#: C1 control characters never belong in text: windows-1252 bytes decoded as Latin-1.
_C1 = re.compile("[\x80-\x9f]")
_LOST = re.compile("\ufffd+")

#: What a byte 0x80-0xBF (a UTF-8 continuation byte) reads as in sloppy windows-1252:
#: the five bytes it leaves undefined stay C1 controls, as MySQL's "latin1" keeps them.
_CONTINUATION = frozenset(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                          for b in range(0x80, 0xC0))
#: "â€" is the mojibake of E2 80, the first two bytes of ’ “ ” – — … and the other
#: U+2000-U+203F punctuation; the third byte must follow it.
_LEAD = "\u00e2\u20ac"
_OPENING = ("\u201c", _LEAD + "\u0153")  # “ as itself and as mojibake (â€œ)
_CLOSING = ("\u201d", _LEAD + "\x9d")
#: Stands in for an orphaned "â€" that cannot be resolved while ftfy runs, so that ftfy
#: leaves it (and the space after it) alone; a private-use character ftfy never touches.
_KEEP = "\ue000"


def repair_encoding(text: str) -> str:
    """``text`` with mojibake undone by ftfy (encoding repairs only)."""
    restored, kept = _restore_lost_closing_quotes(text)
    fixed = ftfy.fix_text(restored, FTFY_CONFIG)
    return fixed.replace(_KEEP, _LEAD) if kept else fixed


def _restore_lost_closing_quotes(text: str) -> tuple[str, bool]:
    """``text`` with each orphaned "â€" (its third byte lost) made a closing quote where
    a quotation is open, or else protected from ftfy; and whether any was protected."""
    if _LEAD not in text:
        return text, False
    out: list[str] = []
    depth = 0  # open quotations so far
    kept = False
    i = 0
    while i < len(text):
        if text.startswith(_OPENING, i) or text.startswith(_CLOSING, i):
            opening = text.startswith(_OPENING, i)
            depth = depth + 1 if opening else max(0, depth - 1)
            width = 1 if text[i] in "\u201c\u201d" else 3
            out.append(text[i:i + width])
            i += width
            continue
        if text.startswith(_LEAD, i):
            after = text[i + 2: i + 3]
            if after and after in _CONTINUATION:  # a whole sequence: ftfy's to read
                out.append(text[i:i + 3])
                i += 3
                continue
            if depth > 0:
                out.append(_LEAD + "\x9d")  # the closing quote it was
                depth -= 1
            else:
                out.append(_KEEP)  # not a quote we can tell: left for an editor
                kept = True
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out), kept


def check_encoding(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    for segment in segments(item.article):
        if segment.text.isascii():  # mojibake and U+FFFD are never ASCII: the fast path
            continue
        yield from _mojibake(item, segment)
        yield from _lost(item, segment)


def _mojibake(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    text = segment.text
    if not (is_bad(text) or _C1.search(text)):
        return
    fixed = repair_encoding(text)
    if fixed == text:
        yield Finding(key=item.key, check="encoding", severity="warning", field=segment.field,
                      span=(segment.offset, segment.offset + len(text)), evidence=shorten(text),
                      message=f"{_where(segment)} has characters that look garbled, "
                              "but no safe repair was found")
        return
    start, end, after = _changed(text, fixed)
    before = text[start:end]
    span = (segment.offset + start, segment.offset + end)
    yield Finding(
        key=item.key, check="encoding", severity="warning", field=segment.field, span=span,
        evidence=shorten(before),
        message=f"garbled characters (mojibake) in {_where(segment)}: "
                f"“{shorten(before, 60)}” should read “{shorten(after, 60)}”",
        fix=Fix(field=segment.field, before=before, after=after, span=span, safe=True),
    )


def _lost(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    runs = list(_LOST.finditer(segment.text))
    if not runs:
        return
    start, end = runs[0].start(), runs[-1].end()
    context = segment.text[max(0, start - 30): end + 30]
    lost = sum(len(r[0]) for r in runs)
    yield Finding(
        key=item.key, check="encoding", severity="warning", field=segment.field,
        span=(segment.offset + start, segment.offset + end), evidence=shorten(context),
        message=f"{plural(lost, 'character')} in {_where(segment)} {'was' if lost == 1 else 'were'} "
                "lost in a charset conversion (shown as �); compare with the original capture",
    )


def _changed(text: str, fixed: str) -> tuple[int, int, str]:
    """The smallest stretch of ``text`` that differs from ``fixed``, and its repair."""
    prefix = 0
    limit = min(len(text), len(fixed))
    while prefix < limit and text[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < limit - prefix and text[len(text) - 1 - suffix] == fixed[len(fixed) - 1 - suffix]):
        suffix += 1
    return prefix, len(text) - suffix, fixed[prefix: len(fixed) - suffix]


def _where(segment: Segment) -> str:
    if segment.paragraph is None:
        return f"the {segment.field}"
    return f"paragraph {segment.paragraph + 1}"
