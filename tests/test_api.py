"""The JSON API with the Django test client: answers, filters, pages, held articles, errors."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from morgue.archive.models import Article, Capture, IngestRun
from morgue.api import schemas
from morgue.search import reindex
from morgue.archive.models import LegacyPath

pytestmark = pytest.mark.django_db

SECTIONS = ("Local", "Business", "Sports")
AUTHORS = ("Ann Lee", "Bob Ray", "Cy Young")
#: a second byline on every fifth article
CO_AUTHOR = "Dee Moss"
COUNT = 40


def make_article(n: int, *, headline: str, section: str = "Local",
                 bylines: list[str] | None = None, published: dt.date | None = None,
                 status: str = Article.Status.PUBLISHED, body: str = "") -> Article:
    run = IngestRun.objects.first() or IngestRun.objects.create()
    capture = Capture.objects.create(
        sha256=f"{n:064x}", size=100, source="test", locator=f"page-{n}", format="mirror",
        legacy_url=f"http://www.eveningledger.com/{n}.html", run=run)
    return Article.objects.create(
        capture=capture, url=f"/{n}/story-{n}/", slug=f"story-{n}",
        legacy_url=capture.legacy_url, headline=headline, dek=f"Dek {n}",
        bylines=bylines or [], published=published, section=section, tags=["port"],
        body=body or f"First paragraph of story {n}.\n\nSecond paragraph.", word_count=9,
        language="en", notice="This article is from the archive.", status=status)


def index() -> None:
    """Index every article, as ingest does at its end."""
    reindex()


def make_archive() -> list[Article]:
    """40 articles: three sections, three authors (and a co-author), dates shared by
    four articles each (ties for the keyset), a few dateless, every seventh held."""
    articles = []
    for i in range(COUNT):
        bylines = [AUTHORS[i % 3]] + ([CO_AUTHOR] if i % 5 == 0 else [])
        published = None if i % 9 == 8 else dt.date(2000 + i // 4, 1, 1)  # four a day
        status = Article.Status.HELD if i % 7 == 3 else Article.Status.PUBLISHED
        articles.append(make_article(i + 1, headline=f"Story number {i + 1}",
                                     section=SECTIONS[i % 3], bylines=bylines,
                                     published=published, status=status))
    return articles


@pytest.fixture
def archive() -> list[Article]:
    articles = make_archive()
    index()
    return articles


@pytest.fixture
def client() -> Client:
    return Client()


def published(articles: list[Article]) -> list[Article]:
    return [a for a in articles if a.status == Article.Status.PUBLISHED]


def newest_first(articles: list[Article]) -> list[int]:
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.published, a.pk),
                   reverse=True)
    dateless = sorted((a for a in articles if not a.published), key=lambda a: a.pk,
                      reverse=True)
    return [a.pk for a in dated + dateless]


def oldest_first(articles: list[Article]) -> list[int]:
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.published, a.pk))
    dateless = sorted((a for a in articles if not a.published), key=lambda a: a.pk)
    return [a.pk for a in dated + dateless]


def walk(client: Client, url: str) -> tuple[list[int], int]:
    """Follow `next` links from ``url``; the ids seen, in order, and the pages fetched."""
    ids, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        pages += 1
        ids += [item["id"] for item in data["items"]]
        url = data["next"]
        assert pages <= 100, "pagination does not end"
    return ids, pages


# -- listing and pages ---------------------------------------------------------------------

def test_list_is_newest_first_with_total(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles").json()
    shown = published(archive)
    assert data["total"] == len(shown)
    assert data["sort"] == "newest"
    assert [item["id"] for item in data["items"]] == newest_first(shown)[:20]
    assert data["items"][0]["score"] is None
    assert data["items"][0]["snippet"].startswith("First paragraph of story")
    assert {f["value"]: f["count"] for f in data["facets"]["section"]} == {
        name: sum(1 for a in shown if a.section == name) for name in SECTIONS}


@pytest.mark.parametrize("sort,order", [("newest", newest_first), ("oldest", oldest_first)])
@pytest.mark.parametrize("limit", [1, 7, 20, 100])
def test_pages_cover_everything_once_in_order(client: Client, archive: list[Article],
                                              sort: str, order, limit: int) -> None:
    ids, pages = walk(client, f"/api/articles?sort={sort}&limit={limit}")
    expected = order(published(archive))
    assert ids == expected  # no repeats, no gaps, ties on the date broken by id
    assert pages == max(1, -(-len(expected) // limit))


def test_pages_with_filters(client: Client, archive: list[Article]) -> None:
    ids, pages = walk(client, "/api/articles?section=Business&date_from=2001-01-01&limit=2")
    expected = [a for a in published(archive) if a.section == "Business"
                and a.published and a.published >= dt.date(2001, 1, 1)]
    assert ids == newest_first(expected)
    assert pages > 1


def test_next_link_keeps_the_query(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles?section=Local&limit=3&sort=oldest").json()
    query = parse_qs(urlsplit(data["next"]).query)
    assert query["section"] == ["Local"] and query["limit"] == ["3"]
    assert query["sort"] == ["oldest"] and query["cursor"] == [data["cursor"]]
    assert data["next"].startswith("http://testserver/api/articles?")


def test_limit_can_change_between_pages(client: Client, archive: list[Article]) -> None:
    first = client.get("/api/articles?limit=5").json()
    rest = client.get(f"/api/articles?limit=100&cursor={first['cursor']}").json()
    ids = [i["id"] for i in first["items"]] + [i["id"] for i in rest["items"]]
    assert ids == newest_first(published(archive))


# -- filters -------------------------------------------------------------------------------

def test_filter_by_section(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles?section=Sports&limit=100").json()
    assert {item["section"] for item in data["items"]} == {"Sports"}
    assert data["total"] == sum(1 for a in published(archive) if a.section == "Sports")


def test_filter_by_author(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles", {"author": CO_AUTHOR, "limit": 100}).json()
    expected = [a for a in published(archive) if CO_AUTHOR in a.bylines]
    assert sorted(i["id"] for i in data["items"]) == sorted(a.pk for a in expected)
    assert all(CO_AUTHOR in item["bylines"] for item in data["items"])
    # As on the site: the name in any case, or its slug; part of a name is not enough.
    for spelling in ("dee moss", "DEE MOSS", "dee-moss"):
        assert client.get("/api/articles", {"author": spelling}).json()["total"] == len(expected)
    assert client.get("/api/articles", {"author": "Dee"}).json()["total"] == 0


def test_filter_by_section_name_or_slug(client: Client, archive: list[Article]) -> None:
    expected = sum(1 for a in published(archive) if a.section == "Business")
    for spelling in ("Business", "business", "BUSINESS"):
        assert client.get("/api/articles", {"section": spelling}).json()["total"] == expected
    assert client.get("/api/articles", {"section": "Busi"}).json()["total"] == 0


def test_filter_by_dates_inclusive(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles?date_from=2002-01-01&date_to=2003-01-01&limit=100").json()
    days = {item["published"] for item in data["items"]}
    assert days == {"2002-01-01", "2003-01-01"}
    assert data["total"] == sum(1 for a in published(archive) if a.published
                                and dt.date(2002, 1, 1) <= a.published <= dt.date(2003, 1, 1))


def test_filters_combine(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles", {"section": "Local", "author": "Ann Lee",
                                        "date_to": "2004-12-31", "limit": 100}).json()
    expected = [a for a in published(archive) if a.section == "Local" and "Ann Lee" in a.bylines
                and a.published and a.published <= dt.date(2004, 12, 31)]
    assert sorted(i["id"] for i in data["items"]) == sorted(a.pk for a in expected)
    assert expected


def test_empty_filters_mean_no_filter(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/articles?section=&author=&q=").json()
    assert data["total"] == len(published(archive))


# -- held articles -------------------------------------------------------------------------

def test_held_articles_are_nowhere(client: Client, archive: list[Article]) -> None:
    held = [a for a in archive if a.status == Article.Status.HELD]
    assert held
    ids, _ = walk(client, "/api/articles?limit=100")
    assert not {a.pk for a in held} & set(ids)
    for article in held:
        response = client.get(f"/api/articles/{article.pk}")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    sections = {s["name"]: s["count"] for s in client.get("/api/sections").json()["items"]}
    assert sum(sections.values()) == len(published(archive))
    authors = {a["name"]: a["count"] for a in client.get("/api/authors").json()["items"]}
    assert authors["Dee Moss"] == sum(1 for a in published(archive) if CO_AUTHOR in a.bylines)


def test_only_author_of_held_articles_is_not_listed(client: Client) -> None:
    make_article(1, headline="Held", bylines=["Hidden Writer"], status=Article.Status.HELD)
    make_article(2, headline="Shown", bylines=["Ann Lee"])
    index()
    names = [a["name"] for a in client.get("/api/authors").json()["items"]]
    assert "Hidden Writer" not in names


# -- one article ---------------------------------------------------------------------------

def test_article_in_full(client: Client) -> None:
    article = make_article(7, headline="Harbor Dredging Plan Approved", section="Local",
                           bylines=["Ann Lee"], published=dt.date(2009, 3, 7),
                           body="The harbor will be dredged.\n\nWork starts in May.")
    copy = Capture.objects.create(
        sha256=article.capture.sha256, size=100, source="test", locator="copy",
        format="mirror", legacy_url="http://eveningledger.com/7.html?print=1",
        duplicate_of=article.capture, run=article.capture.run)
    index()  # the legacy-URL map is rebuilt with the index
    page_two = LegacyPath.objects.create(
        path="/7_2.html", article=article, legacy_url="http://www.eveningledger.com/7_2.html")

    response = client.get(f"/api/articles/{article.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["id"] == article.pk
    assert data["headline"] == "Harbor Dredging Plan Approved"
    assert data["published"] == "2009-03-07"
    assert data["bylines"] == ["Ann Lee"]
    assert data["paragraphs"] == ["The harbor will be dredged.", "Work starts in May."]
    assert data["body"] == "The harbor will be dredged.\n\nWork starts in May."
    assert data["url"] == "http://testserver/7/story-7/"
    assert data["api_url"] == f"http://testserver/api/articles/{article.pk}"
    assert data["legacy_urls"] == ["http://www.eveningledger.com/7.html", copy.legacy_url,
                                   page_two.legacy_url]
    assert data["corrections"] == [] and data["modified"] is None
    assert data["notice"] == "This article is from the archive."


def test_article_shows_published_text_and_applied_corrections(client: Client) -> None:
    from morgue.archive.corrections import add_correction, revert

    article = make_article(8, headline="Mayor Opens Brigde", bylines=["Ann Lee"],
                           body="The new brigde opened.")
    fixed = add_correction(article, "headline", "Brigde", "Bridge", span=(12, 18),
                           kind="editorial", reason="A reader spotted the typo.")
    add_correction(article, "dek", "Dek 8", "Deck", reason="proposed by a check",
                   status="proposed")
    body_fix = add_correction(article, "body", "brigde", "bridge", span=(8, 14),
                              reason="typo")
    undone = revert(body_fix, reason="the paper printed it so")

    index()
    data = client.get(f"/api/articles/{article.pk}").json()

    assert data["headline"] == "Mayor Opens Bridge"  # the published text, not the extraction
    assert data["body"] == "The new brigde opened."  # fixed, then reverted
    assert data["dek"] == "Dek 8"  # proposed is not applied
    shown = {c["id"]: c for c in data["corrections"]}
    assert list(shown) == [fixed.pk, body_fix.pk, undone.pk]
    assert shown[fixed.pk]["kind"] == "editorial" and shown[fixed.pk]["status"] == "applied"
    assert shown[fixed.pk]["reason"] == "A reader spotted the typo."
    assert (shown[fixed.pk]["before"], shown[fixed.pk]["after"]) == ("Brigde", "Bridge")
    assert shown[body_fix.pk]["status"] == "reverted"
    assert shown[undone.pk]["reverts"] == body_fix.pk
    assert data["modified"] is not None
    listed = client.get("/api/articles").json()["items"][0]
    assert listed["headline"] == "Mayor Opens Bridge"


def test_log_that_does_not_apply_shows_the_extraction(client: Client,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    from morgue.archive.models import Correction

    article = make_article(9, headline="Mayor Opens Bridge")
    # Written behind the log's back (add_correction would refuse it): "before" is not there.
    Correction.objects.create(article=article, field="headline", before="Tunnel",
                              after="Road", kind="transfer", reason="x",
                              status=Correction.Status.APPLIED)

    response = client.get(f"/api/articles/{article.pk}")

    assert response.status_code == 200  # the reader is not at fault
    assert response.json()["headline"] == "Mayor Opens Bridge"
    assert "corrections do not apply" in caplog.text


def test_unknown_article_is_a_json_404(client: Client) -> None:
    response = client.get("/api/articles/123456")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "error": "not_found",
                               "message": "no published article with id 123456"}


# -- sections and authors ------------------------------------------------------------------

def test_sections_with_counts(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/sections").json()
    assert [s["name"] for s in data["items"]] == sorted(SECTIONS)
    business = next(s for s in data["items"] if s["name"] == "Business")
    assert business["slug"] == "business"
    assert business["count"] == sum(1 for a in published(archive) if a.section == "Business")
    listing = client.get(business["articles"]).json()
    assert listing["total"] == business["count"]


def test_authors_with_counts_and_pages(client: Client, archive: list[Article]) -> None:
    data = client.get("/api/authors").json()
    assert [a["name"] for a in data["items"]] == sorted([*AUTHORS, CO_AUTHOR])
    assert data["total"] == 4 and data["next"] is None
    ann = data["items"][0]
    assert ann["slug"] == "ann-lee"
    assert client.get(ann["articles"]).json()["total"] == ann["count"]

    names, url = [], "/api/authors?limit=1"
    while url:
        page = client.get(url).json()
        names += [a["name"] for a in page["items"]]
        url = page["next"]
    assert names == sorted([*AUTHORS, CO_AUTHOR])

    assert [a["name"] for a in client.get("/api/authors?prefix=b").json()["items"]] == ["Bob Ray"]


# -- bad requests --------------------------------------------------------------------------

@pytest.mark.parametrize("query,param", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
    ("date_from=2009-02-30", "date_from"), ("date_to=yesterday", "date_to"),
    ("date_from=2009-13-01", "date_from"), ("sort=best", "sort"),
    ("q=" + "x" * 501, "q"), ("section=%00", "section"), ("author=a%00b", "author"),
    ("q=harbor%00", "q"),
])
def test_bad_parameters_are_422_with_a_message(client: Client, query: str, param: str) -> None:
    response = client.get(f"/api/articles?{query}")
    assert response.status_code == 422
    data = response.json()
    assert data["status"] == 422 and data["error"] == "invalid_parameters"
    assert data["details"][0]["param"] == param
    assert data["message"].startswith(f"{param}: ")


def test_dates_out_of_order_are_422(client: Client) -> None:
    response = client.get("/api/articles?date_from=2010-01-01&date_to=2009-01-01")
    assert response.status_code == 422
    assert response.json()["message"] == "date_from (2010-01-01) is after date_to (2009-01-01)"


@pytest.mark.parametrize("path", ["/api/articles/0", "/api/articles/-1",
                                  "/api/articles/99999999999999999999"])
def test_article_ids_out_of_range_are_422(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["details"][0]["param"] == "article_id"


def test_tampered_cursor_is_400(client: Client, archive: list[Article]) -> None:
    token = client.get("/api/articles?limit=5").json()["cursor"]
    for bad in ("junk", token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                token.replace(":", ".", 1)):
        response = client.get("/api/articles", {"cursor": bad})
        assert response.status_code == 400, bad
        assert response.json()["error"] == "invalid_cursor"
        assert "cursor" in response.json()["message"]


def test_cursor_of_another_query_is_400(client: Client, archive: list[Article]) -> None:
    token = client.get("/api/articles?section=Local&limit=2").json()["cursor"]
    response = client.get("/api/articles", {"section": "Sports", "cursor": token})
    assert response.status_code == 400
    assert response.json()["error"] == "cursor_mismatch"
    token = client.get("/api/authors?limit=1").json()["cursor"]
    assert client.get("/api/articles", {"cursor": token}).status_code == 400
    assert client.get("/api/authors", {"cursor": "x"}).status_code == 400


def test_wrong_method_is_a_json_405(client: Client) -> None:
    response = client.post("/api/articles", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["message"] == "POST is not allowed here; use GET"


def test_unknown_api_path_is_a_json_404(client: Client) -> None:
    response = client.get("/api/nope/nothing")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


# -- description and docs ------------------------------------------------------------------

def test_openapi_description(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    public = {path for path in schema["paths"] if not path.startswith("/api/desk/")}
    assert public == {"/api/articles", "/api/articles/{article_id}", "/api/sections",
                      "/api/authors"}
    assert "/api/desk/findings" in schema["paths"]  # the editors' part, by token
    params = {p["name"] for p in schema["paths"]["/api/articles"]["get"]["parameters"]}
    assert params == {"q", "section", "author", "date_from", "date_to", "sort", "limit", "cursor"}


def test_docs_page_uses_local_files(client: Client) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/openapi.json" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: a strict CSP can allow 'self' only
    asset = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset["Content-Type"] == "text/javascript"
    assert client.get("/api/docs/assets/redoc.standalone.js.map").status_code == 404


@pytest.mark.parametrize(("path", "name", "limit"), [
    ("/api/authors", "prefix", schemas.MAX_NAME_LENGTH),
    ("/api/articles", "section", schemas.MAX_NAME_LENGTH),
    ("/api/articles", "q", schemas.MAX_QUERY_LENGTH),
])
def test_length_limits_hold_for_what_was_sent_before_trimming(client: Client, path: str,
                                                              name: str, limit: int) -> None:
    # schemathesis found this: the schema says maxLength, the API trimmed first, so a
    # value of no-break spaces past the limit was answered 200
    too_long = "\u00a0" * (limit + 1)
    assert client.get(path, {name: too_long}).status_code == 422
    assert client.get(path, {name: "\u00a0" * limit}).status_code == 200
