"""`morgue crawl`: a polite crawl of a real local HTTP server serving the sample site,
written as WARC request and response records, resumable, and ingesting to the same
articles as the mirror it was served from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from morgue.crawl import CrawlOptions, crawl_site
from morgue.sample import build_sample_archive
from morgue.sample.serve import serving

SLOW = "/2003/03/07/local/harbor-dredging-plan.html"
FLAKY = "/2004/04/09/sports/pilots-opening-day.html"
SECRET = "/search/staff-only.html"  # robots.txt disallows /search/


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    legacy = tmp_path_factory.mktemp("legacy")
    build_sample_archive(legacy)
    site = legacy / "mirror" / "www.eveningledger.com"
    (site / "search").mkdir()
    (site / "search" / "staff-only.html").write_text(
        "<html><body><h1>Staff only</h1><p>Never to be crawled.</p></body></html>")
    return legacy / "mirror"


def _records(warc: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(type, URL, HTTP headers) of every record."""
    with open(warc, "rb") as fh:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "",
                 dict(r.http_headers.headers) if r.http_headers else {})
                for r in ArchiveIterator(fh)]


def test_a_polite_crawl_writes_every_exchange_and_resumes(mirror: Path, tmp_path: Path) -> None:
    warc = tmp_path / "site.warc.gz"
    options = CrawlOptions(rate=50, concurrency=4, contact="archivist@example.com",
                           backoff=0.05)
    with serving(mirror, slow={SLOW: 1.0}, fail_first={FLAKY: 2}) as server:
        result = crawl_site(server.url, warc, options)
        first_requests = list(server.requests)

    assert first_requests[0] == "/robots.txt"
    assert SECRET not in first_requests and result.disallowed >= 1
    records = _records(warc)
    assert records[0][0] == "warcinfo"
    responses = [url for kind, url, _ in records if kind == "response"]
    requests = [(url, headers) for kind, url, headers in records if kind == "request"]
    assert len(responses) == len(requests) == result.fetched and not result.failed
    assert max(Counter(responses).values()) == 1  # each URL once
    assert server.url + SLOW.lstrip("/") in responses  # the slow page waited for
    assert server.url + FLAKY.lstrip("/") in responses  # retried after two 503s
    assert first_requests.count(FLAKY) == 3
    agent = requests[0][1]["User-Agent"]
    assert agent.startswith("morgue/") and "archivist@example.com" in agent
    assert server.url + "sitemap.xml" in responses
    # Articles reached only through the sitemap (their links name no .html) are there.
    assert server.url + "news/local/2010/01/15/library-extends-hours.html" in responses

    # A rerun finds everything in the WARC and asks the site for nothing.
    size = warc.stat().st_size
    with serving(mirror, port=int(server.url.rsplit(":", 1)[1].strip("/"))) as again:
        rerun = crawl_site(again.url, warc, options)
        assert again.requests == [] and rerun.fetched == 0
        assert rerun.already == len(responses)
        assert warc.stat().st_size == size
        # Killed mid-record: the torn record is cut off and fetched again.
        with open(warc, "r+b") as fh:
            fh.truncate(size - 200)
        torn = crawl_site(again.url, warc, options)
    assert torn.fetched == 1 and len(again.requests) == 1
    assert sorted(u for k, u, _ in _records(warc) if k == "response") == sorted(responses)


def test_the_rate_limit_spaces_requests(mirror: Path, tmp_path: Path) -> None:
    with serving(mirror) as server:
        started = time.monotonic()
        result = crawl_site(server.url, tmp_path / "slow.warc.gz",
                            CrawlOptions(rate=5, concurrency=2, max_pages=8))
        took = time.monotonic() - started
    assert result.fetched == 8  # robots.txt and 7 more
    assert took >= 7 / 5  # 8 requests started at most 5 a second: 7 gaps of 0.2 s


def test_include_and_exclude_patterns_keep_to_them(mirror: Path, tmp_path: Path) -> None:
    with serving(mirror) as server:
        result = crawl_site(server.url, tmp_path / "part.warc.gz",
                            CrawlOptions(rate=100, concurrency=4, include=[r"/2003/"],
                                         exclude=[r"_2\.html$"]))
        asked = server.requests
    pages = [p for p in asked if p.endswith(".html")]
    assert pages and all("/2003/" in p and not p.endswith("_2.html") for p in pages)
    assert result.out_of_scope > 0


@pytest.mark.slow
def test_the_crawled_warc_ingests_to_the_same_articles_as_the_mirror(
        mirror: Path, tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    with serving(mirror) as server:
        crawl_site(server.url, warc, CrawlOptions(rate=100, concurrency=4))
    crawled = _stories(tmp_path / "from-crawl", warc)
    mirrored = _stories(tmp_path / "from-mirror", mirror)
    assert len(mirrored) >= 10 and crawled == mirrored


_INGEST_AND_EXPORT = """
import sys
import morgue

morgue.setup(sys.argv[1])
morgue.ingest([sys.argv[2]])
morgue.check()
morgue.export(sys.stdout)
"""


def _stories(home: Path, source: Path) -> set[tuple]:
    """(new URL, headline, date, body) of each published story an ingest of ``source``
    gives, in an archive of its own (through the library's front door)."""
    env = {k: v for k, v in os.environ.items() if k != "MORGUE_DATABASE_URL"}
    done = subprocess.run([sys.executable, "-c", _INGEST_AND_EXPORT, str(home), str(source)],
                          env=env, capture_output=True, text=True, timeout=300, check=True)
    return {(r["url"], r["headline"], r["published"], r["body"])
            for r in map(json.loads, done.stdout.splitlines())}
