"""Stories over several pages: recognised, kept out of the body, stitched in order."""

from __future__ import annotations

import pytest

from morgue.pipeline.extract import extract_article, stitch
from morgue.pipeline.extract.pages import first_page_url, is_pagination_line, page_number_in_url
from morgue.pipeline.records import Article, PageOf, RawPage
from morgue.sample.layouts import Page, render_2003, render_2009

BASE = "http://www.eveningledger.com"
PARAS = [f"Paragraph {i} of the storm story, long enough to be story text and to end with a full stop, "
         f"as reporters filed it on the night of the storm ({i})." for i in range(1, 9)]


@pytest.mark.parametrize("line", ["Page 1 of 2 | Next page", "Previous page | Page 2 of 2", "Next page \u00bb",
                                  "Continued on page 2", "\u00ab Previous page | Page 2 of 3 | Next page \u00bb"])
def test_pagination_lines(line: str) -> None:
    assert is_pagination_line(line)


@pytest.mark.parametrize("line", ["The next page of the budget shows the cuts.", "Page One", "Next"])
def test_not_pagination(line: str) -> None:
    assert not is_pagination_line(line)


def test_page_numbers_in_urls() -> None:
    assert page_number_in_url(f"{BASE}/2003/10/30/local/storm_2.html") == 2
    assert page_number_in_url(f"{BASE}/news/local/storm?page=3") == 3
    assert page_number_in_url(f"{BASE}/news/local/storm/page/2/") == 2
    assert page_number_in_url(f"{BASE}/news/local/storm-1410") is None
    assert page_number_in_url(f"{BASE}/2003/10/30/local/storm.html") is None
    assert first_page_url(f"{BASE}/2003/10/30/local/storm_2.html") == f"{BASE}/2003/10/30/local/storm.html"
    assert first_page_url(f"{BASE}/news/local/storm?page=2&ref=x") == f"{BASE}/news/local/storm?ref=x"


def _pages(render, make_url) -> list[RawPage]:
    urls = [make_url(1), make_url(2)]
    out = []
    for n, chunk in ((1, PARAS[:4]), (2, PARAS[4:])):
        page = Page(url=urls[n - 1], headline="Storm leaves 18,000 without power", section="Local",
                    paragraphs=chunk, bylines=("Martha Keane",), page_no=n, page_count=2,
                    prev_url=urls[0] if n == 2 else None, next_url=urls[1] if n == 1 else None)
        out.append(RawPage(render(page), "/m", f"p{n}", "mirror", legacy_url=urls[n - 1], content_type="text/html"))
    return out


@pytest.mark.parametrize(("render", "make_url"), [
    (render_2003, lambda n: f"{BASE}/2003/10/30/local/storm{'_2' if n == 2 else ''}.html"),
    (render_2009, lambda n: f"{BASE}/news/local/2009/10/30/storm{'_2' if n == 2 else ''}"),
])
def test_two_page_story_is_stitched_in_order(render, make_url) -> None:
    first, second = (extract_article(p) for p in _pages(render, make_url))
    assert first.page_of is not None and first.page_of.number == 1 and first.page_of.count == 2
    assert first.page_of.next_url == make_url(2)
    assert second.page_of is not None and second.page_of.number == 2
    assert second.page_of.first_url == make_url(1)
    for article in (first, second):
        assert not any("Page" in p and "of 2" in p for p in article.paragraphs)
    stitched = stitch([second, first])  # order of arrival does not matter
    assert len(stitched) == 1
    story = stitched[0]
    assert story.paragraphs == PARAS
    assert story.part_urls == [make_url(2)]
    assert story.legacy_url == make_url(1)
    assert "pages 1, 2 stitched" in story.field_sources["paragraphs"]


def test_stitch_reports_missing_pages_and_orphans() -> None:
    first = Article(headline="A", paragraphs=["one"], legacy_url=f"{BASE}/a.html",
                    page_of=PageOf(1, 3, f"{BASE}/a.html", None, f"{BASE}/a_2.html"))
    third = Article(headline="A", paragraphs=["three"], legacy_url=f"{BASE}/a_3.html",
                    page_of=PageOf(3, 3, f"{BASE}/a.html"))
    orphan = Article(headline="B", paragraphs=["two"], legacy_url=f"{BASE}/b_2.html",
                     page_of=PageOf(2, 2, f"{BASE}/b.html"))
    out = stitch([first, third, orphan])
    assert out[0].paragraphs == ["one", "three"] and out[0].part_urls == [f"{BASE}/a_3.html"]
    assert "pages missing from a multi-page story: 2" in out[0].warnings
    assert out[1] is orphan and "was not found" in orphan.warnings[-1]


def test_one_page_story_has_no_page_of() -> None:
    page = Page(url=f"{BASE}/2003/10/30/local/storm.html", headline="Storm", section="Local", paragraphs=PARAS)
    article = extract_article(RawPage(render_2003(page), "/m", "p", "mirror", legacy_url=page.url,
                                      content_type="text/html"))
    assert article.page_of is None and article.part_urls == []
