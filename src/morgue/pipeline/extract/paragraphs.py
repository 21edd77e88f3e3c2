"""Paragraphs from plain text (blank-line blocks) and from HTML (block elements).

Both keep paragraph breaks and every word; only whitespace is tidied. HTML tags are
dropped, ``<br><br>`` and blank lines in text nodes (WordPress content without ``<p>``)
break paragraphs, and figure captions are returned apart so the caller can record them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .lineshape import normalize_space

__all__ = [
    "HtmlText",
    "TextUnit",
    "html_paragraphs",
    "parse_document",
    "parse_fragment",
    "strip_xml_declaration",
    "text_paragraphs",
    "text_units",
]

#: Lines of a hard-wrapped paragraph are this long (72- and 80-column dumps; up to 100
#: for wide terminals). A block whose lines are not all in this range (except the last)
#: holds one paragraph or prompt per line, e.g. "or" / "By continuing you agree…".
WRAP_MIN_CHARS = 40
WRAP_MAX_CHARS = 100

BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul body html".split()
)
#: Elements whose content is never visible text.
SKIP_TAGS = frozenset("script style template head title meta link noscript".split())

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(slots=True)
class TextUnit:
    """One paragraph (or one line of a block of short lines) of a plain-text document."""

    #: the paragraph as it goes into a body: lines of a wrapped paragraph joined by spaces
    text: str
    #: the original lines, joined with newlines (what a set-aside record keeps)
    raw: str
    lines: list[str]


def text_units(text: str) -> list[TextUnit]:
    """Split text into blank-line blocks; a block of unwrapped short lines gives one unit per line."""
    units: list[TextUnit] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for block in re.split(r"\n[^\S\n]*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 or _hard_wrapped(lines):
            units.append(TextUnit(" ".join(lines), "\n".join(lines), lines))
        else:
            units.extend(TextUnit(line, line, [line]) for line in lines)
    return units


def text_paragraphs(text: str) -> list[str]:
    return [unit.text for unit in text_units(text)]


def _hard_wrapped(lines: list[str]) -> bool:
    return all(WRAP_MIN_CHARS <= len(line) <= WRAP_MAX_CHARS for line in lines[:-1]) and (
        len(lines[-1]) <= WRAP_MAX_CHARS
    )


@dataclass(slots=True)
class HtmlText:
    paragraphs: list[str] = field(default_factory=list)
    #: text of <figcaption> elements, kept apart from the body
    captions: list[str] = field(default_factory=list)


def parse_fragment(html: str) -> lxml.html.HtmlElement | None:
    """Parse an HTML fragment (or document) under one <div>; None if there is nothing."""
    if not html.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    # lxml asserts "too many bodies" on a fragment that parses to no <body> at all
    except (etree.ParserError, ValueError, AssertionError):
        return None


def strip_xml_declaration(html: str) -> str:
    """Remove a leading ``<?xml … encoding=…?>``: the text is already decoded, and lxml
    refuses text that declares an encoding."""
    return _XML_DECLARATION.sub("", html, count=1)


_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)


def close_title(html: str) -> str:
    """A ``<title>`` that is never closed swallows the whole page as its text (browsers
    and lxml alike); close it before the next tag, so the page's text is read."""
    opened = _TITLE_OPEN.search(html)
    if opened is None or _TITLE_CLOSE.search(html, opened.end()):
        return html
    tag = html.find("<", opened.end())
    return html if tag < 0 else html[:tag] + "</title>" + html[tag:]


def parse_document(html: str) -> lxml.html.HtmlElement | None:
    """Parse a whole HTML document from text; None if lxml finds nothing to parse.

    An XML declaration is removed first (see :func:`strip_xml_declaration`).
    """
    html = close_title(strip_xml_declaration(html))
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def html_paragraphs(source: str | lxml.html.HtmlElement) -> HtmlText:
    """The visible text of ``source`` as paragraphs, tags dropped, breaks kept."""
    root = parse_fragment(source) if isinstance(source, str) else source
    walker = _Walker()
    if root is not None:
        walker.walk(root)
        walker.flush()
    return walker.result


class _Walker:
    def __init__(self) -> None:
        self.result = HtmlText()
        self._buffer: list[str] = []
        self._in_pre = 0
        self._in_caption = 0

    def walk(self, element: lxml.html.HtmlElement) -> None:
        if not isinstance(element.tag, str):  # comment or processing instruction
            return
        tag = element.tag.lower()
        if tag in SKIP_TAGS:
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        if tag == "br":
            self._buffer.append("\n")
        self._in_pre += tag == "pre"
        self._in_caption += tag == "figcaption"
        if element.text:
            self._add(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self._add(child.tail)
        if block:
            self.flush()
        self._in_pre -= tag == "pre"
        self._in_caption -= tag == "figcaption"

    def _add(self, text: str) -> None:
        if self._in_pre:
            self._buffer.append(text)
            return
        parts = _BLANK_LINE.split(text)
        for i, part in enumerate(parts):
            if i:
                self.flush()
            self._buffer.append(re.sub(r"\s+", " ", part))

    def flush(self) -> None:
        joined = "".join(self._buffer)
        self._buffer = []
        for chunk in _BLANK_LINE.split(joined):
            lines = [normalize_space(line) for line in chunk.split("\n")]
            paragraph = "\n".join(line for line in lines if line)
            if paragraph:
                target = self.result.captions if self._in_caption else self.result.paragraphs
                target.append(paragraph)
