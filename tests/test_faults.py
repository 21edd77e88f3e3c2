"""Bad input: each fault is recorded with a clear reason, bytes kept, the run goes on."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.archive.loading import ingest
from morgue.archive.models import Article, Capture, Problem
from morgue.store import CaptureStore

from .pages import write_page

pytestmark = pytest.mark.django_db


def problem_at(name: str) -> Problem:
    matches = [p for p in Problem.objects.filter(resolved=False) if p.locator.endswith(name)
               or name in p.locator]
    assert matches, f"no problem recorded for {name}; have: " + "; ".join(
        f"{p.locator}: {p.reason}" for p in Problem.objects.all())
    return matches[-1]


@pytest.fixture
def bad_mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    host = root / "www.eveningledger.com"
    write_page(root, "good.html", "Council Approves Harbor Plan", "2009-03-07", 1)
    (host / "empty.html").write_bytes(b"")
    (host / "junk.html").write_bytes(os.urandom(4096))
    good = (host / "good.html").read_bytes()
    (host / "cut.html.gz").write_bytes(gzip.compress(good.replace(b"Council", b"Mayor"))[:300])
    (host / "latin.html").write_bytes(
        good.replace(b"Council Approves", b"Caf\xe9 Owners Approve").replace(
            b'charset="utf-8"', b'charset="utf-8" data-x="1"'))
    (host / "index.html").write_bytes(b"<html><head><title>Local News</title></head><body>"
                                      b"<ul><li><a href='/a'>A</a></li></ul></body></html>")
    (host / "gone.html").symlink_to(host / "does-not-exist.html")
    (host / "twice.html").write_bytes(good)
    return root


def test_bad_pages_are_recorded_and_the_run_goes_on(bad_mirror: Path, store_root: Path) -> None:
    result = ingest([str(bad_mirror)])

    assert Article.objects.filter(headline="Council Approves Harbor Plan").count() == 1
    assert "empty" in problem_at("empty.html").reason
    assert problem_at("junk.html").reason
    cut = problem_at("cut.html.gz")
    assert "gzip" in cut.reason.lower()
    assert "could not" in problem_at("gone.html").reason.lower() or problem_at(
        "gone.html").reason
    assert "same bytes" in problem_at("twice.html").reason
    assert result.errors >= 3
    # Bytes that could be read are kept in the store, named by the problem.
    if cut.sha256:
        assert CaptureStore(store_root).exists(cut.sha256)
    # The undecodable page still made an article, and said what it could not decode.
    latin = Capture.objects.get(locator__endswith="latin.html").article
    assert latin.findings.filter(code="extraction").exists()


def test_rerun_over_bad_input_adds_no_duplicates(bad_mirror: Path, store_root: Path) -> None:
    ingest([str(bad_mirror)])
    captures, articles = Capture.objects.count(), Article.objects.count()
    open_before = Problem.objects.filter(resolved=False).count()

    ingest([str(bad_mirror)])

    assert (Capture.objects.count(), Article.objects.count()) == (captures, articles)
    # Problems met again replace the old record instead of piling up.
    assert Problem.objects.filter(resolved=False).count() == open_before


def test_huge_page_is_kept_but_not_extracted(tmp_path: Path, store_root: Path) -> None:
    root = tmp_path / "mirror"
    write_page(root, "ok.html", "Museum Reopens", "2009-03-07", 1)
    filler = b"<p>" + b"x" * 100 + b"</p>\n"
    huge = (b"<html><head><title>Huge</title></head><body>"
            + filler * (50 * 1024 * 1024 // len(filler)) + b"</body></html>")
    (root / "www.eveningledger.com" / "huge.html").write_bytes(huge)

    result = ingest([str(root)])

    assert result.articles_added == 1
    problem = problem_at("huge.html")
    assert "MB" in problem.reason and "limit" in problem.reason
    assert CaptureStore(store_root).get(problem.sha256) == huge


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path,
                                                         store_root: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(3):
        body = (f"<html><head><title>Story {n}</title></head><body><h1>Story {n}</h1>"
                + "".join(f"<p>Sentence {i} of story {n}, long enough to count as text "
                          f"for the extractor to keep in the body.</p>" for i in range(6))
                + "</body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"http://www.eveningledger.com/story-{n}.html", "response",
            payload=io.BytesIO(body), http_headers=headers))
    data = buffer.getvalue()
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(data[: len(data) - 200])

    result = ingest([str(warc)])

    assert result.articles_added == 2
    assert result.errors == 1
    assert "crawl.warc.gz" in problem_at("crawl.warc.gz").locator
