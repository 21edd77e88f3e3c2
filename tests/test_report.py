"""The quality report: its data, the page (escaped, self-contained), and how it looks."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from morgue.archive.checking import check_archive
from morgue.archive.fixes import fix_archive
from morgue.archive.loading import ingest
from morgue.archive.models import Finding
from morgue.archive.report import gather_report
from morgue.archive.report_render import bar_chart, render_html
from morgue.sample import build_sample_archive

from .archive_rows import CHROME, MOJIBAKE, make_article

pytestmark = pytest.mark.django_db

SAMPLE_INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")


@pytest.fixture
def checked(store_root: Path, stand_in_checks) -> None:
    make_article(store_root, paragraphs=[f"The mayor{MOJIBAKE}s plan.", CHROME],
                 section="Local")
    make_article(store_root, headline="Page not found", section="", published=None)
    make_article(store_root, section="Sports", headline="Script Story",
                 paragraphs=["<script>alert('x')</script>"])
    make_article(store_root, section="Sports", headline="Pilots Win",
                 published=dt.date(2004, 5, 1))
    check_archive()


def test_report_data(checked: None) -> None:
    data = gather_report()

    assert data.totals["articles"] == 4 and data.totals["held"] == 1
    assert data.totals["open_findings"] == 3
    by_check = {b.label: b for b in data.by_check}
    assert by_check["encoding"].counts == {"warning": 1} and by_check["encoding"].fixable == 1
    assert by_check["not-an-article"].blocking == 1
    assert by_check["duplicate"].total == 0  # every registered check is listed
    assert {b.label for b in data.by_section} == {"Local", "(no section)"}
    assert [b.label for b in data.by_year] == ["2009", "undated"]
    # Most damage first: garbled text plus chrome outweighs one error on a held page.
    assert [(w.headline, w.score) for w in data.worst] == [
        ("Harbor Dredging Plan Approved", 5), ("Page not found", 4)]
    assert data.worst[0].findings[0].check == "chrome"  # errors before warnings
    assert data.worst[1].findings[0].blocking
    assert data.fixes.corrections == 2 and data.fixes.by_check == {"chrome": 1, "encoding": 1}
    assert "+The mayor\u2019s plan." in data.fixes.examples[0].diff
    assert not data.verdict.ready
    # one chrome error in a published article + two safe fixes not applied
    assert data.verdict.title == "Not ready: 3 problems to resolve first"
    assert any("morgue fix" in line for line in data.verdict.blockers)


def test_worst_articles_say_each_thing_once(store_root: Path) -> None:
    """An extraction note a check quotes, and evidence the message already holds, are not
    shown again (the sample's undated stories said "no publication date found" thrice)."""
    article = make_article(store_root, published=None)
    Finding.objects.create(article=article, code="extraction", severity="warning",
                           message="no publication date found")
    Finding.objects.create(article=article, code="missing-date", severity="warning",
                           field="published", evidence="no publication date found",
                           message="the article has no publication date (no publication date found)")
    Finding.objects.create(article=article, code="markup", severity="warning", field="body",
                           evidence="Port Alden&#8217;s largest", message="HTML entity left in the text")
    [worst] = gather_report().worst
    assert [(f.check, f.evidence) for f in worst.findings] == [
        ("missing-date", ""), ("markup", "Port Alden&#8217;s largest")]


def test_ready_once_fixed_and_only_warnings_remain(checked: None) -> None:
    fix_archive()
    check_archive()
    data = gather_report()
    assert data.verdict.ready and data.verdict.title == "Ready to publish"
    assert data.totals["corrections"] == 2
    assert any("held back" in note for note in data.verdict.notes)


def test_report_page_escapes_legacy_text_and_needs_nothing_from_outside(
        store_root: Path, checked: None) -> None:
    Finding.objects.create(article_id=Finding.objects.first().article_id, code="markup",
                           severity="error", message="script in the story <b>here</b>",
                           evidence="<script>alert('x')</script><img src=x onerror=alert(1)>")
    page = render_html(gather_report())

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text, not a tag
    assert "<b>here</b>" not in page
    # Self-contained: no stylesheet, script, image or font is fetched.
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert page.count("<svg") == 3
    assert 'download="capture-' in page and "data:application/octet-stream;base64," in page


def test_bar_chart_geometry() -> None:
    from morgue.archive.report import Bucket

    chart = bar_chart("t", [Bucket("a", {"error": 4, "warning": 4}), Bucket("b", {"info": 2}),
                            Bucket("a very long section name that will not fit", {})])
    first, second, third = chart.rows
    assert [s.severity for s in first.segments] == ["error", "warning"]
    assert first.segments[1].x == first.segments[0].x + first.segments[0].width
    assert second.segments[0].width == pytest.approx(first.segments[0].width / 2, abs=0.2)
    assert third.total == 0 and third.label.endswith("…") and not third.segments
    assert chart.height > third.y


def test_cli_report_html_and_json(checked: None, run_cli, tmp_path: Path) -> None:
    html_path, json_path = tmp_path / "report.html", tmp_path / "report.json"

    result = run_cli("report", "-o", str(html_path))
    assert result.exit_code == 0, result.output
    assert "Not ready" in result.output
    assert html_path.read_text(encoding="utf-8").startswith("<!doctype html>")

    assert run_cli("report", "--json", "-o", str(json_path)).exit_code == 0
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["verdict"]["title"] == "Not ready: 3 problems to resolve first"
    assert {b["label"]: b["total"] for b in data["by_check"]}["encoding"] == 1
    assert data["worst"][1]["findings"][0]["check"] == "not-an-article"


@pytest.mark.browser
def test_report_of_the_sample_reads_well_in_chromium(tmp_path: Path, store_root: Path,
                                                     browser) -> None:
    sample = build_sample_archive(tmp_path / "legacy").root
    ingest([str(sample / name) for name in SAMPLE_INPUTS])
    check_archive()
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(gather_report()), encoding="utf-8")

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")

    assert errors == []
    assert requests == [page_file.as_uri()]  # nothing else fetched
    verdict = page.locator("#verdict h2")
    assert verdict.is_visible()
    assert re.match(r"(Ready to publish|Not ready: \d+ problems? to resolve first)$",
                    verdict.inner_text())
    assert page.locator("h1").inner_text() == "Archive quality report"
    for heading in ("Totals", "Where the problems are", "The worst articles"):
        assert page.get_by_role("heading", name=heading).is_visible()
    charts = page.locator("figure svg")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 400 and box["height"] > 20
    assert page.locator("figure svg rect").count() > 0  # bars drawn
    # Nothing overflows the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1100
    # MORGUE_SCREENSHOTS=docs keeps it (docs/report.png), as the site's screenshots.
    shots = Path(os.environ.get("MORGUE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "report.png"), full_page=True)
    page.close()


def test_ticks_as_code_escapes_first() -> None:
    from morgue.archive.templatetags.report_tags import ticks_as_code

    assert ticks_as_code("run `morgue fix` <now>") == "run <code>morgue fix</code> &lt;now&gt;"
