"""Sources: WARC and ARC files, and HTTP payload decoding."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zlib

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.pipeline.records import Skipped, SourceProblem
from morgue.pipeline.sources import detect_format, open_source
from morgue.pipeline.sources.payload import decode_payload

from .test_sources_support import (
    WARC_WHEN,
    assert_stable,
    build_arc,
    build_warc,
    chunked,
    collect,
    complete_cuts,
    html,
    pages_of,
    problems_of,
    record_starts_at,
    write,
)

# ---------------------------------------------------------------- WARC / ARC


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])


def test_warc_yields_page_responses_with_payload_and_provenance(tmp_path, gzipped):
    name = "crawl.warc.gz" if gzipped else "crawl.warc"
    path = tmp_path / name
    written = build_warc(path, gzipped=gzipped)
    assert detect_format(path) == "warc"
    items = assert_stable(open_source(path))
    assert problems_of(items) == []
    pages = pages_of(items)
    assert [page.legacy_url for page in pages] == list(written)
    data = path.read_bytes()
    for page in pages:
        assert page.content == written[page.legacy_url]
        assert page.format == "warc" and page.source == str(path)
        assert page.captured_at == WARC_WHEN
        locator_name, offset = page.locator.split("@")
        assert locator_name == name and record_starts_at(data, int(offset))
    story, missing, chunked, notype, text = pages
    assert (story.http_status, story.content_type, story.declared_charset) == (200, "text/html", "ISO-8859-1")
    assert ("Server", "Apache") in story.http_headers
    assert missing.http_status == 404
    assert ("Content-Encoding", "gzip") in chunked.http_headers
    assert notype.content_type == "text/html"  # sniffed
    assert (text.content_type, text.declared_charset, text.http_status, text.http_headers) == (
        "text/plain", "utf-8", None, None,
    )  # fmt: skip


def test_truncated_warc_gz_gives_a_problem_after_the_good_records(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    written = build_warc(whole, gzipped=True)
    full = pages_of(collect(open_source(whole)))
    data = whole.read_bytes()
    # cut in the middle of the chunked record's gzip member
    chunked_offset = int(full[2].locator.split("@")[1])
    cut = tmp_path / "cut.warc.gz"
    write(cut, data[: chunked_offset + 150])
    items = collect(open_source(cut))
    pages, problems = pages_of(items), problems_of(items)
    assert [p.content for p in pages] == [written[u] for u in list(written)[:2]]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.source == str(cut)
    assert problem.locator.startswith("cut.warc.gz@")
    assert str(chunked_offset) in problem.locator
    assert "truncated" in problem.reason


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])


def test_warc_cut_anywhere_never_raises_and_is_noticed(tmp_path, gzipped):
    whole = tmp_path / "whole.warc"
    build_warc(whole, gzipped=gzipped)
    data = whole.read_bytes()
    full = pages_of(collect(open_source(whole)))
    complete = complete_cuts(data)
    cut = tmp_path / "cut.warc"
    for size in range(1, len(data), max(1, len(data) // 200)):
        write(cut, data[:size], mtime=None)
        items = collect(open_source(cut, "warc"))
        pages = pages_of(items)
        # whatever is yielded as a page is a page of the whole file, byte for byte
        assert [(p.locator.split("@")[1], p.content) for p in pages] == [
            (p.locator.split("@")[1], p.content) for p in full[: len(pages)]
        ]
        if size not in complete:
            assert problems_of(items), f"cut at {size} went unnoticed"


def test_junk_given_as_warc_is_a_problem(tmp_path):
    path = write(tmp_path / "junk.warc", b"\x89PNG\r\n" + bytes(range(256)))
    items = collect(open_source(path, "warc"))
    assert len(items) == 1 and isinstance(items[0], SourceProblem)
    assert items[0].locator == "junk.warc@0"


@pytest.mark.parametrize(
    ("raw", "transfer", "encoding", "expected", "damage"),
    [
        (chunked(b"hello world", 4), "chunked", None, b"hello world", None),
        (b"hello world", "chunked", None, b"hello world", None),  # stored de-chunked
        (chunked(b"hello world", 4)[:12], "chunked", None, b"hell", "ends inside a chunk"),
        (gzip.compress(b"hello"), None, "gzip", b"hello", None),
        (b"<html>not gzipped</html>", None, "gzip", b"<html>not gzipped</html>", None),
        (gzip.compress(bytes(range(256)) * 4)[:100], None, "x-gzip", None, "truncated gzip"),
        (zlib.compress(b"deflated"), None, "deflate", b"deflated", None),
        (zlib.compress(b"deflated")[2:-4], None, "deflate", b"deflated", None),  # raw deflate
        (b"\x8b\x00brotli", None, "br", b"\x8b\x00brotli", "not supported"),
    ],
)


def test_decode_payload(raw, transfer, encoding, expected, damage):
    content, error = decode_payload(raw, transfer, encoding)
    if expected is not None:
        assert content == expected
    if damage is None:
        assert error is None
    else:
        assert error and damage in error


def test_warc_record_with_a_broken_gzip_body_is_a_problem(tmp_path):
    body = html("Half a story", body=" ".join(str(n * 7919) for n in range(3000)))
    broken = gzip.compress(body)[:300]
    path = tmp_path / "broken.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "http://x.example/a", "response", payload=io.BytesIO(broken), http_headers=headers
        )
        writer.write_record(record)
    (problem,) = collect(open_source(path))
    assert isinstance(problem, SourceProblem) and problem.locator == "broken.warc.gz@0"
    assert "damaged payload: truncated gzip" in problem.reason
    assert problem.content and body.startswith(problem.content)


@pytest.mark.parametrize("gzipped", [True, False], ids=["arc.gz", "arc"])


def test_arc_files_read_like_warc(tmp_path, gzipped):
    path = tmp_path / ("old.arc.gz" if gzipped else "old.arc")
    written = build_arc(path, gzipped=gzipped)
    assert detect_format(path) == "arc"
    items = assert_stable(open_source(path))
    assert problems_of(items) == []
    a, b = pages_of(items)
    assert [a.content, b.content] == list(written.values())
    assert (a.legacy_url, a.http_status, a.format) == ("http://www.example.com/a.html", 200, "arc")
    assert a.captured_at == WARC_WHEN
    assert (b.http_status, b.captured_at) == (500, dt.datetime(2008, 3, 8, tzinfo=dt.UTC))


def test_folder_of_archives_is_read_file_by_file(tmp_path):
    root = tmp_path / "crawls"
    build_warc(root / "b" / "2009.warc.gz", gzipped=True)
    build_arc(root / "a-2001.arc.gz", gzipped=True)
    write(root / "README.md", b"crawl notes")
    source = open_source(root)
    assert source.formats == {"arc", "warc"}
    assert source.estimate() is None
    items = assert_stable(source)
    assert ("README.md", "other file") in [(s.locator, s.kind) for s in items if isinstance(s, Skipped)]
    pages = pages_of(items)
    files = [page.locator.split("@")[0] for page in pages]
    assert files == ["a-2001.arc.gz"] * 2 + ["b/2009.warc.gz"] * 5
    assert {page.format for page in pages} == {"arc", "warc"}

