"""Running the checks over the archive: findings kept, reruns idempotent, articles held."""

from __future__ import annotations

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
