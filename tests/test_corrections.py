"""The corrections log: fixes applied on the record, reverts, append-only, verify."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from morgue.counts import plural
from morgue.archive.checking import check_archive
from morgue.archive.corrections import (CannotRevert, CorrectionDoesNotApply, CorrectionError,
                                        add_correction, published_text, revert)
from morgue.archive.export import jsonable, story_records
from morgue.archive.fixes import fix_archive
from morgue.archive.models import Article, Capture, Correction, Finding
from morgue.archive.verify import verify_archive
from morgue.sample import build_sample_archive
from morgue.store import CaptureStore

from .archive_rows import CHROME, MOJIBAKE, make_article

pytestmark = pytest.mark.django_db

CURLY = "\u2019"


@pytest.fixture
def damaged(store_root: Path, stand_in_checks) -> Article:
    """An article with mojibake twice and chrome at the end, checked."""
    article = make_article(store_root, paragraphs=[
        f"The mayor{MOJIBAKE}s plan for the harbor{MOJIBAKE}s channel passed.",
        "Work starts in the spring.", CHROME])
    check_archive()
    return article


def _blob_digest(store_root: Path, article: Article) -> str:
    return hashlib.sha256(CaptureStore(store_root).get(article.capture.sha256)).hexdigest()


# --- published text ----------------------------------------------------------------------


def test_published_text_applies_corrections_in_order(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["Teh council met.", "It rained."])
    add_correction(article, "body", "Teh", "The", span=(0, 3), reason="typo")
    start = "The council met.\n\nIt rained.".index("rained")
    add_correction(article, "body", "rained", "snowed", span=(start, start + 6),
                   reason="wrong word")
    add_correction(article, "section", "Local", "Weather", reason="misfiled",
                   kind="editorial")
    add_correction(article, "published", "2009-03-07", "2009-03-08", reason="date")

    published = published_text(article)

    assert published.body == "The council met.\n\nIt snowed."
    assert published.paragraphs == ["The council met.", "It snowed."]
    assert published.section == "Weather" and str(published.published) == "2009-03-08"
    assert published.corrected == ["published", "section", "body"]
    article.refresh_from_db()
    assert article.body == "Teh council met.\n\nIt rained."  # the extraction stays as it was


def test_a_correction_that_does_not_fit_is_refused(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["The council met."])
    with pytest.raises(CorrectionDoesNotApply, match=r"expects 'Teh' at 0-3 but finds 'The'"):
        add_correction(article, "body", "Teh", "The", span=(0, 3), reason="typo")
    with pytest.raises(CorrectionDoesNotApply, match="whole field"):
        add_correction(article, "headline", "Something else", "X", reason="r")
    with pytest.raises(CorrectionError, match="YYYY-MM-DD"):
        add_correction(article, "published", "2009-03-07", "March 8", reason="r")
    with pytest.raises(CorrectionError, match="cannot be corrected"):
        add_correction(article, "url", "/a/", "/b/", reason="r")
    assert not Correction.objects.exists()


def test_a_log_that_no_longer_fits_is_refused_not_applied_blindly(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["Teh council met."])
    add_correction(article, "body", "Teh", "The", span=(0, 3), reason="typo")
    # The extraction is changed behind the log's back: the correction no longer fits.
    Article.objects.filter(pk=article.pk).update(body="A council met.")
    article.refresh_from_db()
    with pytest.raises(CorrectionDoesNotApply, match="expects 'Teh' at 0-3"):
        published_text(article)


# --- fix ---------------------------------------------------------------------------------


def test_fix_applies_safe_proposals_as_corrections(store_root: Path, damaged: Article) -> None:
    blob_before = _blob_digest(store_root, damaged)
    extracted = damaged.body

    summary = fix_archive()

    assert summary.corrections == 3 and summary.by_check == {"encoding": 2, "chrome": 1}
    published = published_text(damaged)
    assert published.body == (f"The mayor{CURLY}s plan for the harbor{CURLY}s channel "
                              "passed.\n\nWork starts in the spring.")
    log = list(Correction.objects.filter(article=damaged).order_by("pk"))
    assert {c.kind for c in log} == {"transfer"} and {c.actor for c in log} == {"morgue fix"}
    assert all(c.finding.status == Finding.Status.FIXED for c in log)
    assert log[0].reason.startswith("chrome: ")  # the fix furthest into the text goes first
    damaged.refresh_from_db()
    assert damaged.body == extracted
    assert _blob_digest(store_root, damaged) == blob_before == damaged.capture.sha256
    assert verify_archive().ok

    check_archive()  # the corrected text has nothing left to fix
    assert not Finding.objects.filter(status=Finding.Status.OPEN).exists()
    assert fix_archive().corrections == 0


def test_fix_only_one_check(store_root: Path, damaged: Article) -> None:
    summary = fix_archive(["chrome"])
    assert summary.by_check == {"chrome": 1}
    assert MOJIBAKE in published_text(damaged).body


def test_fix_dry_run_changes_nothing(damaged: Article, run_cli) -> None:
    findings = list(Finding.objects.values_list("pk", "status"))

    result = run_cli("fix", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would apply 3 corrections to 1 article" in result.output
    assert f"-The mayor{MOJIBAKE}s plan" in result.output
    assert f"+The mayor{CURLY}s plan" in result.output
    assert not Correction.objects.exists()
    assert list(Finding.objects.values_list("pk", "status")) == findings


def test_cli_fix_then_verify(damaged: Article, run_cli) -> None:
    result = run_cli("fix")
    assert result.exit_code == 0, result.output
    assert "applied 3 corrections" in result.output and "Check run" in result.output

    verified = run_cli("verify")
    assert verified.exit_code == 0, verified.output
    assert "OK" in verified.output and "3 corrections recomputed" in verified.output


def test_a_stale_span_is_found_again_when_the_text_is_unique(store_root: Path,
                                                           damaged: Article) -> None:
    # A correction made after the check moved the text the chrome fix points at.
    add_correction(damaged, "body", "The", "Our", span=(0, 3), reason="house style")
    start = published_text(damaged).body.index("Work")
    add_correction(damaged, "body", "Work", "Dredging work", span=(start, start + 4),
                   reason="clarity")

    summary = fix_archive(["chrome"])

    assert summary.corrections == 1 and summary.skipped == 0
    assert not published_text(damaged).body.endswith(CHROME)


# --- revert ------------------------------------------------------------------------------


def test_revert_adds_a_correction_and_restores_the_text(damaged: Article, run_cli) -> None:
    fix_archive()
    chrome_fix = Correction.objects.get(finding__code="chrome")
    before = published_text(damaged).body

    result = run_cli("revert", str(chrome_fix.pk), "--reason", "it was part of the story")

    assert result.exit_code == 0, result.output
    undo = Correction.objects.latest("pk")
    assert undo.reverts == chrome_fix and undo.reason == "it was part of the story"
    assert (undo.before, undo.after) == (chrome_fix.after, chrome_fix.before)
    assert published_text(damaged).body == before + "\n\n" + CHROME
    assert Correction.objects.count() == 4  # nothing deleted
    assert run_cli("revert", str(chrome_fix.pk)).exit_code == 1  # already reverted
    assert verify_archive().ok

    # Reverting the revert puts the fix back.
    revert(undo, actor="test")
    assert published_text(damaged).body == before


def test_revert_follows_later_corrections_or_refuses(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["Teh council met on Tusday."])
    typo = add_correction(article, "body", "Tusday", "Tuesday", span=(19, 25), reason="typo")
    add_correction(article, "body", "Teh", "The", span=(0, 3), reason="typo")
    overlapping = add_correction(article, "body", "Tuesday.", "Tuesday night.",
                                 span=(19, 27), reason="detail")

    with pytest.raises(CannotRevert, match=f"correction {overlapping.pk} changed the same"):
        revert(typo)
    revert(overlapping)
    revert(typo)  # the earlier "Teh" -> "The" did not move it: same length

    assert published_text(article).body == "The council met on Tusday."


def test_revert_of_an_unknown_correction_is_a_clean_error(run_cli) -> None:
    run_cli("init")
    result = run_cli("revert", "999")
    assert result.exit_code == 1 and "there is no correction 999" in result.output


# --- append-only -------------------------------------------------------------------------


def test_the_log_is_append_only(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["Teh council met."])
    entry = add_correction(article, "body", "Teh", "The", span=(0, 3), reason="typo")

    entry.after = "A"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        Correction.objects.filter(pk=entry.pk).update(after="A")
    with pytest.raises(ValueError, match="append-only"):
        Correction.objects.all().delete()
    # Raw SQL too: the database itself refuses to update a correction.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE archive_correction SET after = 'A' WHERE id = %s",
                           [entry.pk])
    assert Correction.objects.get(pk=entry.pk).after == "The"


# --- verify ------------------------------------------------------------------------------


def test_verify_reports_a_hand_edited_article(store_root: Path, damaged: Article,
                                              run_cli) -> None:
    fix_archive()
    Article.objects.filter(pk=damaged.pk).update(headline="Harbor Plan Approved!")

    result = run_cli("verify")

    assert result.exit_code == 1
    assert f"article {damaged.pk}" in result.output
    assert "extracted headline was changed outside the corrections log" in result.output


def test_verify_checks_every_legacy_url_resolves_in_one_hop(store_root: Path, run_cli) -> None:
    from morgue.search import reindex

    story = make_article(store_root, legacy_url="http://www.eveningledger.com/2009/harbor.html")
    reindex()
    result = run_cli("verify")
    assert result.exit_code == 0, result.output
    assert "1 legacy URLs checked (1 redirect in one hop" in " ".join(result.output.split())
    assert verify_archive().redirects.redirects == 1

    # The old front page's address is the new site's home page: it can never redirect.
    make_article(store_root, legacy_url="http://www.eveningledger.com/")
    reindex()
    result = run_cli("verify")
    assert result.exit_code == 1
    assert "redirect legacy URL /: is a page of the new site" in result.output
    found = verify_archive()
    assert [d.kind for d in found.discrepancies] == ["redirect"] and not found.ok
    assert story.pk not in {d.article_id for d in found.discrepancies}


def test_verify_reports_a_tampered_or_missing_blob(store_root: Path, damaged: Article,
                                                   run_cli) -> None:
    store = CaptureStore(store_root)
    path = store.path(damaged.capture.sha256)
    path.write_bytes(gzip.compress(b"<html>something else</html>"))

    result = verify_archive()

    assert not result.ok
    (problem,) = result.discrepancies
    assert problem.kind == "capture" and problem.sha256 == damaged.capture.sha256
    assert "no longer" in problem.message
    path.unlink()
    cli = run_cli("verify")
    assert cli.exit_code == 1 and "missing from the store" in cli.output


def test_verify_reports_a_correction_removed_behind_the_logs_back(
        store_root: Path, damaged: Article) -> None:
    fix_archive()
    last = Correction.objects.latest("pk")
    with connection.cursor() as cursor:  # what a careless DBA might do
        cursor.execute("DELETE FROM archive_correction WHERE id = %s", [last.pk])

    messages = [d.message for d in verify_archive().discrepancies]

    assert any("removed or added behind the log's back" in m for m in messages)


# --- export ------------------------------------------------------------------------------


def test_export_gives_the_published_text_with_its_log_and_findings(damaged: Article) -> None:
    (before,) = story_records()
    assert {f["check"] for f in before["findings"]} == {"encoding", "chrome"}
    chrome = next(f for f in before["findings"] if f["check"] == "chrome")
    assert chrome["evidence"] == CHROME and chrome["fix"]["safe"] and chrome["span"]
    assert set(chrome) >= {"check", "severity", "field", "message", "span", "evidence", "fix"}

    fix_archive()
    (record,) = story_records()

    assert CHROME not in record["body"] and CURLY in record["body"]
    assert record["extracted"]["body"] == damaged.body
    assert len(record["corrections"]) == 3
    assert record["corrections"][0]["who"] == "morgue fix"
    assert {f["status"] for f in record["findings"]} == {"fixed"}
    assert record["word_count"] == len(record["body"].split())
    json.dumps(record, default=jsonable)


# --- the sample archive, end to end ------------------------------------------------------

SAMPLE_INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")


def _open_findings() -> list[tuple]:
    return sorted(Finding.objects.filter(status=Finding.Status.OPEN).values_list(
        "article_id", "code", "field", "span_start", "message"))


def _canonicals() -> dict[int, int]:
    """Held copy -> the article kept as canonical, from the open duplicate findings."""
    return {f.article_id: f.related[0] for f in Finding.objects.filter(
        status=Finding.Status.OPEN, code="duplicate")}


def test_sample_archive_ingest_check_fix_verify(tmp_path: Path, store_root: Path,
                                                run_cli) -> None:
    sample = build_sample_archive(tmp_path / "legacy").root
    originals = {p: hashlib.sha256(p.read_bytes()).digest()
                 for p in sample.rglob("*") if p.is_file()}

    ingested = run_cli("ingest", *[str(sample / name) for name in SAMPLE_INPUTS])
    assert ingested.exit_code == 1, ingested.output  # the planted unreadable inputs
    assert "Check run" in ingested.output
    found = _open_findings()
    assert found and len(found) == len(set(found))  # no finding twice
    assert run_cli("check").exit_code == 0
    assert _open_findings() == found  # a rerun finds the same, no duplicates

    canonical = _canonicals()
    assert not {a for a, in Article.objects.filter(published__year=1970).values_list("pk")} & set(
        canonical.values())  # the export's 1970 copy is never the one kept

    planned = run_cli("fix", "--dry-run")
    assert planned.exit_code == 0 and not Correction.objects.exists()
    fixed = run_cli("fix")
    assert fixed.exit_code == 0, fixed.output
    applied = Correction.objects.filter(status=Correction.Status.APPLIED).count()
    assert applied > 0 and f"applied {plural(applied, 'correction')}" in fixed.output
    assert f"would apply {plural(applied, 'correction')}" in planned.output

    verified = run_cli("verify")
    assert verified.exit_code == 0, verified.output
    # A fix changes no copy's claim to be canonical (new copies may surface: repaired text
    # can match another capture), and leaves no garbled character behind.
    after = _canonicals()
    assert {k: after[k] for k in canonical} == canonical
    assert not Finding.objects.filter(status=Finding.Status.OPEN, code="encoding").exists()
    assert not any("\u2020" in published_text(a).body or "\u00e2\u20ac" in published_text(a).body
                   for a in Article.objects.all())
    again = run_cli("fix", "--dry-run")
    assert "would apply 0 corrections" in again.output, again.output
    # Nothing was written into the legacy material, and every capture is as read.
    assert {p: hashlib.sha256(p.read_bytes()).digest() for p in originals} == originals
    store = CaptureStore(store_root)
    assert all(store.verify(sha) for sha in Capture.objects.values_list("sha256", flat=True))


def test_one_announcement_per_committed_transaction(store_root, django_capture_on_commit_callbacks):
    """A bulk approval of thousands tells the search index once, not once per correction;
    corrections rolled back with a savepoint are never announced."""
    from django.db import transaction

    from morgue.archive.corrections import add_correction, correction_recorded

    first = make_article(store_root, headline="One")
    second = make_article(store_root, headline="Two")
    heard: list[list[int]] = []

    def listen(sender, corrections, **kwargs):
        heard.append([c.article_id for c in corrections])

    correction_recorded.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                add_correction(first, "headline", "One", "One!", reason="test")
                try:
                    with transaction.atomic():
                        add_correction(second, "headline", "Two", "Two?", reason="test")
                        raise RuntimeError("roll this one back")
                except RuntimeError:
                    pass
                add_correction(second, "headline", "Two", "Two!", reason="test")
    finally:
        correction_recorded.disconnect(listen)
    assert heard == [[first.pk, second.pk]]
