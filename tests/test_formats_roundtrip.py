"""Every source format of the bundled sample archive round-trips into the export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from morgue.archive.export import story_records
from morgue.archive.loading import ingest
from morgue.sample import build_sample_archive
from morgue.store import CaptureStore

pytestmark = pytest.mark.django_db

INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")
# Planted faults that are meant not to become articles.
NOT_ARTICLES = {"empty_file", "binary_junk", "truncated_gzip", "exact_duplicate"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_archive(tmp_path_factory.mktemp("sample")).root


def test_every_format_round_trips(sample: Path, store_root: Path) -> None:
    manifest = json.loads((sample / "MANIFEST.json").read_text())
    result = ingest([str(sample / name) for name in INPUTS])
    # Each page of a story is found by its place; its record is the story's.
    records = {(p["format"], p["locator"]): r | {"legacy_url": p["legacy_url"],
                                                  "capture_sha256": p["capture_sha256"]}
               for r in story_records(held=True) for p in r["pages"]}
    skipped = {p["locator"] for p in manifest["planted"] if p["kind"] in NOT_ARTICLES}

    expected = [a for a in manifest["articles"] if a["locator"] not in skipped]
    assert {a["format"] for a in expected} == {"mirror", "warc", "textdump", "jsonl", "wxr"}
    store = CaptureStore(store_root)
    for truth in expected:
        record = records.get((truth["format"], truth["locator"]))
        assert record, f"{truth['format']} {truth['locator']} is missing from the export"
        assert record["legacy_url"] == truth["url"]
        assert record["word_count"] > 50, f"{truth['locator']}: body is too short"
        assert store.exists(record["capture_sha256"])
        if truth["format"] in ("mirror", "textdump"):  # a whole file is one capture
            original = (sample / truth["file"]).read_bytes()
            assert store.get(record["capture_sha256"]) == original
    # Headlines come out right wherever the page states them plainly and nothing was
    # planted in them (the mojibake headline is for the checks to find).
    faulty = {p["locator"] for p in manifest["planted"]}
    plain = [a for a in expected if a.get("layout") != "2003" and a["locator"] not in faulty]
    wrong = [(a["locator"], records[(a["format"], a["locator"])]["headline"], a["headline"])
             for a in plain
             if records[(a["format"], a["locator"])]["headline"] != a["headline"]]
    assert not wrong
    assert result.errors == len([p for p in manifest["planted"]
                                 if p["kind"] in NOT_ARTICLES - {"exact_duplicate"}])


def test_seed_ingests_to_its_story(shared_data: Path, tmp_path: Path, store_root: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    shutil.copy(shared_data / "seed" / "000_1b649318492707dd.txt", dumps)
    ingest([str(dumps)])
    (record,) = list(story_records())

    assert record["headline"] == "Russia Amps Up Support for Two Georgian Breakaway Regions"
    assert record["dateline"] == "UNITED NATIONS"
    assert record["body"].startswith("Russia is ratcheting up its support")
    assert record["body"].endswith("based on a blueprint proposed by the United Nations.")
    for chrome in ("The New York Sun Company", "All rights reserved", "Sign in",
                   "Terms of Use", "Privacy Policy", "has neither altered nor updated",
                   "By continuing"):
        assert chrome not in record["body"]
    assert record["published"] is None and record["bylines"] == []
    assert "neither altered nor updated" in (record["notice"] or "")
