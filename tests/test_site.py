"""The public site through Django's test client: every view, held articles, escaping,
security headers. Runs on SQLite and again on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from morgue.archive.models import Article
from morgue.search import reindex

from .site_helpers import make_article, sample_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(store_root):
    stories = sample_archive()
    reindex()
    return stories


def html(response) -> str:
    return response.content.decode()


# -- every page answers -----------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/", "/search/", "/search/?q=harbor", "/search/?section=Arts", "/sections/",
    "/sections/local/", "/authors/", "/authors/helen-marsh/", "/dates/", "/2009/",
    "/2009/06/", "/2009/06/12/", "/undated/", "/corrections/", "/terms/", "/privacy/",
    "/robots.txt", "/sitemap.xml", "/sitemap-2009.xml", "/feeds/corrections/",
    "/feeds/sections/arts/", "/static/site/site.css", "/static/site/print.css",
])
def test_every_page_answers(client, archive, path):
    response = client.get(path)
    assert response.status_code == 200, path
    if response["Content-Type"].startswith("text/html"):
        body = html(response)
        assert settings.MORGUE_PAPER_NAME in body
        assert '<link rel="canonical"' in body


@pytest.mark.parametrize("path", [
    "/sections/nope/", "/authors/nobody/", "/1999/", "/2009/13/", "/2009/02/30/",
    "/2009/06/12/no-such-story/", "/articles/999999/original/",
    "/articles/999999/original/capture", "/feeds/sections/nope/", "/sitemap-1850.xml",
    "/sections/local/?page=99",
])
def test_what_is_not_there_is_404(client, archive, path):
    response = client.get(path)
    assert response.status_code == 404, path


def test_pages_only_answer_reading(client, archive):
    assert client.post("/").status_code == 405
    assert client.post(archive["zoning"].url).status_code == 405


def test_security_headers_on_every_response(client, archive):
    for path in ("/", archive["zoning"].url, "/search/?q=harbor", "/nothing-here",
                 "/static/site/site.css"):
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "'unsafe-inline'" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Permissions-Policy"].startswith("camera=()")
    assert client.get("/").headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_on_site_pages(client, archive):
    for path in ("/", archive["zoning"].url, "/search/?q=harbor", "/sections/local/"):
        body = html(client.get(path))
        for tag in re.findall(r"<script\b[^>]*>", body):
            assert 'type="application/ld+json"' in tag, (path, tag)


# -- the article page ----------------------------------------------------------------------

def test_article_page_shows_the_story(client, archive):
    zoning = archive["zoning"]
    response = client.get(zoning.url)
    assert response.status_code == 200
    body = html(response)
    assert "<h1 class=\"article__headline\">Council approves waterfront zoning change, 5-4</h1>" in body
    assert "Vote clears the way for housing" in body
    assert '<a href="/authors/samuel-reyes/" rel="author">Samuel Reyes</a>' in body
    assert '<span class="dateline">PORT ALDEN</span>' in body
    assert '<time datetime="2009-06-12">Friday, June 12, 2009</time>' in body
    assert '<a href="/sections/local/">Local</a>' in body
    assert settings.MORGUE_ARCHIVE_NOTICE in body
    assert f'href="/articles/{zoning.pk}/original/"' in body
    assert body.count("<p>") >= 2


def test_held_articles_are_never_shown(client, archive):
    held = archive["held"]
    assert client.get(held.url).status_code == 404
    assert client.get(f"/articles/{held.pk}/original/").status_code == 404
    assert client.get(f"/articles/{held.pk}/original/capture").status_code == 404
    for path in ("/", "/2009/", "/2009/05/", "/2009/05/02/", "/search/?q=sorry",
                 "/search/?date_from=2009-05-01&date_to=2009-05-31"):
        assert "Page not found" not in html(client.get(path)), path


def test_articles_held_after_indexing_stay_hidden(client, archive):
    Article.objects.filter(pk=archive["jazz"].pk).update(status=Article.Status.HELD)
    assert client.get(archive["jazz"].url).status_code == 404
    for path in ("/", "/sections/arts/", "/authors/helen-marsh/", "/2009/07/",
                 "/search/?q=jazz", "/feeds/sections/arts/", "/sitemap-2009.xml"):
        assert "Jazz festival returns" not in html(client.get(path)), path


def test_legacy_text_is_escaped(client, store_root):
    story = make_article('Letters: "<b>Bold</b>" & <script>alert(1)</script>',
                         "A reader: <img src=x onerror=alert(1)> & <i>friends</i>.",
                         dek="<em>dek</em>", bylines=["<Ed> Smith"], dateline="<PORT>")
    reindex()
    body = html(client.get(story.url))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<em>dek</em>" not in body and "&lt;PORT&gt;" in body
    assert "&lt;Ed&gt; Smith" in body
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)[1]
    assert "<" not in ld and "\\u003cscript" in ld


def test_article_without_slash_is_sent_to_its_url(client, archive):
    response = client.get(archive["zoning"].url.rstrip("/"))
    assert response.status_code == 301 and response["Location"] == archive["zoning"].url
    assert client.get("/admin").status_code == 301


def test_undated_article(client, archive):
    body = html(client.get(archive["undated"].url))
    assert "Date of publication unknown" in body
    assert "Pilots drop opener" in html(client.get("/undated/"))


# -- corrections -----------------------------------------------------------------------------

@pytest.fixture
def corrected(archive, django_capture_on_commit_callbacks):
    corrections = pytest.importorskip("morgue.archive.corrections")
    dredge = Article.objects.get(pk=archive["dredge"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        editorial = corrections.add_correction(
            dredge, "body", "$14 million", "$41 million", span=(dredge.body.index("$14 million"),
                                                                dredge.body.index("$14 million") + 11),
            kind="editorial", reason="An earlier version of this article misstated the cost of "
                                     "the dredging plan. It is $41 million, not $14 million.")
        corrections.add_correction(dredge, "headline", dredge.headline,
                                   "State backs plan to dredge Port Alden Harbor",
                                   kind="transfer", reason="capitalisation lost in transfer")
    return dredge, editorial


def test_editorial_corrections_are_shown_like_a_paper_does(client, corrected):
    dredge, editorial = corrected
    body = html(client.get(dredge.url))
    assert "$41 million plan" in body and "$14 million plan" not in body
    assert f'id="correction-{editorial.pk}"' in body
    assert "An earlier version of this article misstated the cost" in body
    assert "capitalisation lost in transfer" not in body  # transfer fixes are the log's
    assert 'href="#corrections">Corrected</a>' in body
    listing = html(client.get("/corrections/"))
    assert "misstated the cost" in listing and "capitalisation" not in listing
    assert f'{dredge.url}#correction-{editorial.pk}' in listing
    assert f"{dredge.url}#correction-{editorial.pk}" in html(client.get("/"))


def test_reverted_corrections_disappear(client, corrected):
    from morgue.archive import corrections

    dredge, editorial = corrected
    corrections.revert(editorial, reason="the original figure was right")
    body = html(client.get(dredge.url))
    assert "$14 million plan" in body
    assert "misstated the cost" not in body
    assert "misstated the cost" not in html(client.get("/corrections/"))


# -- the original page -------------------------------------------------------------------------

def test_original_page_frames_the_capture_safely(client, archive):
    zoning = archive["zoning"]
    body = html(client.get(f"/articles/{zoning.pk}/original/"))
    assert f'src="/articles/{zoning.pk}/original/capture"' in body
    assert 'sandbox=""' in body
    assert "http://www.eveningledger.com/news/local/2009/06/12/council-waterfront-zoning" in body
    assert zoning.capture.sha256 in body

    response = client.get(f"/articles/{zoning.pk}/original/capture")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp  # default-src 'none' covers it
    assert "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    frame = html(response)
    assert "Council approves waterfront zoning change" in frame
    for active in ("<script", "onload", "onerror", "<iframe", "<form", "http-equiv",
                   "<base", "javascript:", "<link", "@import", "url("):
        assert active not in frame.lower(), active
    assert "eveningledger.com" not in frame  # no address of the old site is left to fetch
    assert "href=" not in frame and "src=" not in frame
    assert "color: #222" in frame  # the page's own look is kept


def test_text_captures_are_shown_as_text(client, archive):
    response = client.get(f"/articles/{archive['undated'].pk}/original/capture")
    frame = html(response)
    assert "<pre>" in frame and "&lt;b&gt;The Pilots&lt;/b&gt;" in frame


def test_missing_capture_bytes(client, archive, store_root):
    zoning = archive["zoning"]
    sha = zoning.capture.sha256
    (store_root / sha[:2] / sha[2:4] / f"{sha}.gz").unlink()
    assert "not in the capture store" in html(client.get(f"/articles/{zoning.pk}/original/"))
    assert client.get(f"/articles/{zoning.pk}/original/capture").status_code == 404


# -- browsing ----------------------------------------------------------------------------------

def test_home_invites_exploring(client, archive, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 6, 12))
    body = html(client.get("/"))
    assert "On this day" in body
    assert "Council approves waterfront zoning" in body and "Kessler Marine" in body
    assert '<a href="/sections/arts/">Arts</a> <span class="count">2</span>' in body
    assert '<a href="/2003/">2003</a>' in body
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2024, 6, 13))
    assert "On July 18" in html(client.get("/"))  # the nearest day with stories


def test_section_author_and_date_pages_list_the_right_stories(client, archive):
    arts = html(client.get("/sections/arts/"))
    assert "Jazz festival" in arts and "Maritime Museum" in arts and "Kessler" not in arts
    assert "/feeds/sections/arts/" in arts
    reyes = html(client.get("/authors/samuel-reyes/"))
    assert "Council approves" in reyes and "Maritime Museum" in reyes and "Jazz" not in reyes
    authors = html(client.get("/authors/"))
    assert '<a href="/authors/helen-marsh/">Helen Marsh</a> <span class="count">2</span>' in authors
    year = html(client.get("/2009/"))
    assert 'href="/2009/06/"' in year and 'href="/2009/07/"' in year and 'href="/2009/05/"' not in year
    june = html(client.get("/2009/06/"))
    assert 'href="/2009/06/12/"' in june and "Maritime Museum" in june
    day = html(client.get("/2009/06/12/"))
    assert "Council approves" in day and "Kessler" in day and "Maritime" not in day


def test_lists_are_paginated(client, store_root):
    for n in range(25):
        make_article(f"Story number {n}", "Text.", section="Local", published=dt.date(2005, 1, 1 + n))
    reindex()
    first = html(client.get("/sections/local/"))
    assert "Story number 24" in first and "Story number 4<" not in first
    assert 'rel="next" href="?page=2"' in first
    assert "Story number 4<" in html(client.get("/sections/local/?page=2"))


# -- search page ---------------------------------------------------------------------------------

def test_search_page_without_javascript(client, archive):
    body = html(client.get("/search/"))
    assert '<form class="search-form" action="/search/" method="get"' in body
    assert "How to search" in body
    body = html(client.get("/search/?q=harbor"))
    assert "2 articles for “harbor”" in body
    assert "<mark>harbor</mark>" in body or "<mark>Harbor</mark>" in body
    assert "?q=harbor&amp;section=Local" in body  # facet links apply a filter
    assert "?q=harbor&amp;author=Helen+Marsh" in body
    assert "?q=harbor&amp;date_from=2009-01-01&amp;date_to=2009-12-31" in body
    assert "Newest first" in body


def test_search_page_filters_and_removes_them(client, archive):
    body = html(client.get("/search/?q=harbor&section=Arts"))
    assert "1 article for “harbor”" in body
    assert "Maritime Museum" in body and "State backs plan" not in body
    assert 'href="?q=harbor"' in body  # the filter's remove link
    assert "<strong>Arts</strong>" in body
    body = html(client.get("/search/?author=helen-marsh&date_from=2009-07-01"))
    assert "1 article" in body and "Jazz festival" in body


def test_search_page_sorts_and_pages(client, store_root):
    for n in range(30):
        make_article(f"Harbor story {n:02d}", "The harbor again.", published=dt.date(2001, 1, 1) + dt.timedelta(days=n))
    reindex()
    body = html(client.get("/search/?q=harbor&sort=oldest"))
    assert body.index("Harbor story 00") < body.index("Harbor story 01")
    assert "Page 1 of 2" in body and 'href="?q=harbor&amp;sort=oldest&amp;page=2"' in body
    second = html(client.get("/search/?q=harbor&sort=oldest&page=2"))
    assert "Harbor story 29" in second and "Harbor story 00" not in second
    assert '<ol class="hits" start="21">' in second


def test_search_page_explains_bad_input(client, archive):
    response = client.get("/search/?q=harbor&date_from=2009-13-45")
    assert response.status_code == 400
    assert "Enter a valid date" in html(response)
    response = client.get("/search/?date_from=2010-01-01&date_to=2009-01-01")
    assert response.status_code == 400 and "before the start date" in html(response)
    assert client.get("/search/?sort=sideways").status_code == 400
    assert client.get("/search/?q=harbor&page=0").status_code == 400


def test_search_page_escapes_the_query(client, archive):
    body = html(client.get("/search/", {"q": '<script>alert(1)</script>'}))
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# -- flat pages ----------------------------------------------------------------------------------

def test_terms_and_privacy_are_flat_pages(client, archive):
    from django.contrib.flatpages.models import FlatPage

    assert set(FlatPage.objects.values_list("url", flat=True)) >= {"/terms/", "/privacy/"}
    assert "<h1 class=\"page-title\">Terms of use</h1>" in html(client.get("/terms/"))
    assert "<h1 class=\"page-title\">Privacy</h1>" in html(client.get("/privacy/"))
    page = FlatPage.objects.create(url="/about/", title="About the archive", content="<p>Hi</p>")
    page.sites.add(settings.SITE_ID)
    assert "About the archive" in html(client.get("/about/"))
    body = html(client.get("/"))
    assert 'href="/terms/"' in body and 'href="/privacy/"' in body


def test_not_found_page_helps(client, archive):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in html(response)


# -- a story the old site printed over several pages ----------------------------------------

@pytest.fixture
def two_pages(store_root):
    first = make_article("Nor'easter leaves 18,000 without power",
                         "Wind gusts reached 60 miles an hour.",
                         legacy_url="http://www.eveningledger.com/2003/10/30/local/storm.html")
    second = make_article("Nor'easter leaves 18,000 without power",
                          "Police closed Harbor Road for several hours.",
                          legacy_url="http://www.eveningledger.com/2003/10/30/local/storm_2.html")
    Article.objects.filter(pk=second.pk).update(part_of=first, page_no=2,
                                                first_page_url=first.legacy_url)
    Article.objects.filter(pk=first.pk).update(page_no=1)
    reindex()
    return first, second


def test_a_multi_page_story_is_one_article(client, two_pages):
    from morgue.search import SearchQuery, search

    first, second = two_pages
    body = html(client.get(first.url))
    assert "Wind gusts" in body and "Police closed Harbor Road" in body
    assert body.index("Wind gusts") < body.index("Police closed")
    response = client.get(second.url)
    assert response.status_code == 301 and response["Location"] == first.url
    old = client.get("/2003/10/30/local/storm_2.html")
    assert old.status_code == 301 and old["Location"] == first.url
    assert [h.article_id for h in search(SearchQuery(q="Harbor Road")).hits] == [first.pk]
    assert html(client.get("/2009/06/12/")).count("Nor&#x27;easter leaves") == 1
    original = html(client.get(f"/articles/{first.pk}/original/"))
    assert f'href="/articles/{second.pk}/original/">page 2</a>' in original
    assert client.get(f"/articles/{second.pk}/original/capture").status_code == 200
    # The API tells the same story: one article with both pages' text.
    story = client.get(f"/api/articles/{first.pk}").json()
    assert "Wind gusts" in story["body"] and "Police closed Harbor Road" in story["body"]
    assert client.get(f"/api/articles/{second.pk}").status_code == 404
