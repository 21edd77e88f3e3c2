"""What search engines and feed readers get: sitemaps, robots.txt, canonical links, Open
Graph, schema.org NewsArticle JSON-LD, Atom feeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from morgue.archive.models import Article
from morgue.search import reindex
from morgue.site import sitemaps

from .site_helpers import sample_archive

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "http://localhost:8000"  # site 1 as the data migration leaves it


@pytest.fixture
def archive(store_root):
    stories = sample_archive()
    reindex()
    return stories


def xml(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_robots_txt(client, archive):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text


def test_sitemap_index_has_a_sitemap_per_year(client, archive):
    index = xml(client.get("/sitemap.xml"))
    assert index.tag == f"{SM}sitemapindex"
    locations = [e.text for e in index.iter(f"{SM}loc")]
    assert locations == [f"{BASE}/sitemap-{name}.xml"
                         for name in ("pages", "2003", "2009", "undated")]


def test_year_sitemap_lists_that_years_published_articles(client, archive):
    urls = [e.text for e in xml(client.get("/sitemap-2009.xml")).iter(f"{SM}loc")]
    assert set(urls) == {BASE + archive[k].url for k in ("zoning", "jazz", "museum", "navy")}
    assert BASE + archive["held"].url not in urls
    undated = [e.text for e in xml(client.get("/sitemap-undated.xml")).iter(f"{SM}loc")]
    assert undated == [BASE + archive["undated"].url]
    pages = [e.text for e in xml(client.get("/sitemap-pages.xml")).iter(f"{SM}loc")]
    assert f"{BASE}/" in pages and f"{BASE}/sections/arts/" in pages and f"{BASE}/terms/" in pages


def test_sitemaps_are_split_at_the_limit(client, archive, monkeypatch):
    assert sitemaps.URLS_PER_SITEMAP == 50_000
    monkeypatch.setattr(sitemaps.ArticlesSitemap, "limit", 3)
    locations = [e.text for e in xml(client.get("/sitemap.xml")).iter(f"{SM}loc")]
    assert f"{BASE}/sitemap-2009.xml?p=2" in locations
    first = [e.text for e in xml(client.get("/sitemap-2009.xml")).iter(f"{SM}loc")]
    second = [e.text for e in xml(client.get("/sitemap-2009.xml?p=2")).iter(f"{SM}loc")]
    assert len(first) == 3 and len(second) == 1


def test_site_url_setting_names_the_host(client, archive, settings):
    settings.MORGUE_SITE_URL = "https://archive.example.org"
    body = client.get(archive["zoning"].url).content.decode()
    assert f'<link rel="canonical" href="https://archive.example.org{archive["zoning"].url}">' in body
    assert "Sitemap: https://archive.example.org/sitemap.xml" in client.get(
        "/robots.txt").content.decode()


def _ld(body: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_article_has_canonical_open_graph_and_news_article(client, archive):
    zoning = archive["zoning"]
    body = client.get(zoning.url).content.decode()
    assert f'<link rel="canonical" href="{BASE}{zoning.url}">' in body
    for tag in (f'<meta property="og:url" content="{BASE}{zoning.url}">',
                '<meta property="og:type" content="article">',
                '<meta property="og:title" content="Council approves waterfront zoning change, 5-4">',
                '<meta property="og:description" content="Vote clears the way for housing">',
                f'<meta property="og:site_name" content="{settings.MORGUE_PAPER_NAME}">',
                '<meta property="article:published_time" content="2009-06-12">',
                '<meta property="article:section" content="Local">'):
        assert tag in body, tag
    data = _ld(body)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Council approves waterfront zoning change, 5-4"
    assert data["datePublished"] == "2009-06-12" and data["dateModified"] == "2009-06-12"
    assert data["author"] == [{"@type": "Person", "name": "Samuel Reyes",
                               "url": f"{BASE}/authors/samuel-reyes/"}]
    assert data["articleSection"] == "Local"
    assert data["mainEntityOfPage"]["@id"] == f"{BASE}{zoning.url}"
    assert "correction" not in data


def test_json_ld_lists_corrections(client, archive, django_capture_on_commit_callbacks):
    corrections = pytest.importorskip("morgue.archive.corrections")
    jazz = Article.objects.get(pk=archive["jazz"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        entry = corrections.add_correction(jazz, "section", "Arts", "Music", kind="editorial",
                                           reason="This story was filed under the wrong section.")
    data = _ld(client.get(jazz.url).content.decode())
    assert data["articleSection"] == "Music"
    assert data["correction"] == [{
        "@type": "CorrectionComment", "text": "This story was filed under the wrong section.",
        "datePublished": entry.created.date().isoformat(),
        "url": f"{BASE}{jazz.url}#correction-{entry.pk}"}]
    assert data["dateModified"] == entry.created.date().isoformat()


def test_corrections_feed(client, archive, django_capture_on_commit_callbacks):
    corrections = pytest.importorskip("morgue.archive.corrections")
    feed = xml(client.get("/feeds/corrections/"))
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []
    jazz = Article.objects.get(pk=archive["jazz"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        entry = corrections.add_correction(jazz, "dek", "", "A smaller festival returns",
                                           kind="editorial", reason="A <dek> was missing & added.")
        corrections.add_correction(jazz, "headline", jazz.headline, jazz.headline + ".",
                                   kind="transfer", reason="transfer fix")
    response = client.get("/feeds/corrections/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = xml(response).findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}title").text == f"Correction: {jazz.headline}."
    assert entries[0].find(f"{ATOM}link").get("href") == f"{BASE}{jazz.url}#correction-{entry.pk}"
    assert entries[0].find(f"{ATOM}summary").text == "A &lt;dek&gt; was missing &amp; added."


def test_section_feed(client, archive):
    feed = xml(client.get("/feeds/sections/arts/"))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Jazz festival returns to Founders Park",
                      "Maritime Museum reopens with its lighthouse lens restored"]
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Helen Marsh"
    body = client.get("/sections/arts/").content.decode()
    assert 'type="application/atom+xml"' in body and "/feeds/sections/arts/" in body
