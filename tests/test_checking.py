"""Running the checks over the archive: findings kept, reruns idempotent, articles held."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from morgue.archive.checking import UnknownCheck, check_archive, publication_changed
from morgue.archive.corrections import add_correction
from morgue.archive.models import Article, Capture, CheckRun, Finding
from morgue.pipeline.checks import CHECKS, Check, CheckOptions
from morgue.pipeline.records import CheckItem

from .archive_rows import CHROME, MOJIBAKE, make_article
from .pages import write_page


def _open(code: str | None = None):
    found = Finding.objects.filter(status=Finding.Status.OPEN).exclude(code="extraction")
    return found.filter(code=code) if code else found


@pytest.mark.django_db
def test_findings_are_stored_with_span_evidence_and_fix(store_root: Path,
                                                        stand_in_checks) -> None:
    article = make_article(store_root, paragraphs=[f"The mayor{MOJIBAKE}s plan.", CHROME])

    result = check_archive()

    assert result.articles == 1 and result.by_check == {"encoding": 1, "chrome": 1}
    encoding = _open("encoding").get()
    assert encoding.article == article and encoding.field == "body"
    assert article.body[encoding.span_start:encoding.span_end] == MOJIBAKE
    assert MOJIBAKE in encoding.evidence
    assert encoding.proposed_fix == {"field": "body", "before": MOJIBAKE, "after": "\u2019",
                                     "span": [encoding.span_start, encoding.span_end],
                                     "safe": True}
    assert encoding.run_id == result.run_id and encoding.severity == "warning"
    assert CheckRun.objects.get(pk=result.run_id).finished is not None


@pytest.mark.django_db
def test_rerun_replaces_findings_without_duplicates(store_root: Path, stand_in_checks) -> None:
    article = make_article(store_root, paragraphs=[f"It{MOJIBAKE}s late.", CHROME])
    Finding.objects.create(article=article, code="extraction", severity="warning",
                           message="no publication date found")
    check_archive()
    first = sorted(_open().values_list("code", "span_start", "message"))

    check_archive()
    check_archive(only=["encoding"])

    assert sorted(_open().values_list("code", "span_start", "message")) == first
    assert _open().count() == 2
    # What extraction noticed is not a check's to replace.
    assert Finding.objects.filter(code="extraction").count() == 1


@pytest.mark.django_db
def test_a_rerun_of_one_check_keeps_the_others(store_root: Path, stand_in_checks) -> None:
    make_article(store_root, paragraphs=[f"It{MOJIBAKE}s late.", CHROME])
    check_archive()
    chrome_ids = set(_open("chrome").values_list("pk", flat=True))

    check_archive(only={"encoding"})

    assert set(_open("chrome").values_list("pk", flat=True)) == chrome_ids


@pytest.mark.django_db
def test_blocking_finding_holds_the_article_and_its_end_releases_it(
        store_root: Path, stand_in_checks, django_capture_on_commit_callbacks) -> None:
    error_page = make_article(store_root, headline="Page not found")
    story = make_article(store_root)
    heard: list[dict] = []
    publication_changed.connect(lambda sender, **kw: heard.append(kw), weak=False,
                                dispatch_uid="test-heard")

    with django_capture_on_commit_callbacks(execute=True):
        result = check_archive()
    publication_changed.disconnect(dispatch_uid="test-heard")
    assert heard == [{"signal": publication_changed, "held": [error_page.pk], "released": []}]

    error_page.refresh_from_db()
    story.refresh_from_db()
    assert error_page.status == Article.Status.HELD and result.held == 1
    assert story.status == Article.Status.PUBLISHED
    held = _open("not-an-article").get()
    assert held.blocking and held.article == error_page

    # An editor finds it was a story after all: the headline is corrected, not deleted.
    add_correction(error_page, "headline", "Page not found", "Ferry Service Restored",
                   kind="editorial", reason="the headline was lost in the move")
    result = check_archive()

    error_page.refresh_from_db()
    assert error_page.status == Article.Status.PUBLISHED and result.released == 1
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_held_articles_leave_the_search_index_and_released_ones_return(
        store_root: Path, stand_in_checks, django_capture_on_commit_callbacks) -> None:
    from morgue.search import SearchQuery, reindex, search

    error_page = make_article(store_root, headline="Page not found",
                              paragraphs=["The ferry timetable moved to a new address."])
    story = make_article(store_root, headline="Ferry fares rise",
                         paragraphs=["Ferry fares rise by a dollar in June."])
    reindex()

    def found() -> set[int]:
        return {hit.article_id for hit in search(SearchQuery(q="ferry")).hits}

    assert found() == {error_page.pk, story.pk}
    with django_capture_on_commit_callbacks(execute=True):
        check_archive()  # the error page is held back: the index follows on commit
    assert found() == {story.pk}

    with django_capture_on_commit_callbacks(execute=True):
        add_correction(error_page, "headline", "Page not found", "Ferry timetable moves",
                       kind="editorial", reason="the headline was lost in the move")
        check_archive()  # published again: back in the index
    error_page.refresh_from_db()
    assert error_page.status == Article.Status.PUBLISHED
    assert found() == {error_page.pk, story.pk}


@pytest.mark.django_db
def test_corpus_check_reads_the_archive_more_than_once(store_root: Path,
                                                       stand_in_checks) -> None:
    first = make_article(store_root, headline="Pilots Win Opener")
    copy = make_article(store_root, headline="Pilots Win Opener")

    check_archive(only=["duplicate"])

    finding = _open("duplicate").get()
    assert finding.article == copy and finding.related == [first.pk] and finding.blocking
    copy.refresh_from_db()
    assert copy.status == Article.Status.HELD


@pytest.mark.django_db
def test_dismissed_finding_is_not_raised_again(store_root: Path, stand_in_checks) -> None:
    make_article(store_root, paragraphs=[f"It{MOJIBAKE}s the author{MOJIBAKE}s spelling."])
    check_archive()
    dismissed = _open("encoding").order_by("pk").first()
    Finding.objects.filter(pk=dismissed.pk).update(status=Finding.Status.DISMISSED)

    check_archive()

    assert _open("encoding").count() == 1
    assert Finding.objects.filter(status=Finding.Status.DISMISSED).count() == 1


@pytest.mark.django_db
def test_check_item_has_visible_capture_text_and_copies(store_root: Path,
                                                        stand_in_checks) -> None:
    article = make_article(store_root, paragraphs=["First paragraph.", "Second one."])
    Capture.objects.create(
        sha256=article.capture.sha256, size=article.capture.size, source="/legacy/crawl",
        locator="c.warc@1", format="warc", legacy_url="http://eveningledger.com/s?id=7",
        run=article.capture.run, duplicate_of=article.capture)
    seen: list[CheckItem] = []

    def spy(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
        seen.append(item)
        return iter(())

    # (stand_in_checks puts the real registry back afterwards)
    CHECKS[:] = [Check("spy", "records what it sees", "article", article_fn=spy)]
    check_archive()

    (item,) = seen
    assert item.key == article.pk
    assert item.article.paragraphs == ["First paragraph.", "Second one."]
    assert item.legacy_urls == ["http://eveningledger.com/s?id=7"]
    # The page as a reader saw it (what that means is the pipeline's to say).
    assert "First paragraph.\nSecond one." in item.capture_text
    assert "var x" not in item.capture_text


@pytest.mark.django_db
def test_checks_read_the_published_text(store_root: Path, stand_in_checks) -> None:
    article = make_article(store_root, paragraphs=[f"It{MOJIBAKE}s late."])
    add_correction(article, "body", MOJIBAKE, "\u2019", span=(2, 5), reason="by hand")

    check_archive()

    assert not _open("encoding").exists()


@pytest.mark.django_db
def test_unknown_check_is_refused(stand_in_checks, run_cli) -> None:
    with pytest.raises(UnknownCheck, match="no check called nope"):
        check_archive(only=["nope"])
    run_cli("init")
    result = run_cli("check", "--check", "nope")
    assert result.exit_code == 1 and "no check called nope" in result.output


@pytest.mark.django_db
def test_cli_check_then_findings(store_root: Path, stand_in_checks, run_cli) -> None:
    article = make_article(store_root, paragraphs=[f"It{MOJIBAKE}s late.", CHROME])

    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "encoding" in result.output and "chrome" in result.output

    listed = run_cli("findings", "--check", "chrome", "--json")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 1
    assert rows[0]["article"] == article.pk and rows[0]["check"] == "chrome"
    assert rows[0]["evidence"] == CHROME and rows[0]["fix"]["safe"] is True
    assert "site chrome" in run_cli("findings").output


@pytest.mark.django_db
def test_ingest_runs_the_checks_unless_told_not_to(tmp_path: Path, run_cli,
                                                   stand_in_checks) -> None:
    root = tmp_path / "mirror"
    write_page(root, "a.html", "Library Hours Extended", "2006-02-03", 1)
    assert run_cli("ingest", "--no-check", str(root)).exit_code == 0
    assert not CheckRun.objects.exists()

    write_page(root, "b.html", "Ferry Fares Rise", "2006-02-04", 2)
    result = run_cli("ingest", str(root))
    assert result.exit_code == 0, result.output
    assert CheckRun.objects.count() == 1 and "Check run" in result.output


# --- the bundled sample and the seed, through `morgue ingest` ------------------------------

SAMPLE_INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")
#: planted kinds `ingest` itself records as a problem at the planted locator (the bytes
#: are not a page, or they are the same bytes as a capture already read)
FOUND_AT_INGEST = {"truncated_gzip", "empty_file", "binary_junk", "exact_duplicate"}


@pytest.mark.django_db
def test_every_planted_problem_of_the_sample_is_found_after_ingest(tmp_path: Path, run_cli) -> None:
    from morgue.archive.models import Problem
    from morgue.sample import build_sample_archive

    from .pipeline.test_checks_sample import FOUND_BY

    manifest = build_sample_archive(tmp_path / "legacy")
    result = run_cli("ingest", *[str(manifest.root / name) for name in SAMPLE_INPUTS])
    assert result.exit_code == 1, result.output  # the planted unreadable inputs
    assert set(FOUND_BY) | FOUND_AT_INGEST == {p["kind"] for p in manifest.planted}
    problems = set(Problem.objects.values_list("locator", flat=True))
    missed = []
    for planted in manifest.planted:
        kind, locator = planted["kind"], planted["locator"]
        if kind in FOUND_AT_INGEST:
            if not any(p.endswith(locator) for p in problems):
                missed.append(f"{kind} at {locator}: no ingest problem")
            continue
        article = Article.objects.get(capture__locator=locator)
        codes = set(_open().filter(article=article).values_list("code", flat=True))
        if FOUND_BY[kind] in codes:
            continue
        evidence = planted.get("evidence", "").replace("<p>", "").replace("</p>", "")
        if kind == "chrome_in_body" and evidence not in article.body and any(
                evidence in s.get("text", "") for s in article.set_aside):
            continue  # extraction already kept it out of the story, on the record
        missed.append(f"{kind} at {locator}: want {FOUND_BY[kind]}, found {sorted(codes)}")
    assert missed == []
    moved = _open("category").get()
    assert moved.article.capture.locator.endswith("pilots-clinch-division.html")
    assert moved.proposed_fix["after"] == "Sports" and not moved.proposed_fix["safe"]
    _assert_each_story_published_once()


def _assert_each_story_published_once() -> None:
    """The issue's doubles: the garbled crawl and the WordPress copy (dated the export day)
    of the library story, and the truncated, undated text dump of the school budget story."""
    from morgue.archive.verify import verify_archive
    from morgue.search import reindex

    library = Article.objects.filter(headline__startswith="Library extends weekend hours")
    crawled = library.get(capture__format="mirror")
    exported = library.get(capture__format="wxr")
    assert crawled.status == Article.Status.PUBLISHED and exported.status == Article.Status.HELD
    assert _open("duplicate").get(article=exported).related == [crawled.pk]
    dump = Article.objects.get(capture__format="textdump", headline__startswith="School board cuts")
    assert dump.status == Article.Status.HELD
    assert "shorter copy" in _open("duplicate").get(article=dump).message
    reindex()
    assert [d for d in verify_archive().discrepancies if d.kind == "double"] == []


@pytest.mark.django_db
def test_the_misfiled_pilots_story_is_found_without_the_export_s_sports_stories(tmp_path: Path, run_cli) -> None:
    """Without the CMS export, the archive has two Sports stories: too few to learn the
    section from, enough to name it. The story's topic says where it belongs."""
    from morgue.sample import build_sample_archive

    manifest = build_sample_archive(tmp_path / "legacy")
    run_cli("ingest", *[str(manifest.root / name) for name in SAMPLE_INPUTS if name != "export.jsonl"])
    moved = _open("category").get()
    assert moved.article.capture.locator.endswith("pilots-clinch-division.html")
    assert moved.proposed_fix["after"] == "Sports" and "reads like sport" in moved.message


@pytest.mark.django_db
def test_the_seed_after_ingest_lacks_its_date_and_byline_and_keeps_no_chrome(
        tmp_path: Path, shared_data: Path, run_cli) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "000_1b649318492707dd.txt").write_bytes(
        (shared_data / "seed" / "000_1b649318492707dd.txt").read_bytes())
    assert run_cli("ingest", str(dumps)).exit_code == 0
    article = Article.objects.get()
    assert set(_open().values_list("code", flat=True)) == {"missing-date", "missing-byline"}
    # The new site's furniture the dump carried was set aside by extraction, on the record.
    for chrome in ("All rights reserved", "Sign in", "Terms of Use", "Privacy Policy"):
        assert chrome not in article.body
        assert any(chrome in s.get("text", "") for s in article.set_aside)


# --- the paper's founding year: MORGUE_FOUNDED and --founded ------------------------------------


@pytest.mark.django_db
def test_founding_year_comes_from_the_setting_or_the_option(
        store_root: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    article = make_article(store_root, published=dt.date(1950, 5, 1),
                           legacy_url="http://www.eveningledger.com/archive/harbor-plan.html")

    def dated() -> list[str]:
        return list(_open("date-out-of-range").filter(article=article).values_list("message", flat=True))

    assert run_cli("check", "--check", "date-out-of-range").exit_code == 0
    assert dated() == []  # unknown by default: nothing to compare with
    monkeypatch.setenv("MORGUE_FOUNDED", "1960")
    assert run_cli("check", "--check", "date-out-of-range").exit_code == 0
    assert dated() == ["publication date 1950-05-01 is before the paper was founded (1960)"]
    assert run_cli("check", "--check", "date-out-of-range", "--founded", "1940").exit_code == 0
    assert dated() == []  # the option wins over the setting

    monkeypatch.setenv("MORGUE_FOUNDED", "nineteen-sixty")
    refused = run_cli("check")
    assert refused.exit_code != 0 and "MORGUE_FOUNDED must be a year" in refused.output


@pytest.mark.django_db
def test_ingest_passes_the_founding_year_to_the_checks(tmp_path: Path, run_cli,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from morgue.archive.checking import check_options

    monkeypatch.setenv("MORGUE_FOUNDED", "1887")
    assert check_options().founded == 1887 and check_options(1901).founded == 1901
    root = tmp_path / "mirror"
    write_page(root, "a.html", "Library Hours Extended", "2006-02-03", 1)
    result = run_cli("ingest", "--founded", "2008", str(root))
    assert result.exit_code == 0, result.output
    assert [f.message for f in _open("date-out-of-range")] == [
        "publication date 2006-02-03 is before the paper was founded (2008)"]
    assert run_cli("ingest", "--founded", "3000", str(root)).exit_code != 0
