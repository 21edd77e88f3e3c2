"""Builders and helpers shared by the source tests (inputs are made in tmp_path)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import zlib
from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.pipeline.records import RawPage, SourceProblem
from morgue.pipeline.sources import Source

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SEED = SHARED_DATA / "seed" / "000_1b649318492707dd.txt"
ZYTE_HTML = SHARED_DATA / "zyte" / "html"

MTIME = dt.datetime(2008, 3, 7, 12, 0, tzinfo=dt.UTC)


# ---------------------------------------------------------------- helpers


def write(path: Path, data: bytes, mtime: dt.datetime | None = MTIME) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def html(title: str, head_extra: str = "", body: str = "") -> bytes:
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{title}</title>{head_extra}</head>"
        f"<body><h1>{title}</h1><p>{body or 'Story text about ' + title}</p></body></html>\n"
    ).encode()


def collect(source: Source) -> list[RawPage | SourceProblem]:
    return list(source.pages())


def pages_of(items: Iterable[RawPage | SourceProblem]) -> list[RawPage]:
    return [item for item in items if isinstance(item, RawPage)]


def problems_of(items: Iterable[RawPage | SourceProblem]) -> list[SourceProblem]:
    return [item for item in items if isinstance(item, SourceProblem)]


def signature(items: Iterable[RawPage | SourceProblem]) -> list[tuple[str, str, str]]:
    """What must be identical when a source is read twice."""
    return [
        (type(item).__name__, item.locator, item.sha256 if isinstance(item, RawPage) else item.reason)
        for item in items
    ]


def by_locator(items: Iterable[RawPage | SourceProblem]) -> dict[str, RawPage]:
    return {page.locator: page for page in pages_of(items)}


def assert_stable(source: Source) -> list[RawPage | SourceProblem]:
    first = collect(source)
    assert signature(first) == signature(collect(source))
    return first


# ---------------------------------------------------------------- WARC / ARC builders

WARC_DATE = "2008-03-07T12:00:00Z"


WARC_WHEN = dt.datetime(2008, 3, 7, 12, tzinfo=dt.UTC)


def chunked(data: bytes, size: int = 100) -> bytes:
    out = b""
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def build_warc(path: Path, *, gzipped: bool) -> dict[str, bytes]:
    """A WARC with pages and every kind of record that must be skipped; returns url -> page bytes."""
    pages = {
        "http://www.example.com/2008/03/story.html": html("WARC story"),
        "http://www.example.com/missing.html": html("Not Found"),
        "http://www.example.com/chunked.html": html("Chunked and gzipped", body="y" * 400),
        "http://www.example.com/notype": html("No content type"),
        "http://www.example.com/story.txt": b"A plain text story.\n",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)

        def add(uri, kind, payload, http_headers=None, **extra):
            record = writer.create_warc_record(
                uri,
                kind,
                payload=io.BytesIO(payload),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": WARC_DATE},
                **extra,
            )
            writer.write_record(record)

        def http(status, headers):
            return StatusAndHeaders(status, headers, protocol="HTTP/1.1")

        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "pytest"}))
        add("http://www.example.com/2008/03/story.html", "request", b"",
            http_headers=StatusAndHeaders("GET /2008/03/story.html", [("Host", "www.example.com")],
                                          protocol="HTTP/1.1", is_http_request=True))  # fmt: skip
        story = pages["http://www.example.com/2008/03/story.html"]
        add("http://www.example.com/2008/03/story.html", "response", story,
            http("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1"), ("Server", "Apache")]))  # fmt: skip
        add("http://www.example.com/logo.gif", "response", b"GIF89a....",
            http("200 OK", [("Content-Type", "image/gif")]))  # fmt: skip
        add("http://www.example.com/site.css", "response", b"body{}",
            http("200 OK", [("Content-Type", "text/css")]))  # fmt: skip
        add("http://www.example.com/missing.html", "response", pages["http://www.example.com/missing.html"],
            http("404 Not Found", [("Content-Type", "text/html")]))  # fmt: skip
        chunked_body = chunked(gzip.compress(pages["http://www.example.com/chunked.html"]))
        add("http://www.example.com/chunked.html", "response", chunked_body,
            http("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"),
                            ("Content-Encoding", "gzip")]))  # fmt: skip
        add("http://www.example.com/notype", "response", pages["http://www.example.com/notype"],
            http("200 OK", [("X-Nothing", "1")]))  # fmt: skip
        revisit = writer.create_revisit_record(
            "http://www.example.com/2008/03/story.html", "sha1:AAAA",
            "http://www.example.com/2008/03/story.html", WARC_DATE,
        )  # fmt: skip
        writer.write_record(revisit)
        add("http://www.example.com/story.txt", "resource", pages["http://www.example.com/story.txt"],
            warc_content_type="text/plain; charset=utf-8")  # fmt: skip
        add("metadata://x", "metadata", b"outlinks: none", warc_content_type="text/plain")
    return pages


def record_starts_at(data: bytes, offset: int) -> bool:
    """Whether a WARC record begins at ``offset`` (gunzipping when the file is gzipped)."""
    chunk = data[offset : offset + 4096]
    if chunk.startswith(b"\x1f\x8b"):
        chunk = zlib.decompressobj(wbits=31).decompress(chunk, 64)
    return chunk.startswith((b"WARC/1.0", b"WARC/1.1"))


def complete_cuts(data: bytes) -> set[int]:
    """Sizes at which a WARC ends on a whole record: at a record start, or between a
    record's block and the CRLF CRLF that separates it from the next."""
    records = ArchiveIterator(io.BytesIO(data))
    sizes = {len(data)}
    for _record in records:
        start, length = records.get_record_offset(), records.get_record_length()
        sizes.update(range(start + length, records.offset + 1))
        sizes.add(start)
    return sizes


def arc_record(url: str, date: str, body: bytes, ctype: str = "text/html", status: str = "200 OK") -> bytes:
    http = f"HTTP/1.0 {status}\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
    return f"{url} 192.0.2.1 {date} {ctype} {len(http)}\n".encode() + http + b"\n"


def build_arc(path: Path, *, gzipped: bool) -> dict[str, bytes]:
    version = b"1 0 pytest\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://{path.name} 0.0.0.0 20080307120000 text/plain {len(version)}\n".encode() + version + b"\n"
    pages = {"http://www.example.com/a.html": html("ARC A"), "http://www.example.com/b.html": html("ARC gone")}
    records = [
        header,
        arc_record("http://www.example.com/a.html", "20080307120000", pages["http://www.example.com/a.html"]),
        arc_record("http://www.example.com/img.gif", "20080307120001", b"GIF89a", ctype="image/gif"),
        arc_record(
            "http://www.example.com/b.html",
            "20080308000000",
            pages["http://www.example.com/b.html"],
            status="500 Server Error",
        ),
    ]
    data = b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records)
    write(path, data)
    return pages

