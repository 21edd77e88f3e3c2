"""Ingest into the database: captures kept byte for byte, articles made, reruns idempotent."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from morgue.archive.loading import IngestOptions, ingest
from morgue.archive.models import Article, Capture, Problem
from morgue.store import CaptureStore

from .pages import write_page

pytestmark = pytest.mark.django_db

@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    write_page(root, "2009/03/07/harbor.html", "Harbor Dredging Plan Approved", "2009-03-07", 1)
    write_page(root, "2009/03/08/budget.html", "School Budget Passes", "2009-03-08", 2)
    # The same bytes under a second name, as mirrors often hold.
    copy = root / "www.eveningledger.com" / "2009/03/07/harbor.html.orig.html"
    copy.write_bytes((root / "www.eveningledger.com/2009/03/07/harbor.html").read_bytes())
    return root


def test_mirror_ingests_into_captures_and_articles(mirror: Path, store_root: Path) -> None:
    result = ingest([str(mirror)])

    assert result.captures_added == 3
    assert result.articles_added == 2
    assert result.duplicates == 1
    assert result.errors == 0
    harbor = Article.objects.get(headline="Harbor Dredging Plan Approved")
    assert harbor.legacy_url == "http://www.eveningledger.com/2009/03/07/harbor.html"
    assert str(harbor.published) == "2009-03-07"
    assert harbor.url.startswith("/2009/03/07/harbor-dredging-plan-approved")
    assert "Paragraph 5 of the story" in harbor.body
    assert "All rights reserved" not in harbor.body
    # The original bytes are in the store, unaltered, under their SHA-256.
    original = (mirror / "www.eveningledger.com/2009/03/07/harbor.html").read_bytes()
    capture = harbor.capture
    assert capture.sha256 == hashlib.sha256(original).hexdigest()
    assert CaptureStore(store_root).get(capture.sha256) == original
    copy = Capture.objects.get(duplicate_of=capture)
    assert copy.locator.endswith("harbor.html.orig.html")
    warning = Problem.objects.get(locator=copy.locator)
    assert warning.severity == "warning" and "same bytes as" in warning.reason


def test_ingesting_again_adds_nothing(mirror: Path, store_root: Path) -> None:
    ingest([str(mirror)])
    counts = (Capture.objects.count(), Article.objects.count(), Problem.objects.count())

    again = ingest([str(mirror)])

    assert again.captures_added == 0 and again.articles_added == 0
    assert again.already_had == 3
    assert (Capture.objects.count(), Article.objects.count(), Problem.objects.count()) == counts


def test_workers_give_the_same_archive(mirror: Path, store_root: Path) -> None:
    result = ingest([str(mirror)], IngestOptions(workers=2, batch_size=1))
    assert (result.captures_added, result.articles_added, result.duplicates) == (3, 2, 1)
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Harbor Dredging Plan Approved", "School Budget Passes"]


def test_same_headline_and_date_get_distinct_urls(tmp_path: Path, store_root: Path) -> None:
    root = tmp_path / "mirror"
    write_page(root, "a.html", "Storm Closes Schools", "2004-01-02", 1)
    write_page(root, "b.html", "Storm Closes Schools", "2004-01-02", 2)
    ingest([str(root)])
    urls = list(Article.objects.values_list("url", flat=True))
    assert len(set(urls)) == 2


def test_export_writes_the_promised_keys(mirror: Path, run_cli) -> None:
    ingest([str(mirror)])
    result = run_cli("export", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 2
    promised = {"id", "legacy_url", "source", "url", "headline", "dek", "bylines", "dateline",
                "published", "section", "tags", "body", "language", "word_count",
                "capture_sha256", "status", "findings", "corrections"}
    for record in records:
        assert promised <= record.keys()
        assert isinstance(record["bylines"], list)
        assert "\n\n" in record["body"] and "\n\n\n" not in record["body"]
    harbor = next(r for r in records if r["headline"].startswith("Harbor"))
    assert harbor["published"] == "2009-03-07"
    assert harbor["bylines"] == ["Martha Keane"]


def test_gzipped_page_keeps_what_the_mirror_held(tmp_path: Path, store_root: Path) -> None:
    root = tmp_path / "mirror"
    page = write_page(root, "2009/05/01/ferry.html", "Ferry Service Returns", "2009-05-01", 3)
    gz = page.with_name("ferry.html.gz")
    gz.write_bytes(gzip.compress(page.read_bytes()))
    page.unlink()
    ingest([str(root)])
    article = Article.objects.get()
    assert article.headline == "Ferry Service Returns"
    assert CaptureStore(store_root).get(article.capture.sha256) == gzip.decompress(
        gz.read_bytes())
