"""Layout tables read as blocks, data tables kept: unit verdicts, the sample's 2003 pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from morgue.pipeline.extract import extract_article
from morgue.pipeline.extract.layout import (
    REASON_BLOCKS,
    REASON_FRAME,
    REASON_GRID,
    REASON_HEADERS,
    REASON_HEADING,
    REASON_LONG_CELL,
    REASON_NESTED,
    REASON_ONE_CELL,
    REASON_ONE_COLUMN,
    REASON_ONE_ROW,
    REASON_ROLE,
    classify_table,
    unwrap_layout_tables,
)
from morgue.pipeline.records import Article, RawPage
from morgue.sample import build_sample_archive
from morgue.sample.layouts import Page, render_2003, render_2009
from morgue.sample.stories import BY_SLUG

#: An invented box score in the form CMS-era sports pages used: caption, header cells.
BOX_SCORE = """<table class="linescore" width="100%" cellpadding="2" border="0">
<caption>Pilots 6, Loons 2</caption>
<tr><th>Team</th><th>R</th><th>H</th><th>E</th></tr>
<tr><td>Lakeport Loons</td><td>2</td><td>7</td><td>1</td></tr>
<tr><td>Port Alden Pilots</td><td>6</td><td>11</td><td>0</td></tr>
</table>
"""
#: ... and standings the 2000s way: no header cells, a bold title row spanning the columns.
STANDINGS = """<table width="300" cellpadding="3" border="1">
<tr><td colspan="3"><b>Northern Division</b></td></tr>
<tr><td>Port Alden</td><td>88</td><td>54</td></tr>
<tr><td>Lakeport</td><td>80</td><td>62</td></tr>
</table>
"""
DATA_CELLS = ("Lakeport Loons", "Port Alden Pilots", "Northern Division", "Lakeport", "88", "62")

#: What trafilatura's rendering of a table row looks like: "| a | b |", "\|" inside a cell.
_TABLE_ROW = re.compile(r"^\||\|$|\\\|")


def _table(html: str) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    return next(root.iter("table"))


# --- verdicts ---------------------------------------------------------------------------

_P = "<p>A story paragraph.</p>"
_LONG = " ".join(["word"] * 90)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ('<table role="presentation"><tr><th>a</th><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>',
         REASON_ROLE),
        ("<table><tr><td>nav</td><td><table><tr><td>x</td></tr></table></td></tr>"
         "<tr><th>h</th><td>f</td></tr></table>", REASON_NESTED),
        ("<table><tr><th>Section</th></tr><tr><td><h1>Headline</h1></td></tr></table>", REASON_HEADING),
        (f"<table><tr><th>x</th><th>y</th></tr><tr><td>1</td><td>{_LONG}</td></tr></table>",
         REASON_LONG_CELL),
        (f"<table><tr><td>Local</td><td>{_P}{_P}</td></tr><tr><td>a</td><td>b</td></tr></table>",
         REASON_BLOCKS),
        ('<table width="40%" align="right"><tr><td>A pull quote.</td></tr></table>', REASON_ONE_CELL),
        ("<table><tr><td>Home</td><td>News</td><td>Sports</td></tr></table>", REASON_ONE_ROW),
        ("<table><tr><td>Local</td></tr><tr><td>Business</td></tr><tr><td>Sports</td></tr></table>",
         REASON_ONE_COLUMN),
        ('<table width="600" cellpadding="0"><tr><td>logo</td><td>search</td></tr>'
         "<tr><td>menu</td></tr></table>", REASON_FRAME),
        ('<table width="600"><tr><td colspan="2">Harbor photos</td></tr><tr><td>photo</td>'
         f"<td>{' '.join(['caption'] * 30)}</td></tr></table>", REASON_FRAME),
    ],
)
def test_layout_tables(html: str, reason: str) -> None:
    verdict = classify_table(_table(html))
    assert (verdict.layout, verdict.reason) == (True, reason)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (BOX_SCORE, REASON_HEADERS),
        (STANDINGS, REASON_GRID),  # a title row spanning the columns still lines up
        # tide table: rows of short cells, no header cells, presentational attributes
        ('<table width="100%" cellpadding="2">' + "".join(
            f"<tr><td>Mar. {d}</td><td>5:{d}2 a.m.</td><td>9.{d} ft</td></tr>" for d in range(1, 6))
         + "</table>", REASON_GRID),
        # pasted from Word: every cell wrapped in one <p>; some CMSs add a <div> around it
        ("<table>" + "".join(f"<tr><td><p>Ward {w}</p></td><td><div><p>{w}12</p></div></td></tr>"
                             for w in range(4)) + "</table>", REASON_GRID),
        # a script in a cell is not text: 3 rows of short cells in columns
        ('<table width="100%"><tr><td>Harbor</td><td>High</td></tr><tr><td>Pier 4</td><td>9.1 ft</td></tr>'
         f'<tr><td>Fenwick</td><td>8.7 ft<script>{_LONG}</script></td></tr></table>', REASON_GRID),
        # a list in one cell of a results table with header cells
        ("<table><tr><th>Race</th><th>Winners</th></tr><tr><td>Council</td>"
         "<td><ul><li>Bissett</li><li>Tull</li></ul></td></tr></table>", REASON_HEADERS),
    ],
)
def test_data_tables(html: str, reason: str) -> None:
    verdict = classify_table(_table(html))
    assert (verdict.layout, verdict.reason) == (False, reason)


def test_unwrap_keeps_text_order_and_nested_data_tables() -> None:
    root = lxml.html.document_fromstring(
        '<html><body><table width="760" cellpadding="0"><colgroup><col width="140"></colgroup><tbody>'
        "<tr><td>Sections<br>Local</td><td><p>First.</p><p>Second.</p>"
        f"{BOX_SCORE}<p>Third.</p></td></tr></tbody></table></body></html>"
    )
    before = root.text_content()
    report = unwrap_layout_tables(root)
    assert report.unwrapped == [REASON_NESTED] and report.kept == 1
    assert root.text_content() == before
    assert [t.get("class") for t in root.iter("table")] == ["linescore"]
    outer = root.find("body")[0]
    assert outer.tag == "div" and outer.get("width") == "760"  # attributes kept
    assert not [e for e in outer.iter("tr", "td", "tbody", "col", "colgroup")
                if next(e.iterancestors("table"), None) is None]


# --- extraction -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("sample")
    build_sample_archive(root)
    return root, json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))["articles"]


def _extract(root: Path, entry: dict[str, Any]) -> Article:
    page = RawPage((root / entry["file"]).read_bytes(), str(root / "mirror"), entry["locator"], "mirror",
                   legacy_url=entry["url"], content_type="text/html")
    return extract_article(page)


def _is_pagination(paragraph: str) -> bool:
    return re.search(r"\bPage \d+ of \d+\b", paragraph) is not None


def _collapse_repeats(paragraphs: list[str]) -> list[str]:
    """The page prints one paragraph twice in a row (cannery-closing's planted duplicate);
    extraction keeps both, the story has it once."""
    return [p for i, p in enumerate(paragraphs) if i == 0 or p != paragraphs[i - 1]]


def test_sample_2003_pages_give_the_story_paragraphs(sample: tuple[Path, list[dict[str, Any]]]) -> None:
    root, articles = sample
    pages = [a for a in articles if a.get("layout") == "2003"]
    assert len(pages) == 9  # 7 stories, one over two pages, one under a second URL
    for entry in pages:
        story = BY_SLUG[entry["story"]]
        article = _extract(root, entry)
        where = entry["file"]
        assert not [p for p in article.paragraphs if _TABLE_ROW.search(p)], where
        body = [p for p in article.paragraphs if not _is_pagination(p)]
        if entry["story"] == "cannery-closing":
            assert len(body) == len(story.paragraphs) + 1, "the repeated paragraph is kept"
        body = _collapse_repeats(body)
        story_paragraphs = list(story.paragraphs)
        # a contiguous run of the story's paragraphs: the whole story, or this page's part
        start = story_paragraphs.index(body[0]) if body and body[0] in story_paragraphs else -1
        assert start >= 0, (where, body[:1])
        assert body == story_paragraphs[start:start + len(body)], where
        page_no, page_count = entry.get("page_no", 1), entry.get("page_count", 1)
        assert (start == 0) == (page_no == 1), where
        if page_no == page_count:
            assert body[-1] == story.paragraphs[-1], where
        if page_no == 1:
            assert article.dateline == story.dateline, where
        text = article.body
        for chrome in ("Most E-mailed", "Copyright", "Subscribe", "Classifieds", "Sections",
                       "Archives", "ADVERTISEMENT", "Printer-friendly"):
            assert chrome not in text, (where, chrome)
        assert story.headline not in text and entry["headline"] in (article.headline or ""), where
        assert article.field_sources["paragraphs"].startswith("trafilatura"), where
        assert "3 layout tables read as blocks" in article.field_sources["paragraphs"], where


def test_2009_article_keeps_its_data_tables() -> None:
    story = BY_SLUG["pilots-clinch-division"]
    url = "http://www.eveningledger.com/news/sports/2009/09/06/pilots-clinch-division"
    page = Page(url=url, headline=story.headline, section=story.section, paragraphs=story.paragraphs,
                dek=story.dek, bylines=story.bylines, published=story.published, dateline=story.dateline)
    for render in (render_2009, render_2003):  # a CMS page, and the same tables in a table frame
        charset = "utf-8" if render is render_2009 else page.charset
        html = render(page).decode(charset)
        end_of_second = html.index("</p>", html.index(story.paragraphs[1][:40])) + len("</p>")
        html = html[:end_of_second] + BOX_SCORE + STANDINGS + html[end_of_second:]
        article = extract_article(RawPage(html.encode(charset), "/mirror", "pilots.html", "mirror",
                                          legacy_url=url, content_type="text/html"))
        rows = [p for p in article.paragraphs if _TABLE_ROW.search(p)]
        assert "| Lakeport Loons | 2 | 7 | 1 |" in rows, render.__name__
        assert "| Port Alden | 88 | 54 |" in rows, render.__name__
        assert all(cell in article.body for cell in DATA_CELLS)
        story_part = [p for p in article.paragraphs if p not in rows]
        assert story_part == list(story.paragraphs), render.__name__
        how = article.field_sources["paragraphs"]
        assert how.startswith("trafilatura")
        assert ("3 layout tables read as blocks" in how) == (render is render_2003)
