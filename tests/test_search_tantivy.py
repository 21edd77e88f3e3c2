"""The tantivy backend (MORGUE_SEARCH_ENGINE=tantivy): the same answers as the database's
own full text, kept in step after commits, and caught up after a crash. The search and
API tests (test_search.py, test_api_search.py) also run on it."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from django.test import Client

from morgue.archive.models import Article
from morgue.search import SearchQuery, catch_up, index_gaps, reindex, search
from morgue.search.backends import backend, database_backend
from morgue.search.backends.tantivy import TantivyBackend
from morgue.search.models import Pending

from .site_helpers import make_article, sample_archive

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = ("harbor", "council", "ferry", "school", "budget", "storm", "museum", "election")
SECTIONS = ("Local", "Business", "Arts", "Sports", "")
WRITERS = ("Ann Lee", "Bob Ray", "Cy Young", "Dee Moss")


@pytest.fixture
def tantivy(settings, tmp_path: Path, store_root: Path) -> Path:
    settings.MORGUE_SEARCH_ENGINE = "tantivy"
    settings.MORGUE_SEARCH_INDEX = tmp_path / "search-index"
    return settings.MORGUE_SEARCH_INDEX


def random_archive(count: int) -> None:
    rng = random.Random(16)
    for n in range(count):
        words = rng.sample(WORDS, 3)
        make_article(f"{words[0].title()} story {n}", f"The {words[1]} and the {words[2]} "
                     f"were in the news. Story {n} of many.", section=rng.choice(SECTIONS),
                     bylines=rng.sample(WRITERS, rng.randint(0, 2)),
                     published=None if n % 17 == 0 else
                     dt.date(1998, 1, 1) + dt.timedelta(days=rng.randrange(5000)))
    reindex()


@pytest.mark.parametrize("query", [
    SearchQuery(q="harbor"), SearchQuery(q="harbor council", limit=5),
    SearchQuery(q="ferry OR museum -storm", sort="newest"),
    SearchQuery(q="storms", section="Local", sort="oldest"),
    SearchQuery(q="story", author="ann-lee", date_from=dt.date(2003, 1, 1), sort="newest"),
    SearchQuery(section="Arts", date_to=dt.date(2005, 6, 30)),
    SearchQuery(limit=0), SearchQuery(sort="oldest", offset=40, limit=30),
])
def test_the_same_totals_facets_and_dated_orders_as_the_database(tantivy, query):
    random_archive(90)
    fast, own = backend().search(query), database_backend().search(query)
    assert isinstance(backend(), TantivyBackend)
    assert fast.total == own.total > 0
    assert fast.facets == own.facets  # exact counts, not estimates
    if query.sort != "relevance":
        assert [h.article_id for h in fast.hits] == [h.article_id for h in own.hits]
    else:
        assert len(fast.hits) == len(own.hits)


def test_a_commit_the_index_never_applied_is_found_and_caught_up(tantivy, monkeypatch, run_cli):
    archive = sample_archive()
    reindex()
    assert not index_gaps()
    # kill -9 after the database committed, before the index applied it
    monkeypatch.setattr(TantivyBackend, "sync", lambda self: 0)
    late = make_article("Zeppelin hangar reopens", "The zeppelin hangar opens again.")
    Article.objects.filter(pk=archive["jazz"].pk).update(status=Article.Status.HELD)
    reindex([late.pk, archive["jazz"].pk])
    monkeypatch.undo()
    assert set(Pending.objects.values_list("article_id", flat=True)) >= {late.pk}
    assert search(SearchQuery(q="zeppelin")).total == 0
    assert late.pk in index_gaps().missing and archive["jazz"].pk in index_gaps().extra
    verified = run_cli("verify")
    assert verified.exit_code == 1 and "missing from the search index" in verified.output
    assert catch_up() == 2
    assert [h.article_id for h in search(SearchQuery(q="zeppelin")).hits] == [late.pk]
    assert search(SearchQuery(q="jazz")).total == 0
    assert not index_gaps() and not Pending.objects.exists()
    assert catch_up() == 0  # a rerun finds nothing to do


def test_a_new_index_folder_is_filled_from_the_database(tantivy, settings, tmp_path):
    sample_archive()
    reindex()
    before = search(SearchQuery(q="harbor"))
    settings.MORGUE_SEARCH_INDEX = tmp_path / "elsewhere"
    assert len(index_gaps().missing) == 6
    assert catch_up() == 6
    again = search(SearchQuery(q="harbor OR waterfront"))
    assert {h.article_id for h in before.hits} < {h.article_id for h in again.hits}
    assert not index_gaps()


def test_the_site_search_page_answers_from_tantivy(tantivy):
    archive = sample_archive()
    reindex()
    page = Client().get("/search/", {"q": "harbor", "section": "Arts"})
    assert page.status_code == 200
    html = page.content.decode()
    assert archive["museum"].headline in html and archive["dredge"].headline not in html
    assert "<mark>harbor</mark>" in html.lower()
    data = Client().get("/api/articles", {"q": "harbor"}).json()
    assert {item["id"] for item in data["items"]} == {archive["dredge"].pk, archive["museum"].pk}
