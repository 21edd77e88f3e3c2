"""Telling a source's format from its content: the first bytes of a file, a sample of a folder."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from morgue.pipeline.records import FORMATS

from .base import UnknownFormat
from .exports import CSV_DELIMITERS, sniff_delimiter
from .files import GZIP_MAGIC, iter_entries, peek_gunzip, read_head
from .mirror import SKIP_DIRS, SKIP_NAMES, Kind, classify
from .sniff import HTML_SNIFF_BYTES, looks_like_html, looks_like_text, strip_leading
from .warc import archive_format, is_archive_name

# bytes of a file looked at; enough for several JSON lines or CSV rows
SNIFF_BYTES = 64 * 1024
# files of a folder whose kind is settled before deciding (each may be opened)
DIR_SAMPLE_FILES = 200
# files of a folder looked at in all, so a folder of images cannot keep us walking
DIR_SCAN_LIMIT = 5000
# complete JSON lines that must parse as objects for a file to be JSON Lines
JSONL_PROBE_LINES = 5
# CSV rows (after the header) that must have the header's width
CSV_PROBE_ROWS = 20
# Share of probed lines/rows that must fit the format. A bad line or two is a fault the
# reader reports, not a sign of another format; text dumps fail this by a wide margin.
MIN_CONSISTENT_SHARE = 0.8
# ...and when the file is named .csv/.tsv, which is evidence in itself
MIN_NAMED_CSV_SHARE = 0.5
# a header cell longer than this is a sentence, not a column name
MAX_HEADER_CELL = 64
CSV_SUFFIXES = (".csv", ".tsv")
TEXT_SUFFIX = ".txt"

_R = TypeVar("_R")
_HINT = "use --format " + "|".join(FORMATS)


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file or folder, one of records.FORMATS, judged by content.

    Raises UnknownFormat when the content fits no format, FileNotFoundError when there
    is nothing at ``path``.
    """
    where = os.fspath(path)
    if os.path.isdir(where):
        return _detect_folder(where)
    try:
        head = read_head(where, SNIFF_BYTES)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise UnknownFormat(f"cannot tell what {where} is: cannot read it ({exc.strerror or exc})") from exc
    return _detect_file(where, head)


def _detect_file(where: str, head: bytes) -> str:
    if not head:
        raise UnknownFormat(f"cannot tell what {where} is: it is empty")
    archive = archive_format(head)
    if archive:
        return archive
    gzipped = head.startswith(GZIP_MAGIC)
    if gzipped:
        head = peek_gunzip(head, SNIFF_BYTES)
    start = strip_leading(head)
    lower = start[:HTML_SNIFF_BYTES].lower()
    if lower.startswith((b"<?xml", b"<rss")):
        if b"<rss" in head.lower() and b"wordpress.org/export/" in head and not gzipped:
            return "wxr"
        # XHTML opens like XML; only an <html> element makes it a page
        if not any(marker in lower for marker in (b"<html", b"<!doctype html")):
            raise UnknownFormat(f"cannot tell what {where} is: XML, but not a WordPress export (WXR); {_HINT}")
    if looks_like_html(start):
        return "mirror"  # one saved page (gzipped or not)
    if gzipped:
        raise UnknownFormat(
            f"cannot tell what {where} is: gzip-compressed, and not a WARC/ARC file or an HTML page; "
            f"gunzip it first, then {_HINT}"
        )
    if start.startswith(b"{") and _looks_like_jsonl(start, truncated=len(head) >= SNIFF_BYTES):
        return "jsonl"
    if start.startswith(b"[") and start[1:].lstrip().startswith((b"{", b"[", b"]")):
        raise UnknownFormat(
            f"cannot tell what {where} is: a JSON array, not JSON Lines; convert it with "
            f"jq -c '.[]' {os.path.basename(where)} > export.jsonl"
        )
    if not looks_like_text(head):
        raise UnknownFormat(
            f"cannot tell what {where} is: binary data, not a page, an archive, an export or text; {_HINT}"
        )
    if _looks_like_csv(head, where, truncated=len(head) >= SNIFF_BYTES):
        return "csv"
    return "textdump"


def _looks_like_jsonl(head: bytes, truncated: bool) -> bool:
    lines = [line for line in head.split(b"\n") if line.strip()]
    if truncated:
        lines = lines[:-1]  # the last line may be cut off
    probed = lines[:JSONL_PROBE_LINES]
    if not probed:
        # a first record longer than the sample: an object opening with a key will do
        return head.lstrip(b"{ \t\r\n").startswith(b'"')
    # no text dump or CSV opens with a JSON object line; and after that a broken line
    # or two is the export's problem to report, not a sign of another format
    if _is_json_object(probed[0]):
        return True
    objects = sum(1 for line in probed if _is_json_object(line))
    return objects >= len(probed) * MIN_CONSISTENT_SHARE


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


def _looks_like_csv(head: bytes, where: str, truncated: bool) -> bool:
    text = head.decode("utf-8", errors="replace")
    if truncated:
        text = text[: text.rfind("\n") + 1]
    delimiter = sniff_delimiter(text)
    if delimiter not in CSV_DELIMITERS:
        return False
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    except csv.Error:
        return False
    if not rows:
        return False
    header, data = rows[0], rows[1 : 1 + CSV_PROBE_ROWS]
    if len(header) < 2 or not all(0 < len(cell.strip()) <= MAX_HEADER_CELL for cell in header):
        return False
    named_csv = where.lower().endswith(CSV_SUFFIXES)
    if not data:
        return named_csv  # a header alone says little; trust the name then
    consistent = sum(1 for row in data if len(row) == len(header))
    return consistent >= len(data) * (MIN_NAMED_CSV_SHARE if named_csv else MIN_CONSISTENT_SHARE)


def _detect_folder(where: str) -> str:
    kinds: Counter[str] = Counter()
    decided = scanned = 0
    for entry in iter_entries(where, SKIP_DIRS):
        if scanned >= DIR_SCAN_LIMIT or decided >= DIR_SAMPLE_FILES:
            break
        scanned += 1
        if entry.error is not None:
            continue
        kind = _file_kind(entry.path, entry.locator.rsplit("/", 1)[-1])
        if kind:
            kinds[kind] += 1
            decided += 1
    archives = kinds["warc"] + kinds["arc"]
    if archives and kinds["page"]:
        raise UnknownFormat(
            f"cannot tell what {where} is: it holds both WARC/ARC files ({archives}) and saved pages "
            f"({kinds['page']}) among the first {decided} files looked at; {_HINT}"
        )
    if archives:
        return "warc" if kinds["warc"] else "arc"
    if kinds["text"] > kinds["page"]:
        return "textdump"
    if kinds["page"]:
        return "mirror"
    raise UnknownFormat(
        f"cannot tell what {where} is: no saved pages, text files or WARC/ARC files among the "
        f"{scanned} files looked at; {_HINT}"
    )


def _file_kind(path: str, name: str) -> str | None:
    """"page", "text", "warc", "arc" or None for one file of a folder."""
    lower = name.lower()
    if is_archive_name(lower):
        return _peek(path, archive_format) or None
    if lower in SKIP_NAMES:
        return None
    if lower.endswith(TEXT_SUFFIX):
        # a .txt that holds HTML is a saved page (some mirrors save them so)
        return "page" if _peek(path, looks_like_html) else "text"
    kind = classify(name)
    if kind is Kind.PAGE:
        return "page"
    if kind is Kind.SNIFF and _peek(path, _html_maybe_gzipped):
        return "page"
    return None


def _html_maybe_gzipped(head: bytes) -> bool:
    if head.startswith(GZIP_MAGIC):
        head = peek_gunzip(head, HTML_SNIFF_BYTES)
    return looks_like_html(head)


def _peek(path: str, test: Callable[[bytes], _R]) -> _R | None:
    """``test`` applied to the first bytes of a file; None if it cannot be read."""
    try:
        head = read_head(path, HTML_SNIFF_BYTES)
    except OSError:
        return None
    return test(head)
