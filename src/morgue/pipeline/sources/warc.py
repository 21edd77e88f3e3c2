"""WARC and ARC files, gzipped or not, read with warcio; one file or a folder of them.

warcio finds the records; the payload's HTTP encodings are undone in ``payload`` so
that damage is reported rather than smoothed over.

Every response (or resource) record whose payload is a page yields a RawPage: HTML or
text, whatever its HTTP status, because an error page captured as an article is
something the checks must find. Requests, revisits, metadata and assets are skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from morgue.pipeline.records import RawPage, SourceProblem

from .base import FileSource
from .files import GZIP_MAGIC, Entry, iter_entries, peek_gunzip
from .mirror import SKIP_SUFFIXES
from .payload import decode_payload
from .sniff import HTML_SNIFF_BYTES, binary_reason, looks_like_html

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
WARC_RECORD_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}
)
PAGE_MIMES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# types servers send when they do not know: the payload decides
VAGUE_MIMES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "unknown/unknown", "application/unknown"}
)
# What warcio raises on damaged input. AttributeError is in the list because warcio
# 1.7/1.8 trips over a record cut inside its headers with
# "'NoneType' object has no attribute 'startswith'" rather than a parse error.
WARCIO_ERRORS: tuple[type[Exception], ...] = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    EOFError,
    OSError,
    zlib.error,
    ValueError,
    AttributeError,
    IndexError,
)
# read size when checking the last gzip member
_TAIL_CHUNK = 1024 * 1024
# bytes peeked to tell an ARC file from a WARC file
_FORMAT_PEEK_BYTES = 64


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_format(head: bytes) -> str | None:
    """"warc" or "arc" from the first bytes of a file (gzipped or not), else None."""
    if head.startswith(GZIP_MAGIC):
        head = peek_gunzip(head, _FORMAT_PEEK_BYTES)
    head = head.lstrip(b"\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    return None


def split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=UTF-8`` -> (``text/html``, ``UTF-8``)."""
    if not value:
        return None, None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'") or None
    return mime.strip().lower() or None, charset


def parse_warc_date(value: str | None) -> dt.datetime | None:
    """WARC-Date (ISO 8601, ``Z`` or fractional seconds allowed) as an aware UTC datetime."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


# what a misconfigured server may send as text/plain; .txt stays, a text story can be one
_ASSET_SUFFIXES = SKIP_SUFFIXES - {".txt"}


def _url_is_asset(url: str | None) -> bool:
    if not url:
        return False
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    last = path.rsplit("/", 1)[-1]
    dot = last.rfind(".")
    return last == "robots.txt" or (dot > 0 and last[dot:] in _ASSET_SUFFIXES)


class WarcSource(FileSource):
    """Pages from WARC/ARC files, file by file in sorted order, record by record."""

    __slots__ = ()

    def _archives(self) -> Iterator[Entry]:
        single = not os.path.isdir(self.path)
        for entry in iter_entries(self.path):
            if single or entry.error is not None or is_archive_name(entry.locator):
                yield entry

    def estimate(self) -> int | None:
        return None  # counting records means reading (and gunzipping) every file

    def pages(self) -> Iterator[RawPage | SourceProblem]:
        for entry in self._archives():
            if entry.error is not None:
                yield self.problem(entry.locator, f"cannot list folder: {entry.error}")
                continue
            try:
                fh = open(entry.path, "rb")
            except OSError as exc:
                yield self.problem(entry.locator, f"cannot read file: {exc.strerror or exc}")
                continue
            with fh:
                yield from self._file_pages(entry, fh)

    def _file_pages(self, entry: Entry, fh: BinaryIO) -> Iterator[RawPage | SourceProblem]:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            yield self.problem(entry.locator, "empty file")
            return
        page_format = archive_format(fh.read(HTML_SNIFF_BYTES)) or self.format
        fh.seek(0)
        records = ArchiveIterator(fh, arc2warc=True)
        # records.offset is where the record being read starts, and once the iterator
        # is done, where the readable data ended
        last_start: int | None = None
        troubled = False
        try:
            for record in records:
                last_start = records.offset
                locator = f"{entry.locator}@{last_start}"
                if record.rec_type not in WARC_RECORD_TYPES or record.length is None:
                    # a header cut short: without its length nothing after it can be found
                    yield self.problem(
                        locator,
                        f"record at offset {last_start} of {entry.locator} has an incomplete "
                        f"header (type {record.rec_type!r}, length {record.length}): truncated or "
                        "corrupt file; the rest of the file is skipped",
                    )
                    return
                yielded = False
                for item in self._record(record, locator, page_format):
                    yielded = True
                    troubled = troubled or isinstance(item, SourceProblem)
                    yield item
                # read to the record's end (warcio skips what was not read), so a cut
                # inside a record that is not a page is noticed too
                records.get_record_offset()
                if not yielded and _missing_bytes(record):
                    troubled = True
                    yield self.problem(locator, f"truncated {record.rec_type} record (not a page)")
        except WARCIO_ERRORS as exc:
            yield self.problem(
                f"{entry.locator}@{records.offset}",
                f"cannot read record at offset {records.offset} of {entry.locator}: "
                f"{type(exc).__name__}: {exc}; the rest of the file is skipped",
            )
            return
        end = records.offset
        if end < size:
            # warcio ends quietly when a gzip member is cut inside the record headers
            yield self.problem(
                f"{entry.locator}@{end}",
                f"{size - end} bytes at offset {end} of {entry.locator} are not a "
                "complete record (truncated or corrupt file)",
            )
        elif last_start is not None and not troubled and not _ends_cleanly(fh, last_start, page_format):
            yield self.problem(
                f"{entry.locator}@{last_start}",
                f"the last record (offset {last_start}) of {entry.locator} is cut short: "
                "the file is truncated",
            )

    def _record(self, record: ArcWarcRecord, locator: str, page_format: str) -> Iterator[RawPage | SourceProblem]:
        """The page in a record, if it holds one, or the problem reading it."""
        if record.rec_type not in PAGE_RECORD_TYPES:
            return
        url = record.rec_headers.get_header("WARC-Target-URI")
        http = record.http_headers
        if record.rec_type == "response" and http is None:
            return  # dns:, whois: and other non-HTTP responses
        if http is not None:
            status_text = http.get_statuscode()
            status = int(status_text) if status_text.isdigit() else None
            headers: list[tuple[str, str]] | None = [(name, value) for name, value in http.headers]
            mime, charset = split_content_type(http.get_header("Content-Type"))
        else:
            status, headers = None, None
            mime, charset = split_content_type(record.rec_headers.get_header("Content-Type"))
        vague = (mime or "") in VAGUE_MIMES
        if not vague and (mime not in PAGE_MIMES or (mime != "text/html" and _url_is_asset(url))):
            return  # images, stylesheets, scripts, feeds, documents
        try:
            raw = record.raw_stream.read()
        except WARCIO_ERRORS as exc:
            yield self.problem(locator, f"cannot read payload: {type(exc).__name__}: {exc}")
            return
        missing = _missing_bytes(record)
        content, damage = raw, None
        if http is not None:
            content, damage = decode_payload(
                raw, http.get_header("Transfer-Encoding"), http.get_header("Content-Encoding")
            )
        if vague:
            if not looks_like_html(content[:HTML_SNIFF_BYTES]):
                return
            mime = "text/html"
        if missing:
            yield self.problem(
                locator,
                f"truncated record: {missing} of its {record.length} bytes are missing",
                content,
            )
            return
        if damage:
            yield self.problem(locator, f"damaged payload: {damage}", content)
            return
        junk = binary_reason(content) if content else None
        if junk:
            yield self.problem(locator, f"{mime} payload is {junk}", content)
            return
        yield RawPage(
            content=content,
            source=self.path,
            locator=locator,
            format=page_format,
            legacy_url=url,
            captured_at=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
            content_type=mime,
            declared_charset=charset,
            http_status=status,
            http_headers=headers,
        )
        warning = self.oversize(locator, len(content))
        if warning:
            yield warning


def _missing_bytes(record: ArcWarcRecord) -> int:
    """Bytes of the record's declared length that the file did not have (0 if whole)."""
    remaining = getattr(record.raw_stream, "limit", 0)
    return remaining if isinstance(remaining, int) else 0


def _ends_cleanly(fh: BinaryIO, last_start: int, page_format: str) -> bool:
    """Whether the file's last record ends as writers end one.

    warcio reads a record cut inside its HTTP headers, or a gzip member missing its
    trailer, without complaint; but a WARC record is always followed by CRLF CRLF and
    an ARC record by LF, and a complete gzip member has an end marker.
    """
    ending = b"\r\n\r\n" if page_format == "warc" else b"\n"
    fh.seek(last_start)
    if fh.read(2) != GZIP_MAGIC:
        fh.seek(-len(ending), os.SEEK_END)
        return fh.read(len(ending)) == ending
    fh.seek(last_start)
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    tail = b""
    try:
        while chunk := fh.read(_TAIL_CHUNK):
            tail = (tail + inflater.decompress(chunk))[-len(ending) :]
            if inflater.eof:
                break
    except zlib.error:
        return False
    return inflater.eof and tail == ending
