"""The founding example and the bundled sample archive, through extraction and every check.

Each problem the sample plants (``MANIFEST.json`` ``planted``) maps to the check that must
find it on the capture it names. Three are damage to the bytes themselves: the source
refuses them (a ``SourceProblem``), so no article reaches the checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from morgue.pipeline.checks import CheckOptions, check_item, run_checks
from morgue.pipeline.extract import extract_article
from morgue.pipeline.records import CheckItem, Finding, RawPage, SourceProblem
from morgue.pipeline.sources import open_source
from morgue.sample import SampleManifest, build_sample_archive

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed"
SEED_FILE = SEED_DIR / "000_1b649318492707dd.txt"
INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")

#: planted kind -> the check code that must report it on that capture
FOUND_BY = {
    "exact_duplicate": "duplicate",
    "duplicate_paragraph": "repeated-text",  # extraction keeps one copy; the capture shows two
    "no_article": "not-an-article",
    "date_missing": "missing-date",  # no date on the page (a date htmldate guesses from a link counts as none)
    "mojibake": "encoding",
    "chrome_in_body": "chrome",
    "http_404": "not-an-article",
    "soft_404": "not-an-article",
    "truncated": "truncated",
    "double_escaped_entity": "markup",
    "placeholder_date": "date-out-of-range",
    "capture_date_as_published": "date-out-of-range",  # the URL's date disagrees with the import day
    "wrong_section": "category",  # learned from the archive's Sports stories (the export's briefs)
}
#: planted kinds the source itself refuses: the bytes are not a page
SOURCE_PROBLEMS = {"truncated_gzip", "empty_file", "binary_junk"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[SampleManifest, list[CheckItem], list[SourceProblem]]:
    manifest = build_sample_archive(tmp_path_factory.mktemp("sample"))
    items: list[CheckItem] = []
    problems: list[SourceProblem] = []
    for name in INPUTS:
        for page in open_source(manifest.root / name).pages():
            if isinstance(page, RawPage):
                items.append(check_item(page.locator, page, extract_article(page)))
            else:
                problems.append(page)
    return manifest, items, problems


@pytest.fixture(scope="module")
def sample_findings(sample: tuple[SampleManifest, list[CheckItem], list[SourceProblem]]) -> list[Finding]:
    _, items, _ = sample
    return list(run_checks(lambda: items, CheckOptions(founded=1990, latest="2024-01-01")))


def test_every_planted_kind_is_accounted_for(sample: tuple[SampleManifest, list[CheckItem], list[SourceProblem]]) -> None:
    manifest, _, _ = sample
    kinds = {p["kind"] for p in manifest.planted}
    assert kinds == set(FOUND_BY) | SOURCE_PROBLEMS


def test_planted_problems_are_found_by_the_right_check(
        sample: tuple[SampleManifest, list[CheckItem], list[SourceProblem]], sample_findings: list[Finding]) -> None:
    manifest, items, _ = sample
    codes: dict[str, set[str]] = {}
    for f in sample_findings:
        codes.setdefault(str(f.key), set()).add(f.check)
    by_key = {str(i.key): i for i in items}
    missed = []
    for p in manifest.planted:
        if p["kind"] not in FOUND_BY or FOUND_BY[p["kind"]] in codes.get(p["locator"], set()):
            continue
        if p["kind"] == "chrome_in_body" and _set_aside_by_extraction(by_key[p["locator"]], p["evidence"]):
            continue  # extraction already kept it out of the story, on the record
        missed.append(f"{p['kind']} at {p['locator']} (found: {sorted(codes.get(p['locator'], []))})")
    assert missed == []


def _set_aside_by_extraction(item: CheckItem, evidence: str) -> bool:
    text = re.sub(r"<[^>]+>", "", evidence)
    return text not in item.article.body and any(text in s.text for s in item.article.set_aside)


def test_damaged_bytes_are_refused_by_the_source(
        sample: tuple[SampleManifest, list[CheckItem], list[SourceProblem]]) -> None:
    manifest, _, problems = sample
    refused = {p.locator for p in problems}
    for planted in manifest.planted:
        if planted["kind"] in SOURCE_PROBLEMS:
            assert planted["locator"] in refused


def test_sample_findings_carry_evidence_and_safe_fixes(sample_findings: list[Finding]) -> None:
    by_check = {f.check: f for f in sample_findings}
    exact = [f for f in sample_findings if f.check == "duplicate" and "/archive/" in str(f.key)]
    assert exact and exact[0].related and "/archive/" not in str(exact[0].related[0])
    assert by_check["encoding"].fix is not None and by_check["encoding"].fix.safe
    markup = [f for f in sample_findings if f.check == "markup"]
    assert markup and all(f.fix and f.fix.safe and f.fix.after == "\u2019" for f in markup)
    chrome = [f for f in sample_findings if f.check == "chrome"]
    assert all(f.fix and f.fix.safe and f.span for f in chrome)
    assert all(f.span is not None and f.message for f in sample_findings if f.field == "body")


def test_seed_lost_its_date_and_byline_and_has_no_chrome_left() -> None:
    if not SEED_FILE.is_file():
        pytest.skip(f"the founding example is not at {SEED_FILE} (shared data missing)")
    page = RawPage(SEED_FILE.read_bytes(), str(SEED_DIR), SEED_FILE.name, "textdump")
    item = check_item(1, page, extract_article(page))
    codes = {f.check for f in run_checks(lambda: [item], CheckOptions())}
    assert {"missing-date", "missing-byline"} <= codes
    assert "chrome" not in codes and "not-an-article" not in codes and "truncated" not in codes
