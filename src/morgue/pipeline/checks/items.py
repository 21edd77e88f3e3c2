"""Building a :class:`CheckItem` from a capture and its article.

The checks compare an article with the visible text of its own capture (truncation, a
paragraph the extractor kept once but the page printed twice). This is the one place
that says what "visible text" is, so the archive loader, tests and benchmarks agree:
the text blocks of an HTML ``<body>`` one per line, the decoded text of a dump, and the
body of an export record.
"""

from __future__ import annotations

from ..decode import decode
from ..extract.kinds import page_kind
from ..extract.paragraphs import html_paragraphs, parse_document
from ..records import Article, CheckItem, RawPage

__all__ = ["capture_text", "check_item"]


def capture_text(page: RawPage) -> str | None:
    """The visible text of a capture, one block per line; None when it has none."""
    kind = page_kind(page)
    if kind == "html":
        root = parse_document(decode(page.content, page.declared_charset, html=True).text)
        if root is None:
            return None
        body = root.find("body")
        found = html_paragraphs(body if body is not None else root)
        return "\n".join([*found.paragraphs, *found.captions]) or None
    if kind == "text":
        return decode(page.content, page.declared_charset, html=False).text or None
    if kind == "export":
        raw = page.fields.get("body_html") or page.fields.get("body_text")
        if not raw:
            return None
        return "\n".join(html_paragraphs(str(raw)).paragraphs) if page.fields.get("body_html") else str(raw)
    return None


def check_item(key: int | str, page: RawPage, article: Article,
               legacy_urls: list[str] | None = None) -> CheckItem:
    """What the checks may look at for the article extracted from ``page``."""
    return CheckItem(key=key, article=article, captured_at=page.captured_at,
                     http_status=page.http_status, capture_text=capture_text(page),
                     legacy_urls=list(legacy_urls or []))
