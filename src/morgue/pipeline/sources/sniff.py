"""Telling what bytes are by looking at their start, as browsers do (WHATWG MIME sniffing).

These look for markers in the first bytes; they do not parse anything.
"""

from __future__ import annotations

import codecs

# Browsers decide "is this HTML" from the first 512 bytes; legacy pages often open
# with a long comment or a PHP warning, so we look a little further.
HTML_SNIFF_BYTES = 2048
# Share of control bytes above which a sample is binary rather than text. Text in any
# 8-bit encoding has almost none (tabs and newlines excepted); random or compressed
# data has about 12%.
MAX_CONTROL_RATIO = 0.01

# bytes of a page looked at to tell a text page from binary data under a page's name
BINARY_SNIFF_BYTES = 4096

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_LEADING_JUNK = b" \t\r\n\x0c" + codecs.BOM_UTF8
# found anywhere in the first bytes, these make a document HTML
_STRONG_HTML_MARKERS = (b"<!doctype html", b"<html")
# found in a document that starts with "<", these do
_WEAK_HTML_MARKERS = (b"<head", b"<body", b"<title", b"<meta", b"<frameset", b"<p>", b"<div", b"<table")
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")


def _ascii_view(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes, so markers can be found in UTF-16 pages too."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return head


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a document look like an HTML page."""
    sample = _ascii_view(head[:HTML_SNIFF_BYTES]).lstrip(_LEADING_JUNK).lower()
    if any(marker in sample for marker in _STRONG_HTML_MARKERS):
        return True
    if sample.startswith(b"<!doctype"):
        return False  # a doctype, but not HTML's: SGML or XML of some other kind
    return sample.startswith(b"<") and any(marker in sample for marker in _WEAK_HTML_MARKERS)


def looks_like_text(sample: bytes) -> bool:
    """Whether a sample is text in some encoding rather than binary data."""
    if not sample:
        return False
    if sample.startswith(_UTF16_BOMS):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls / len(sample) <= MAX_CONTROL_RATIO


def binary_reason(content: bytes) -> str | None:
    """Why a page's bytes are not a page at all (binary data), or None if they are text."""
    if looks_like_text(content[:BINARY_SNIFF_BYTES]):
        return None
    return f"binary data, not a page (NUL or control bytes in its first {BINARY_SNIFF_BYTES} bytes)"


def strip_leading(head: bytes) -> bytes:
    """The head without a UTF-8 byte-order mark and leading whitespace."""
    return head.lstrip(_LEADING_JUNK)
