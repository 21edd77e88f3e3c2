"""The last candidate: the plain text of a document, read without building a tree.

lxml (libxml2) stops at 256 levels of nesting and gives up on some broken markup, and
the extractors built on it then find nothing. Python's own HTML parser streams tags
without a tree or a depth limit, so whatever text a page shows can still be read: the
text outside ``<script>``, ``<style>`` and ``<head>``, split into paragraphs at block
tags. It knows nothing of chrome; it only runs when every other candidate failed.
"""

from __future__ import annotations

from html.parser import HTMLParser

from .lineshape import normalize_space

# tags whose content is never text a reader sees
_HIDDEN = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})
# tags that end a paragraph
_BLOCKS = frozenset({
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt", "hr", "header",
    "footer", "main", "aside", "nav", "form", "center", "body", "html",
})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)

    def flush(self) -> None:
        text = normalize_space("".join(self.current))
        if text:
            self.paragraphs.append(text)
        self.current = []


def document_paragraphs(html: str) -> list[str]:
    """The visible text of an HTML document as paragraphs (see the module doc)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.paragraphs
