"""Nothing lost on real material (issue 12), through ingest into the archive: every record
accounted for, non-articles never published, a bad path never stops the others, the
search index always the published set."""

from __future__ import annotations

import io
import zlib
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from morgue.archive.loading import ingest
from morgue.archive.models import Article, Capture, Finding, Problem, Skipped
from morgue.search import index_gaps
from morgue.search.models import Document

pytestmark = pytest.mark.django_db


def records_by_warcio(path: Path) -> int:
    """How many records warcio finds in a file, gunzipped as a whole first (warcio's own
    iterator refuses some of these files gzipped; the stream itself is the count)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        out, rest = b"", data
        while rest[:2] == b"\x1f\x8b":
            inflater = zlib.decompressobj(wbits=31)
            out += inflater.decompress(rest)
            rest = inflater.unused_data
        data = out
    return sum(1 for _record in ArchiveIterator(io.BytesIO(data), arc2warc=True))


def accounted(source: str, separator: str) -> dict[str, Counter[str]]:
    """Per file of a source: distinct places that became a capture, a skip, or only a
    problem (an error with nothing else at its place)."""
    per: dict[str, Counter[str]] = {}
    captured = set(Capture.objects.filter(source=source).values_list("locator", flat=True))
    skipped = set(Skipped.objects.filter(source=source).values_list("locator", flat=True))
    failed = set(Problem.objects.filter(source=source, resolved=False, severity="error")
                 .values_list("locator", flat=True))
    assert not captured & skipped and not failed & (captured | skipped)
    for kind, places in (("captures", captured), ("skips", skipped), ("problems", failed)):
        for place in places:
            per.setdefault(place.split(separator)[0], Counter())[kind] += 1
    return per


def test_every_record_of_warcios_test_files_is_a_capture_a_listed_skip_or_a_problem(
        shared_data: Path, store_root: Path, capfd) -> None:
    folder = shared_data / "warc-conformance"
    result = ingest([str(folder)])
    # quiet: warcio's warnings are kept with their record, not printed
    out, err = capfd.readouterr()
    assert "Remainder" not in out + err and "Replacing spaces" not in out + err
    per_file = accounted(str(folder), "@")
    for path in sorted(folder.iterdir()):
        counts = per_file[path.name]
        assert sum(counts.values()) == records_by_warcio(path), (path.name, counts)
    # 64 records: 13 captures, 47 skips, 4 problems (bad.arc)
    assert result.skipped == Skipped.objects.count() == 47
    # non-article records are never articles: wget's log, JSON answers, images, requests
    urls = set(Article.objects.values_list("legacy_url", flat=True))
    assert not {u for u in urls if not u.startswith("http")}
    assert Skipped.objects.filter(kind="application/json response").count() == 3


def test_every_item_of_the_wordpress_theme_unit_test_is_accounted_for(
        shared_data: Path, store_root: Path) -> None:
    wxr = shared_data / "wordpress" / "themeunittestdata.wordpress.xml"
    result = ingest([str(wxr)])
    counts = accounted(str(wxr), "#")[wxr.name]
    assert sum(counts.values()) == wxr.read_bytes().count(b"<item>") == 180
    assert counts == {"captures": 51, "skips": 129}
    # the draft and the post scheduled for 2030 are kept, held, with their status
    held = Article.objects.filter(status=Article.Status.HELD)
    assert sorted(a.capture.fields["status"] for a in held) == ["draft", "future"]
    assert result.held == 2
    assert set(Finding.objects.filter(code="unpublished").values_list("article_id", flat=True)) \
        == {a.pk for a in held}
    assert not Document.objects.filter(article__in=held).exists()
    assert Skipped.objects.filter(kind="attachment").count() == 38


def test_a_bad_path_is_a_problem_and_the_other_paths_go_on(shared_data: Path, store_root: Path,
                                                          run_cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-crawl.warc.gz"
    good = shared_data / "warc-conformance" / "example.warc.gz"
    result = run_cli("ingest", "--no-check", str(missing), str(good))
    assert result.exit_code == 1
    assert Capture.objects.filter(source=str(good)).count() == 1
    problem = Problem.objects.get(source=str(missing))
    assert "cannot read" in problem.reason and problem.severity == "error"


def test_the_search_index_catches_up_after_a_run_killed_before_its_reindex(
        tmp_path: Path, store_root: Path, run_cli) -> None:
    from morgue.sample.site import generate_site
    from morgue.site.serving import ensure_index

    site = tmp_path / "site"
    generate_site(site, 30)
    ingest([str(site)])
    assert Article.objects.filter(part_of__isnull=False).exists()  # multi-page stories
    assert not index_gaps()
    assert ensure_index() is None  # counted continuation pages as missing on every start
    # what kill -9 between a batch's commit and the end-of-run reindex leaves behind
    lost = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:7])
    Document.objects.filter(pk__in=lost).delete()
    verified = run_cli("verify")
    assert verified.exit_code == 1 and "missing from the search index" in verified.output
    ingest([str(site)])  # the rerun finds everything already there
    assert not index_gaps()
    assert set(lost) <= set(Document.objects.values_list("pk", flat=True))
    assert run_cli("verify").exit_code == 0


def test_stats_count_and_errors_list_the_skipped(shared_data: Path, store_root: Path,
                                                 run_cli) -> None:
    ingest([str(shared_data / "warc-conformance" / "post-test.warc.gz")])
    stats = run_cli("stats")
    assert "skipped: not articles" in stats.output and "application/json response" in stats.output
    listed = run_cli("errors", "--skipped", "--json")
    assert listed.exit_code == 0 and listed.output.count('"kind": "request record"') == 3
