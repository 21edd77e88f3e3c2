"""Old URLs keep working: one 301 from every legacy address to the article's new URL."""

from __future__ import annotations

import csv
import io

import pytest

from morgue.archive.models import Article, Finding
from morgue.search import reindex
from morgue.archive.models import LegacyPath
from morgue.archive.redirects import (legacy_key, resolve_legacy, verify_redirects,
                                   write_redirects)

from .site_helpers import make_article, make_copy, sample_archive


@pytest.mark.parametrize("url,key", [
    ("http://www.eveningledger.com/news/a.html", "/news/a.html"),
    ("https://eveningledger.com/news/a.html?id=3&p=2", "/news/a.html?id=3&p=2"),
    ("www.eveningledger.com/news/a.html", "/news/a.html"),
    ("/news/a.html#top", "/news/a.html"),
    ("http://www.eveningledger.com", "/"),
    ("http://www.eveningledger.com/caf%C3%A9/", "/café/"),
    ("", None), ("   ", None), ("mailto:ed@example.com", None),
    ("http://x.com/" + "a" * 3000, None),
])
def test_legacy_key_is_path_and_query(url, key):
    assert legacy_key(url) == key




@pytest.fixture
def archive(db, store_root):
    stories = sample_archive()
    reindex()
    return stories


def test_every_legacy_url_answers_one_301_to_the_article(client, archive):
    for name in ("zoning", "dredge", "jazz", "museum", "navy"):
        article = archive[name]
        response = client.get(legacy_key(article.legacy_url))
        assert response.status_code == 301, name
        assert response["Location"] == article.url
        assert client.get(response["Location"]).status_code == 200  # one hop


def test_matching_ignores_scheme_and_host_but_not_the_query(client, db, store_root):
    story = make_article(legacy_url="http://old.example.com/story.php?id=42&page=1")
    other = make_article(legacy_url="http://old.example.com/story.php?id=43")
    reindex()
    assert resolve_legacy("/story.php", "id=42&page=1") == story.url
    assert resolve_legacy("/story.php", "id=43") == other.url
    assert resolve_legacy("/story.php", "id=44") is None
    assert client.get("/story.php?id=42&page=1")["Location"] == story.url
    assert client.get("/story.php?id=44").status_code == 404


def test_an_extra_query_string_falls_back_to_the_path(client, archive):
    response = client.get("/2003/03/07/local/harbor-dredging-plan.html?utm_source=x")
    assert response.status_code == 301 and response["Location"] == archive["dredge"].url


def test_copies_and_later_pages_redirect_too(client, archive):
    make_copy(archive["jazz"], "https://eveningledger.com/news/arts/features/jazz-festival-returns")
    reindex([archive["jazz"].pk])
    response = client.get("/news/arts/features/jazz-festival-returns")
    assert response.status_code == 301 and response["Location"] == archive["jazz"].url


def test_held_duplicates_redirect_to_the_published_copy(client, archive):
    copy = make_article("Jazz festival returns to Founders Park", "Same story, from the export.",
                        section="Arts", fmt="jsonl",
                        legacy_url="http://www.eveningledger.com/jazz-festival.php?id=9")
    Article.objects.filter(pk=copy.pk).update(status=Article.Status.HELD)
    Finding.objects.create(article=copy, code="duplicate", severity="warning",
                           message="same story as another", related=[archive["jazz"].pk],
                           blocking=True)
    reindex()
    assert client.get(copy.url).status_code == 404  # held: never shown
    response = client.get("/jazz-festival.php?id=9")
    assert response.status_code == 301 and response["Location"] == archive["jazz"].url


def test_held_articles_that_copy_nothing_do_not_redirect(client, archive):
    assert client.get("/news/sports/2009/05/02/pilots-home-opener").status_code == 404


def test_the_published_claimant_wins_a_shared_address(client, db, store_root):
    url = "http://www.eveningledger.com/news/local/shared.html"
    exported = make_article("From the export", fmt="jsonl", legacy_url=url)
    crawled = make_article("From the crawl", fmt="warc", legacy_url=url)
    reindex()
    assert resolve_legacy("/news/local/shared.html") == crawled.url  # crawled ranks first
    Article.objects.filter(pk=crawled.pk).update(status=Article.Status.HELD)
    assert resolve_legacy("/news/local/shared.html") == exported.url  # no rebuild needed
    check = verify_redirects()
    assert check.ok


def test_claims_follow_the_index(archive):
    assert LegacyPath.objects.filter(article=archive["zoning"]).count() == 1
    assert LegacyPath.objects.filter(article=archive["undated"]).count() == 0  # no address
    LegacyPath.objects.all().delete()
    reindex([archive["zoning"].pk])
    assert list(LegacyPath.objects.values_list("article_id", flat=True)) == [archive["zoning"].pk]


def test_verify_redirects_checks_one_hop(archive):
    check = verify_redirects()
    assert check.ok, check.problems
    assert check.redirects == 5 and check.withheld == 1 and check.checked == 6


def test_verify_redirects_reports_addresses_the_new_site_answers(db, store_root):
    make_article(legacy_url="http://www.eveningledger.com/")  # the old front page
    make_article(legacy_url="http://www.eveningledger.com/search/?q=x")
    story = make_article(legacy_url="http://www.eveningledger.com/fine.html")
    make_article(legacy_url=f"http://www.eveningledger.com{story.url}")  # shadowed by an article
    reindex()
    check = verify_redirects()
    assert not check.ok
    problems = dict(check.problems)
    assert set(problems) == {"/", "/search/?q=x", story.url}
    assert "page of the new site" in problems["/"]
    assert "new article URL" in problems[story.url]
    assert check.redirects == 1


def test_export_formats(archive):
    out = io.StringIO()
    assert write_redirects(out, "csv") == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["legacy_path"]: r["new_url"] for r in rows}[
        "/2003/03/07/local/harbor-dredging-plan.html"] == archive["dredge"].url

    out = io.StringIO()
    write_redirects(out, "nginx", base="https://archive.example.org")
    text = out.getvalue()
    assert text.startswith("# morgue") and "map $request_uri $morgue_redirect {" in text
    assert (f'    "/2003/03/07/local/harbor-dredging-plan.html" '
            f'"https://archive.example.org{archive["dredge"].url}";') in text
    assert text.rstrip().endswith("}")

    out = io.StringIO()
    write_redirects(out, "apache")
    text = out.getvalue()
    assert "RewriteEngine On" in text
    assert (f'RewriteRule "^/2003/03/07/local/harbor-dredging-plan\\.html$" '
            f'"{archive["dredge"].url}" [R=301,L,QSD]') in text


def test_export_escapes_addresses(db, store_root):
    story = make_article(legacy_url='http://old.example.com/a "quoted" path.php?x=1&y=$2')
    reindex()
    out = io.StringIO()
    write_redirects(out, "nginx")
    assert '"/a%20%22quoted%22%20path.php?x=1&y=$2"' in out.getvalue()
    out = io.StringIO()
    write_redirects(out, "apache")
    text = out.getvalue()
    assert 'RewriteCond "%{QUERY_STRING}" "^x=1&y=\\$2$"' in text
    assert 'RewriteRule "^/a%20%22quoted%22%20path\\.php$"' in text
    assert story.url in text




def test_later_pages_of_a_story_are_claimed():
    from morgue.archive.redirects import PAGE_URL_FIELDS, _claims, _page_urls

    assert "part_urls" in PAGE_URL_FIELDS  # the field stitching records later pages in
    pages = _page_urls([["http://www.eveningledger.com/a_2.html",
                         {"legacy_url": "http://www.eveningledger.com/a_3.html"}]])
    claims = _claims(7, "http://www.eveningledger.com/a.html",
                     [("http://www.eveningledger.com/a.html", "mirror")], pages)
    assert sorted((c.path, c.rank) for c in claims) == [
        ("/a.html", 0), ("/a_2.html", 0), ("/a_3.html", 0)]
    assert {c.article_id for c in claims} == {7}
