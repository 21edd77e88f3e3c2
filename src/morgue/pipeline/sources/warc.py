"""WARC and ARC files, gzipped or not: one file, or the archives in a folder.

:mod:`.warcscan` finds where each record starts and ends (and where reading resumes
after a damaged one); warcio parses each record; the payload's HTTP encodings are undone
in :mod:`.payload`, so that damage is reported rather than smoothed over.

Every record is accounted for. A response (or resource) record whose payload is a page
yields a RawPage: HTML or text, whatever its HTTP status, because an error page captured
as an article is something the checks must find. Every other record is a
:class:`~morgue.pipeline.records.Skipped` saying what it is (a request, a revisit, crawl
metadata, an image, a JSON answer…); a damaged record is a SourceProblem with its bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zlib
from collections.abc import Iterator
from itertools import islice
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.bufferedreaders import BufferedReader, ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParserException

from morgue.pipeline.quiet import captured
from morgue.pipeline.records import RawPage, SourceItem, SourceProblem

from .base import FileSource
from .files import GZIP_MAGIC, Entry, open_file, peek_gunzip
from .mirror import SKIP_SUFFIXES
from .payload import decode_payload
from .sniff import HTML_SNIFF_BYTES, binary_reason, looks_like_html
from .warcscan import ArchiveStream, Span, spans

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# what the other record types are, for the archivist
OTHER_RECORDS = {
    "warcinfo": "about the crawl file itself, not a page",
    "request": "the crawler's request (method and headers), not a page",
    "metadata": "crawl metadata (outlinks, logs), not a page",
    "revisit": "the crawler saw this address again; the content is an earlier record's",
    "conversion": "a converted copy of another record's content",
    "continuation": "the rest of a record split over several (segmented records are not joined)",
}
PAGE_MIMES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# types servers send when they do not know: the payload decides
VAGUE_MIMES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "unknown/unknown", "application/unknown"}
)
# Target URI schemes of web pages; crawlers also write dns:, whois:, metadata:// and
# file: records, which are not pages of the site.
WEB_SCHEMES = frozenset({"http", "https", ""})
# HTTP answers that carry no page: a redirect, "no content", "not modified"
EMPTY_ANSWERS = frozenset({204, 301, 302, 303, 304, 307, 308})
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


def _whole_payload(http, raw: bytes) -> bytes | None:
    """The payload of a record cut short at the end of its file, when the HTTP answer's
    own Content-Length shows it is all there (ARC files whose header lines were
    rewritten with other line ends are a few bytes short of their declared length)."""
    declared = http.get_header("Content-Length") if http is not None else None
    if declared is None or not declared.strip().isdigit():
        return None
    size = int(declared)
    return raw[:size] if len(raw) >= size else None


def _url_is_asset(url: str | None) -> bool:
    if not url:
        return False
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    last = path.rsplit("/", 1)[-1]
    dot = last.rfind(".")
    return last == "robots.txt" or (dot > 0 and last[dot:] in _ASSET_SUFFIXES)


class WarcSource(FileSource):
    """Every record of a WARC/ARC file, in file order (a folder: :class:`.folder.FolderSource`)."""

    __slots__ = ()

    def estimate(self) -> int | None:
        return None  # counting records means reading (and gunzipping) every file

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        return self.read_range(entry, 0, None)

    def read_range(self, entry: Entry, start: int, stop: int | None) -> Iterator[SourceItem]:
        """The pages of records ``start`` to ``stop`` (counted as :meth:`count_records`
        does: every record and every damaged stretch), so two workers can share one big
        file. The records before ``start`` are scanned, not parsed."""
        try:
            fh = open_file(entry.path)
        except OSError as exc:
            if start == 0:
                yield self.unreadable(entry.locator, exc)
            return
        with fh:
            yield from self._file_items(entry, fh, start, stop)

    def count_records(self, entry: Entry) -> int | None:
        """Records (and damaged stretches) in the file: one scan, nothing parsed."""
        try:
            with open_file(entry.path) as fh:
                return sum(1 for _ in self._spans(fh)[1])
        except OSError:
            return None

    def _spans(self, fh: BinaryIO) -> tuple[str, Iterator[Span]]:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return self.format, iter(())
        head = fh.read(HTML_SNIFF_BYTES)
        page_format = archive_format(head) or self.format
        stream = ArchiveStream(fh, size, head.startswith(GZIP_MAGIC), self.options.read_limit)
        kind = "arc" if page_format == "arc" else "warc"
        return page_format, spans(stream, self.options.read_limit, kind)

    def _file_items(self, entry: Entry, fh: BinaryIO, start: int = 0, stop: int | None = None
                    ) -> Iterator[SourceItem]:
        if os.fstat(fh.fileno()).st_size == 0:
            if start == 0:
                yield self.problem(entry.locator, "empty file")
            return
        page_format, found = self._spans(fh)
        for span in islice(found, start, stop):
            yield from self._span_items(span, f"{entry.locator}@{span.where}", page_format)

    def _span_items(self, span: Span, locator: str, page_format: str) -> Iterator[SourceItem]:
        where = f"at offset {span.where}"
        if span.junk:
            yield self.problem(locator, span.error or "damaged data", span.data)
            return
        if span.header is None or span.data is None:
            yield self.problem(locator, f"record {where}: {span.error}", span.data)
            return
        with captured() as noise:
            try:
                record = ArcWarcRecordLoader(arc2warc=True).parse_record_stream(
                    BufferedReader(io.BytesIO(span.data)))
                items = list(self._record(record, locator, page_format, span))
            except WARCIO_ERRORS as exc:
                why = f"{span.error}; " if span.error else ""
                items = [self.problem(locator, f"record {where} cannot be read: {why}"
                                               f"{type(exc).__name__}: {exc}", span.data)]
        if noise:
            # one problem per place: a second one there would supersede the first
            said = "warcio said: " + "; ".join(noise)
            problem = next((i for i in items if isinstance(i, SourceProblem)), None)
            if problem is None:
                items.append(self.problem(locator, said, severity="warning"))
            else:
                problem.reason += f" ({said})"
        yield from items

    def _record(self, record: ArcWarcRecord, locator: str, page_format: str,
                span: Span) -> Iterator[SourceItem]:
        """The page in a record, or why it is not one, or the problem reading it."""
        damage = span.error
        kind = record.rec_type or "untyped"
        if kind not in PAGE_RECORD_TYPES:
            if damage:
                yield self.problem(locator, f"damaged {kind} record (not a page): {damage}", span.data)
            else:
                yield self.skip(locator, f"{kind} record",
                                OTHER_RECORDS.get(kind, f"a {kind} record, not a page"))
            return
        url = record.rec_headers.get_header("WARC-Target-URI")
        scheme = urlsplit(url or "").scheme.lower()
        if scheme not in WEB_SCHEMES:
            yield self.skip(locator, f"{scheme}: {kind}",
                            f"{url}: not a page of the site (a {scheme}: record of the crawler)")
            return
        http = record.http_headers
        if http is not None:
            status_text = http.get_statuscode() or ""
            status = int(status_text) if status_text.isdigit() else None
            headers: list[tuple[str, str]] | None = [(name, value) for name, value in http.headers]
            mime, charset = split_content_type(http.get_header("Content-Type"))
        else:
            status, headers = None, None
            mime, charset = split_content_type(record.rec_headers.get_header("Content-Type"))
        raw = record.raw_stream.read()
        notes: list[str] = []
        if span.missing and (whole := _whole_payload(http, raw)) is not None:
            # the record's length is off, but the HTTP answer in it is all there
            raw = whole
            notes.append(f"{damage}; but its HTTP payload is whole (Content-Length "
                         f"{len(whole)}), so it is read as complete")
            damage = None
        content, payload_damage = raw, None
        if http is not None:
            content, payload_damage = decode_payload(
                raw, http.get_header("Transfer-Encoding"), http.get_header("Content-Encoding"))
        if damage:
            # whatever it held, its readable bytes are kept with the problem
            yield self.problem(locator, f"{kind} record for {url} is damaged: {damage}",
                               content or span.data)
            return
        if kind == "response" and status is None:
            yield self.problem(locator, f"response record for {url} holds no HTTP response "
                                        f"({record.length} bytes)")
            return
        vague = (mime or "") in VAGUE_MIMES
        if not vague and (mime not in PAGE_MIMES or (mime != "text/html" and _url_is_asset(url))):
            yield self.skip(locator, f"{mime} {kind}", f"{url}: {mime}, not a page")
            return
        if vague:
            if not looks_like_html(content[:HTML_SNIFF_BYTES]):
                yield self.skip(locator, f"{mime or 'untyped'} {kind}",
                                f"{url}: {mime or 'no content type'}, and not HTML")
                return
            mime = "text/html"
        if payload_damage:
            yield self.problem(locator, f"damaged payload: {payload_damage}", content)
            return
        if not content:
            if status in EMPTY_ANSWERS:
                moved = http.get_header("Location") if http is not None else None
                yield self.skip(locator, f"HTTP {status} {kind}",
                                f"{url}: HTTP {status}, no page" + (f" (to {moved})" if moved else ""))
            else:
                yield self.problem(locator, f"{kind} record for {url} has an empty payload"
                                            + (f" (HTTP {status})" if status else ""))
            return
        junk = binary_reason(content)
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
            notes.append(warning.reason)
        if notes:
            yield self.problem(locator, "; ".join(notes), severity="warning")
