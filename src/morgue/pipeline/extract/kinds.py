"""Which extractor a page needs: HTML, plain text, a CMS export record, or none."""

from __future__ import annotations

from typing import Literal

from ..records import RawPage

__all__ = ["PageKind", "page_kind", "EXPORT_FORMATS"]

PageKind = Literal["html", "text", "export", "other"]

#: Source formats whose pages carry ready-made fields (``RawPage.fields``).
EXPORT_FORMATS = frozenset({"jsonl", "csv", "wxr"})

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})

#: How far to look for HTML tags when a page has no content type.
SNIFF_BYTES = 1024
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<p>", b"<div", b"<title")


def page_kind(page: RawPage) -> PageKind:
    if page.format in EXPORT_FORMATS:
        return "export"
    if page.format == "textdump":
        return "text"
    content_type = (page.content_type or "").split(";")[0].strip().lower()
    if content_type in HTML_TYPES:
        return "html"
    if content_type in TEXT_TYPES:
        return "text"
    if content_type:
        return "other"
    head = page.content[:SNIFF_BYTES].lower()
    if any(marker in head for marker in _HTML_MARKERS):
        return "html"
    if b"\x00" in head:
        return "other"
    return "text"
