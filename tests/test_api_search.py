"""/api/articles?q=…: ranked full-text search through the API, with the real index."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from morgue.api import queries
from morgue.archive.corrections import add_correction
from morgue.archive.models import Article
from morgue.search import SearchHit, SearchResult, reindex

from .test_api import index, make_article

# Every test on each search backend (tests/conftest.py search_engine).
pytestmark = pytest.mark.usefixtures("search_engine")

STORIES = [
    # (headline, section, byline, published, body)
    ("Harbor Dredging Plan Approved", "Local", "Ann Lee", dt.date(2009, 3, 7),
     "The council voted to dredge the harbor channel before the summer."),
    ("Dredging Delayed by Storm", "Local", "Bob Ray", dt.date(2009, 5, 2),
     "Work on the harbor stopped when the storm came in."),
    ("Shipyard Wins Navy Contract", "Business", "Ann Lee", dt.date(2008, 6, 12),
     "The shipyard by the harbor will build two ships."),
    ("Pilots Clinch Division", "Sports", "Cy Young", dt.date(2007, 9, 30),
     "The Pilots won at home; the harbor fireworks followed."),
    ("Cannery Closing", "Business", "Bob Ray", dt.date(2003, 1, 15),
     "The last cannery on the waterfront will close in March."),
]


@pytest.fixture
def stories(search_engine: str) -> list[Article]:
    articles = [make_article(n, headline=h, section=s, bylines=[b], published=d, body=body)
                for n, (h, s, b, d, body) in enumerate(STORIES, start=1)]
    articles.append(make_article(99, headline="Harbor Secret", body="harbor harbor harbor",
                                 status=Article.Status.HELD))
    index()
    return articles


@pytest.fixture
def client() -> Client:
    return Client()


def ids(data: dict) -> list[int]:
    return [item["id"] for item in data["items"]]


def test_search_ranks_and_marks(client: Client, stories: list[Article]) -> None:
    data = client.get("/api/articles", {"q": "dredging"}).json()
    assert data["sort"] == "relevance" and data["total"] == 2
    assert set(ids(data)) == {stories[0].pk, stories[1].pk}
    first = data["items"][0]
    assert first["score"] > 0
    assert "<mark>" in first["snippet"] or "<mark>" in data["items"][1]["snippet"]


def test_search_with_filter_and_facets(client: Client, stories: list[Article]) -> None:
    everywhere = client.get("/api/articles", {"q": "harbor"}).json()
    assert everywhere["total"] == 4  # the held story is not searchable
    assert {f["value"]: f["count"] for f in everywhere["facets"]["section"]} == {
        "Local": 2, "Business": 1, "Sports": 1}
    local = client.get("/api/articles", {"q": "harbor", "section": "local"}).json()
    assert set(ids(local)) == {stories[0].pk, stories[1].pk}
    assert local["facets"]["section"] == [{"value": "Local", "count": 2}]
    assert {f["value"] for f in local["facets"]["author"]} == {"Ann Lee", "Bob Ray"}
    assert local["facets"]["year"] == [{"value": "2009", "count": 2}]
    dated = client.get("/api/articles", {"q": "harbor", "date_to": "2008-12-31",
                                         "author": "Ann Lee"}).json()
    assert ids(dated) == [stories[2].pk]


def test_search_sorted_by_date(client: Client, stories: list[Article]) -> None:
    data = client.get("/api/articles", {"q": "harbor", "sort": "oldest"}).json()
    assert ids(data) == [stories[3].pk, stories[2].pk, stories[0].pk, stories[1].pk]
    assert all(item["published"] for item in data["items"])


def test_search_pages_cover_every_hit_once(client: Client, stories: list[Article]) -> None:
    seen, url = [], "/api/articles?q=harbor&limit=1"
    while url:
        data = client.get(url).json()
        seen += ids(data)
        url = data["next"]
    assert sorted(seen) == sorted(a.pk for a in stories[:4])
    assert len(seen) == 4


def test_search_reads_published_text(client: Client, stories: list[Article]) -> None:
    add_correction(stories[4], "headline", "Cannery Closing", "Cannery Closing for Good",
                   kind="editorial", reason="The headline was cut in the move.")
    reindex([stories[4].pk])
    data = client.get("/api/articles", {"q": "good"}).json()
    assert ids(data) == [stories[4].pk]
    assert data["items"][0]["headline"] == "Cannery Closing for Good"


def test_query_of_nothing_but_punctuation(client: Client, stories: list[Article]) -> None:
    for q in ('"', "-", "OR", "*", "()", '"harbor', "NEAR(a b)", "a:b", "^"):
        response = client.get("/api/articles", {"q": q})
        assert response.status_code == 200, q


def test_search_cursor_is_tied_to_its_query(client: Client, stories: list[Article]) -> None:
    token = client.get("/api/articles?q=harbor&limit=1").json()["cursor"]
    other = client.get("/api/articles", {"q": "dredging", "cursor": token})
    assert other.status_code == 400 and other.json()["error"] == "cursor_mismatch"
    assert client.get("/api/articles", {"cursor": token}).status_code == 400
    resorted = client.get("/api/articles", {"q": "harbor", "sort": "newest", "cursor": token})
    assert resorted.status_code == 400


def test_held_article_from_a_stale_index_is_dropped(client: Client, stories: list[Article],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    held = stories[-1]
    stale = SearchResult([SearchHit(held.pk, 9.0, "x"), SearchHit(stories[0].pk, 1.0, "y")], 2)
    monkeypatch.setattr(queries, "search", lambda query: stale)
    assert ids(client.get("/api/articles?q=harbor").json()) == [stories[0].pk]


def test_search_refusing_the_query_is_400(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(query):
        raise ValueError("limit must be a whole number from 0 to 100")

    monkeypatch.setattr(queries, "search", refuse)
    response = client.get("/api/articles", {"q": "harbor"})
    assert response.status_code == 400
    assert response.json() == {
        "status": 400, "error": "invalid_query",
        "message": "the search was refused: limit must be a whole number from 0 to 100"}
