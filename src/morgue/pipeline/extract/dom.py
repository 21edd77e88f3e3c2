"""The visible lines of a page, each with the element that holds it.

Field finders and site profiles need to know not only what a page says but where:
"By MARTHA KEANE" is the text of a ``<b>``, "Staff Reporter of the Ledger" the text after
a ``<br>`` inside a ``<font>``. :func:`page_lines` walks the tree once and returns every
line (a ``<br>`` or a block boundary ends one) with its *owner*, the lowest element
holding all of its text, and the paragraph it belongs to (blank lines and block elements
end paragraphs, as in :func:`.paragraphs.html_paragraphs`, so joining the lines of a
paragraph with newlines gives the same paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from .lineshape import normalize_space
from .paragraphs import BLOCK_TAGS, SKIP_TAGS

__all__ = ["Line", "page_lines", "paragraph_texts", "owner_path", "element_text"]

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Line:
    """One visible line of a page."""

    text: str
    #: the lowest element holding all of the line's text
    owner: lxml.html.HtmlElement
    #: the paragraph the line belongs to (an index into the page's paragraphs)
    para: int
    #: the line's position on the page
    index: int
    #: inside a ``<figcaption>``
    caption: bool = False
    #: how many of the line's words are the text of a link (``<a>``)
    link_words: int = 0


def page_lines(root: lxml.html.HtmlElement) -> list[Line]:
    """Every visible line under ``root`` (scripts, styles and the head are skipped)."""
    walker = _Walker()
    body = root.find("body") if root.tag == "html" else root
    walker.walk(body if body is not None else root)
    walker.end_paragraph()
    return walker.lines


def paragraph_texts(lines: list[Line], captions: bool = False) -> list[str]:
    """The lines grouped back into paragraphs: what ``html_paragraphs`` gives (its
    ``captions`` with ``captions=True``)."""
    paras: dict[int, list[str]] = {}
    for line in lines:
        if line.caption != captions:
            continue
        paras.setdefault(line.para, []).append(line.text)
    return ["\n".join(texts) for _, texts in sorted(paras.items())]


def element_text(element: lxml.html.HtmlElement) -> str:
    """Visible text of one element on one line (tags dropped, spaces collapsed)."""
    lines = page_lines(element)
    return " ".join(line.text for line in lines)


def owner_path(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element and its ancestors, root first."""
    path = [element, *element.iterancestors()]
    path.reverse()
    return path


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._pieces: list[str] = []
        self._owners: list[lxml.html.HtmlElement] = []
        self._para = 0
        self._para_used = False
        self._in_pre = 0
        self._after_br = False
        self._in_caption = 0
        self._in_link = 0
        self._link_words = 0

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comment or processing instruction
            return
        tag = tag.lower()
        if tag in SKIP_TAGS:
            return
        block = tag in BLOCK_TAGS
        if block:
            self.end_paragraph()
            self._after_br = False
        if tag == "br":
            if self._after_br and not any(p.strip() for p in self._pieces):
                self.end_paragraph()  # <br><br>: a blank line
            self.end_line()
            self._after_br = True
        self._in_pre += tag == "pre"
        self._in_caption += tag == "figcaption"
        self._in_link += tag == "a"
        if element.text:
            self._add(element.text, element)
        for child in element:
            self.walk(child)
            if child.tail:
                self._add(child.tail, element)
        self._in_link -= tag == "a"
        if block:
            self.end_paragraph()
        self._in_pre -= tag == "pre"
        self._in_caption -= tag == "figcaption"

    def _add(self, text: str, owner: lxml.html.HtmlElement) -> None:
        if self._in_pre:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self.end_line()
                self._piece(part, owner)
            return
        parts = _BLANK_LINE.split(text)
        for i, part in enumerate(parts):
            if i:
                self.end_paragraph()
            lines = part.split("\n")
            for j, line in enumerate(lines):
                # a single newline in HTML text is a space, not a line break
                self._piece(line if j == 0 else " " + line, owner)

    def _piece(self, text: str, owner: lxml.html.HtmlElement) -> None:
        if not text:
            return
        self._pieces.append(text)
        if text.strip():
            self._owners.append(owner)
            self._after_br = False
            if self._in_link:
                self._link_words += len(text.split())

    def end_line(self) -> None:
        text = normalize_space(_SPACE.sub(" ", "".join(self._pieces)))
        if text and self._owners:
            self.lines.append(Line(text, _lowest_common(self._owners), self._para, len(self.lines),
                                   self._in_caption > 0, self._link_words))
            self._para_used = True
        self._pieces = []
        self._owners = []
        self._link_words = 0

    def end_paragraph(self) -> None:
        self.end_line()
        if self._para_used:
            self._para += 1
            self._para_used = False


def _lowest_common(owners: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement:
    first = owners[0]
    if all(o is first for o in owners):
        return first
    common = owner_path(first)
    for other in owners[1:]:
        if other is first:
            continue
        path = owner_path(other)
        n = 0
        while n < len(common) and n < len(path) and common[n] is path[n]:
            n += 1
        common = common[:n]
    return common[-1] if common else first
