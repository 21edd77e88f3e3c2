"""Where the records of a WARC or ARC file are, and where reading resumes after a bad one.

warcio parses a record; this module says where each one starts and ends. A record's
declared length is trusted only where it ends as a record ends: after it come blank
lines, then the end of the file or the next record's header. Where it does not (a wrong
Content-Length, a length that is no number, a record cut short, junk between records),
the span up to the next record header is one damaged record, and reading resumes at that
header, as warcio's own tools and replay software do. One bad record costs one record.

A gzipped file is read as the stream of its members, decompressed one after another:
one record per member as writers make them, a whole file in one member, or a record
split over members all read the same way. A member that is corrupt or cut short is a
break in that stream; reading resumes at the next member that starts a record.

Positions are offsets into that stream; :meth:`ArchiveStream.where` turns one into a
locator: the byte offset in the file (for a gzipped file, of the member the record
starts; ``1234+56`` when it starts 56 bytes into the data of the member at 1234).
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .files import GZIP_MAGIC

#: A record header longer than this is not a header (real ones are well under 4 KB).
HEADER_MAX = 64 * 1024
#: Bytes read at a time when scanning for the next record header, or decompressing.
SCAN_CHUNK = 1024 * 1024
#: An ARC header line is one URL and four (v1) or nine (v2) short fields.
ARC_LINE_MAX = 8 * 1024
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_GZIP_MEMBER = GZIP_MAGIC + b"\x08"  # the magic plus "deflate", the one method in use
_BLANK = b"\r\n"
_WARC_AT = re.compile(rb"WARC/\d")
_WARC_LINE_START = re.compile(rb"(?<=\n)WARC/\d")
_LINE_START = re.compile(rb"(?<=\n)[A-Za-z][A-Za-z0-9+.\-]*:")
_ARC_DATE = re.compile(rb"\d{12,18}")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*([^\r\n]*)")


def header_kind(data: bytes) -> str | None:
    """"warc" or "arc" when ``data`` starts with a record header, else None."""
    if _WARC_AT.match(data):
        return "warc"
    line = data[:ARC_LINE_MAX].split(b"\n", 1)[0]
    if b"\n" in data[: ARC_LINE_MAX + 1] and _is_arc_line(line):
        return "arc"
    return None


def _is_arc_line(line: bytes) -> bool:
    """An ARC record's header line: ``URL IP DATE MIME LENGTH`` (v1) or the ten fields
    of v2, counted from the end, since a URL may hold spaces."""
    fields = line.rstrip(b"\r").split(b" ")
    if len(fields) < 5 or not re.match(rb"[A-Za-z][A-Za-z0-9+.\-]*:", fields[0]):
        return False
    dates = [fields[-3]] + ([fields[-8]] if len(fields) >= 10 else [])
    return any(_ARC_DATE.fullmatch(d) for d in dates)


@dataclass(frozen=True, slots=True)
class Header:
    kind: str  # "warc" or "arc"
    #: bytes of the header, up to where the record's declared length starts counting
    size: int
    #: the declared length, None when it is not a number of bytes
    length: int | None
    #: the declared length as written
    raw_length: str


def read_header(data: bytes) -> Header | str | None:
    """The header at the start of ``data``: a Header; a message when it starts like one
    but does not end within HEADER_MAX; None when no header starts here."""
    kind = header_kind(data)
    if kind is None:
        return None
    if kind == "arc":
        end = data.index(b"\n") + 1
        raw = data[:end].rstrip(b"\r\n").rsplit(b" ", 1)[-1]
    else:
        found = re.search(rb"\r?\n\r?\n", data[:HEADER_MAX])
        if found is None:
            return f"its header does not end within its first {min(len(data), HEADER_MAX)} bytes"
        end = found.end()
        match = _CONTENT_LENGTH.search(data[:end])
        raw = match.group(1).strip() if match else b""
    text = raw.decode("latin-1")
    length = int(text) if text.isdigit() else None
    return Header(kind, end, length, text)


@dataclass(slots=True)
class Break:
    """Damage in a gzip file's member stream, at a position of the decompressed stream."""

    position: int
    #: offset in the file where the damage is (the member, or the junk)
    file_offset: int
    message: str
    #: bytes that could not be decompressed (junk between members), kept with the problem
    junk: bytes = b""
    reported: bool = False


class ArchiveStream:
    """The bytes records are read from: a plain file, or a gzipped file's members
    decompressed in order. Read forward; :meth:`release` lets go of what is behind."""

    def __init__(self, fh: BinaryIO, size: int, gzipped: bool, scan_limit: int) -> None:
        self.fh = fh
        self.file_size = size
        self.gzipped = gzipped
        #: give up on a file after this many bytes without a record header
        self.scan_limit = scan_limit
        self.breaks: list[Break] = []
        # gzip only: decompressed bytes from position self.base on, and the member map
        self._buffer = bytearray()
        self.base = 0
        self._starts: list[int] = []  # decompressed start of each member
        self._offsets: list[int] = []  # file offset of each member
        self._inflater: zlib._Decompress | None = None
        self._next_offset = 0  # file offset of the compressed data not yet read
        self._done = not gzipped

    # --- reading ----------------------------------------------------------------------

    def read(self, pos: int, size: int) -> bytes:
        """Up to ``size`` bytes from ``pos`` (fewer at the end of the stream)."""
        if not self.gzipped:
            self.fh.seek(pos)
            return self.fh.read(size)
        self._fill(pos + size)
        start = pos - self.base
        if start < 0:
            raise ValueError(f"position {pos} was released")
        return bytes(self._buffer[start:start + size])

    def at_end(self, pos: int) -> bool:
        return not self.read(pos, 1)

    def release(self, pos: int) -> None:
        if self.gzipped and pos > self.base:
            del self._buffer[:pos - self.base]
            self.base = pos

    def skip_blank(self, pos: int) -> int:
        """The first position at or after ``pos`` that is not CR or LF."""
        while True:
            data = self.read(pos, 4096)
            stripped = data.lstrip(_BLANK)
            pos += len(data) - len(stripped)
            if stripped or not data:
                return pos

    def where(self, pos: int) -> str:
        """The locator suffix of a record starting at ``pos``."""
        if not self.gzipped:
            return str(pos)
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return str(pos)
        inside = pos - self._starts[i]
        return str(self._offsets[i]) if inside == 0 else f"{self._offsets[i]}+{inside}"

    def break_within(self, start: int, end: int) -> Break | None:
        """The first break after ``start`` and at or before ``end``."""
        return next((b for b in self.breaks if start < b.position <= end), None)

    def find_header(self, start: int, kind: str | None) -> int | None:
        """The next position at or after ``start`` where a record header begins (at the
        start of a line), or where a break resumes the stream; None at the end."""
        pos = start
        scanned = 0
        while True:
            window = self.read(pos - 1, SCAN_CHUNK + ARC_LINE_MAX) if pos > 0 else \
                b"\n" + self.read(0, SCAN_CHUNK + ARC_LINE_MAX)
            resume = next((b.position for b in self.breaks if b.position >= start), None)
            if len(window) <= 1:
                return resume
            found = self._header_in(window, kind)
            hit = None if found is None else pos - 1 + found
            candidates = [p for p in (hit, resume) if p is not None and p < pos + SCAN_CHUNK]
            if candidates:
                return min(candidates)
            if len(window) < SCAN_CHUNK + 1:
                return resume
            pos += SCAN_CHUNK
            scanned += SCAN_CHUNK
            if scanned > self.scan_limit:
                return None

    @staticmethod
    def _header_in(window: bytes, kind: str | None) -> int | None:
        """Index in ``window`` of the first header at a line start (window[0] is the byte
        before the scan's start)."""
        best = None
        if kind in (None, "warc"):
            match = _WARC_LINE_START.search(window)
            best = match.start() if match else None
        if kind in (None, "arc"):
            for match in _LINE_START.finditer(window):
                if best is not None and match.start() >= best:
                    break
                if header_kind(window[match.start():match.start() + ARC_LINE_MAX + 1]) == "arc":
                    best = match.start()
                    break
        return best

    # --- gzip members -----------------------------------------------------------------

    def _fill(self, upto: int) -> None:
        """Decompress until the buffer reaches position ``upto`` or the stream ends."""
        while not self._done and self.base + len(self._buffer) < upto:
            if self._inflater is None and not self._start_member():
                return
            self._inflate_some()

    def _start_member(self) -> bool:
        """Begin the member at the next file offset; note junk and resync past it."""
        self.fh.seek(self._next_offset)
        head = self.fh.read(3)
        if not head or (not head.startswith(GZIP_MAGIC) and not self._rest_is_junk()):
            self._done = True
            return False
        if not head.startswith(_GZIP_MEMBER):
            junk_at = self._next_offset
            resume = self._next_member(junk_at + 1)
            end = resume if resume is not None else self.file_size
            self.fh.seek(junk_at)
            junk = self.fh.read(min(end - junk_at, SCAN_CHUNK))
            self._break(junk_at, f"{end - junk_at} bytes at offset {junk_at} are not gzip data "
                        "(junk between members, or a damaged member)", junk)
            if resume is None:
                self._done = True
                return False
            self._next_offset = resume
        self._starts.append(self.base + len(self._buffer))
        self._offsets.append(self._next_offset)
        self._inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
        self.fh.seek(self._next_offset)
        return True

    def _rest_is_junk(self) -> bool:
        """Whether what follows the last member is more than gzip's zero padding."""
        self.fh.seek(self._next_offset)
        while chunk := self.fh.read(SCAN_CHUNK):
            if chunk.strip(b"\x00"):
                return True
        return False

    def _inflate_some(self) -> None:
        inflater = self._inflater
        assert inflater is not None
        member_at = self._offsets[-1]
        data = inflater.unconsumed_tail
        if not data:
            self.fh.seek(self._next_offset)
            data = self.fh.read(SCAN_CHUNK)
            self._next_offset += len(data)
        if not data:
            self._inflater = None
            self._done = True
            self._break(member_at, f"the gzip member at offset {member_at} is cut short: the file "
                        "ends inside it (truncated file)")
            return
        try:
            # at most SCAN_CHUNK out per call: a gzip bomb is read as far as it is asked for
            self._buffer += inflater.decompress(data, SCAN_CHUNK)
        except zlib.error as exc:
            self._inflater = None
            self._next_offset = self._next_member(member_at + 1) or self.file_size
            self._break(member_at, f"the gzip member at offset {member_at} is corrupt ({exc})")
            return
        if inflater.eof:
            # what follows the member in the bytes just given belongs to the next one
            self._next_offset -= len(inflater.unused_data)
            self._inflater = None

    def _break(self, file_offset: int, message: str, junk: bytes = b"") -> None:
        self.breaks.append(Break(self.base + len(self._buffer), file_offset, message, junk))

    def _next_member(self, start: int) -> int | None:
        """The file offset of the next gzip member at or after ``start`` whose data
        starts with a record header (blank lines before it allowed)."""
        pos = start
        while pos < self.file_size:
            self.fh.seek(pos)
            chunk = self.fh.read(SCAN_CHUNK + 2)
            at = chunk.find(_GZIP_MEMBER)
            while at >= 0:
                if self._member_starts_record(pos + at):
                    return pos + at
                at = chunk.find(_GZIP_MEMBER, at + 1)
            pos += SCAN_CHUNK
        return None

    def _member_starts_record(self, offset: int) -> bool:
        self.fh.seek(offset)
        try:
            data = zlib.decompressobj(wbits=_GZIP_WBITS).decompress(self.fh.read(4096), ARC_LINE_MAX)
        except zlib.error:
            return False
        return header_kind(data.lstrip(_BLANK)) is not None


@dataclass(slots=True)
class Span:
    """One record, or one stretch that should have been one: where it is, its bytes
    (header and block, without the blank lines after it) and what is wrong with it."""

    start: int
    end: int
    where: str
    data: bytes | None = None
    header: Header | None = None
    #: why this span is not a sound record (None: it is one)
    error: str | None = None
    #: a gzip break reported on its own (no record starts here)
    junk: bool = False
    #: bytes of the declared length the stream does not have, when the stream simply ends
    #: early (the record may still hold a whole page: see WarcSource)
    missing: int = 0


def spans(stream: ArchiveStream, read_limit: int, kind: str | None = None) -> Iterator[Span]:
    """Every record of the stream, sound or not, in order; then nothing is left out."""
    pos = stream.skip_blank(0)
    while True:
        yield from _breaks_before(stream, pos)
        if stream.at_end(pos):
            break
        span = _span_at(stream, pos, read_limit, kind)
        if span.header is not None:
            kind = kind or span.header.kind
        yield span
        if span.error is None:
            pos = stream.skip_blank(span.end)
        elif span.end <= pos:
            break
        else:
            pos = span.end
        stream.release(pos)
    yield from _breaks_before(stream, None)


def _breaks_before(stream: ArchiveStream, pos: int | None) -> Iterator[Span]:
    """Breaks no record was cut by, before ``pos`` (all of them when None)."""
    for damage in stream.breaks:
        if not damage.reported and (pos is None or damage.position <= pos):
            damage.reported = True
            yield Span(damage.position, damage.position, str(damage.file_offset), damage.junk or None,
                       error=damage.message, junk=True)


def _span_at(stream: ArchiveStream, pos: int, read_limit: int, kind: str | None) -> Span:
    where = stream.where(pos)
    head = stream.read(pos, HEADER_MAX)
    header = read_header(head)
    if not isinstance(header, Header):
        end = stream.find_header(pos + 1, kind)
        why = header or ("not a record: no WARC or ARC record header here")
        return _damaged(stream, pos, end, where, None, why, read_limit)
    body = pos + header.size
    if header.length is None:
        end = stream.find_header(body, header.kind)
        return _damaged(stream, pos, end, where, header,
                        f"its length {header.raw_length!r} is not a number of bytes", read_limit)
    end = body + header.length
    cut = stream.break_within(pos, end)
    if cut is None and _ends_well(stream, end, header.kind):
        if end - pos > read_limit:
            return Span(pos, end, where, None, header,
                        f"record of {end - pos} bytes, over the read limit of {read_limit}; not read")
        return Span(pos, end, where, stream.read(pos, end - pos), header)
    found = stream.find_header(body, header.kind)
    if cut is not None and (found is None or cut.position <= found):
        return _damaged(stream, pos, cut.position, where, header, "cut short", read_limit)
    if found is not None:
        why = (f"its declared length ({header.length}) runs past the next record header at "
               f"{stream.where(found)}: a wrong length, or a record cut short" if found < end else
               f"its declared length ({header.length}) ends {found - end} bytes before the next "
               f"record header at {stream.where(found)}: a wrong length")
        return _damaged(stream, pos, found, where, header, why, read_limit)
    available = len(stream.read(body, header.length + 1))
    if available < header.length:
        span = _damaged(stream, pos, None, where, header,
                        f"truncated: {header.length - available} of its {header.length} bytes are "
                        "missing (the file ends)", read_limit)
        span.missing = header.length - available
        return span
    return _damaged(stream, pos, None, where, header,
                    f"its declared length ({header.length}) ends before the file does, and what "
                    "follows is not a record: a wrong length, or junk", read_limit)


def _ends_well(stream: ArchiveStream, end: int, kind: str) -> bool:
    """Whether a record ending at ``end`` is followed by blank lines and then the end of
    the stream, a record header or a break (where the stream resumes)."""
    if len(stream.read(end - 1, 1)) < 1 and end > 0:
        return False  # the stream ends before the record does
    after = stream.skip_blank(end)
    following = stream.read(after, ARC_LINE_MAX + 1)
    return (not following or header_kind(following) is not None
            or any(b.position == after for b in stream.breaks))


def _damaged(stream: ArchiveStream, pos: int, end: int | None, where: str, header: Header | None,
             why: str, read_limit: int) -> Span:
    """A damaged span from ``pos`` to ``end`` (None: to the end of the stream), its bytes
    kept up to the read limit."""
    data = stream.read(pos, read_limit if end is None else min(end - pos, read_limit))
    if end is None:
        end = pos + len(data)
    cut = stream.break_within(pos, end)
    if cut is not None and not cut.reported:
        cut.reported = True  # this record tells of it
        why += f": {cut.message}"
    return Span(pos, max(end, pos), where, data, header, why)
