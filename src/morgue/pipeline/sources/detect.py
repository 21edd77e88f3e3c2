"""Telling a source's format from its content: the first bytes of a file, a sample of a folder."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Callable

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
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIX = ".txt"
XML_SUFFIX = ".xml"

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
    """The format most of a folder's sampled files have (a folder can hold several:
    each file is read by its own, see :class:`.folder.FolderSource`)."""
    kinds, scanned = folder_formats(where)
    if kinds:
        return kinds.most_common(1)[0][0]
    raise UnknownFormat(
        f"cannot tell what {where} is: no saved pages, text files, WARC/ARC files or exports "
        f"among the {scanned} files looked at; {_HINT}"
    )


def folder_formats(where: str) -> tuple[Counter[str], int]:
    """How many of a sample of a folder's files have each format, and how many were
    looked at (the first DIR_SAMPLE_FILES that have one, of at most DIR_SCAN_LIMIT)."""
    kinds: Counter[str] = Counter()
    decided = scanned = 0
    for entry in iter_entries(where, SKIP_DIRS):
        if scanned >= DIR_SCAN_LIMIT or decided >= DIR_SAMPLE_FILES:
            break
        scanned += 1
        if not entry.readable:
            continue
        name = entry.locator.rsplit("/", 1)[-1]
        kind = file_format(name, lambda: read_head(entry.path, SNIFF_BYTES))
        if kind:
            kinds[kind] += 1
            decided += 1
    return kinds, scanned


def file_format(name: str, head: Callable[[], bytes]) -> str | None:
    """The format of one file of a folder, from its name and (when the name does not
    settle it) its first bytes, or None when it is none of them (an asset, a note).

    ``head`` reads the first bytes; it is called only when needed and may raise OSError.
    """
    lower = name.lower()
    if lower in SKIP_NAMES:
        return None
    if is_archive_name(lower):
        return archive_format(head()) or "warc"  # named so: the reader says what is wrong
    kind = classify(name)
    if kind is Kind.PAGE:
        return "mirror"
    if lower.endswith(TEXT_SUFFIX):
        # a .txt that holds HTML is a saved page (some mirrors save them so)
        return "mirror" if looks_like_html(head()) else "textdump"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(CSV_SUFFIXES):
        data = head()
        return "csv" if _looks_like_csv(data, name, truncated=len(data) >= SNIFF_BYTES) else None
    if kind is Kind.SKIP and not lower.endswith(XML_SUFFIX):
        return None
    data = head()
    found = archive_format(data)
    if found:
        return found
    start = strip_leading(data)
    if start[:HTML_SNIFF_BYTES].lower().startswith((b"<?xml", b"<rss")) and b"wordpress.org/export/" in data:
        return "wxr"
    if _html_maybe_gzipped(data):
        return "mirror"
    return None


def skip_reason(name: str) -> tuple[str, str]:
    """(kind, reason) for a file of a folder that has no format (see :func:`file_format`)."""
    lower = name.lower()
    if lower in SKIP_NAMES:
        return "crawler file", "the crawler's own file (log, robots.txt…), not a page"
    suffix = lower.rsplit(".", 1)[-1] if "." in lower.strip(".") else ""
    if classify(name) is Kind.SKIP and suffix:
        return f".{suffix} file", f"an asset or document of the site (.{suffix}), not a page"
    if lower.endswith(CSV_SUFFIXES):
        return "table", "named like a CSV export, but its rows do not fit a header row"
    return "other file", ("neither a saved page nor a text dump (.txt), an archive or an export, "
                          "by its name and first bytes; give --format to read it as one")


def _html_maybe_gzipped(head: bytes) -> bool:
    if head.startswith(GZIP_MAGIC):
        head = peek_gunzip(head, HTML_SNIFF_BYTES)
    return looks_like_html(head)
