"""The search interface, on whichever database the pass runs: FTS5 on SQLite, tsvector on
PostgreSQL (`MORGUE_TEST_DATABASE=postgres`). Both must answer these the same way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from morgue.archive.models import Article
from morgue.search import SearchHit, SearchQuery, SearchResult, reindex, search
from morgue.search.backends import backend
from morgue.search.models import ArticleAuthor, Author, Document
from morgue.search.query import MAX_LIMIT, parse

from .site_helpers import make_article, sample_archive

# Every test on each search backend (tests/conftest.py search_engine).
pytestmark = pytest.mark.usefixtures("search_engine")


@pytest.fixture
def archive(search_engine, store_root):
    stories = sample_archive()
    reindex()
    return stories


def ids(result: SearchResult) -> list[int]:
    return [h.article_id for h in result.hits]


def test_backend_follows_the_setting_and_the_database(search_engine):
    expected = connection.vendor if search_engine == "database" else "tantivy"
    assert backend().name == expected


def test_reindex_keeps_published_articles_only(archive):
    assert Document.objects.count() == 6
    assert not Document.objects.filter(article=archive["held"]).exists()
    assert search(SearchQuery(q="sorry")).total == 0
    assert reindex() == 6  # again: the same, nothing doubled
    assert Document.objects.count() == 6


def test_reindex_some_articles_takes_held_ones_out(archive):
    Article.objects.filter(pk=archive["jazz"].pk).update(status=Article.Status.HELD)
    assert reindex([archive["jazz"].pk]) == 0
    assert archive["jazz"].pk not in ids(search(SearchQuery(q="jazz")))
    Article.objects.filter(pk=archive["jazz"].pk).update(status=Article.Status.PUBLISHED)
    assert reindex([archive["jazz"].pk]) == 1
    assert ids(search(SearchQuery(q="jazz"))) == [archive["jazz"].pk]


def test_words_are_all_required_and_stemmed(archive):
    assert set(ids(search(SearchQuery(q="harbor")))) == {archive["dredge"].pk, archive["museum"].pk}
    assert ids(search(SearchQuery(q="harbor dredging"))) == [archive["dredge"].pk]
    # "dredging" finds "dredge" and "dredging"; "boats" finds "boat"
    assert ids(search(SearchQuery(q="dredged"))) == [archive["dredge"].pk]
    assert ids(search(SearchQuery(q="boat"))) == [archive["navy"].pk]


def test_phrases_keep_words_together_and_in_order(archive):
    assert ids(search(SearchQuery(q='"working waterfront"'))) == [archive["zoning"].pk]
    assert search(SearchQuery(q='"waterfront working"')).total == 0
    both = search(SearchQuery(q="waterfront"))
    assert set(ids(both)) == {archive["zoning"].pk, archive["navy"].pk}


def test_or_and_exclusion(archive):
    either = search(SearchQuery(q="jazz OR shipyard"))
    assert set(ids(either)) == {archive["jazz"].pk, archive["navy"].pk}
    assert ids(search(SearchQuery(q="waterfront -shipyard"))) == [archive["zoning"].pk]
    assert ids(search(SearchQuery(q='waterfront -"patrol boats"'))) == [archive["zoning"].pk]
    # an exclusion leaves matches of every alternative out, not only of the last one
    assert ids(search(SearchQuery(q='shipyard OR jazz -"patrol boats"'))) == [archive["jazz"].pk]


@pytest.mark.parametrize("q", ['"', '"unbalanced harbor', "harbor AND", "NEAR(harbor", "*",
                               "harbor^2", "-", "-harbor", "OR", "()", "'", "col:harbor",
                               "harbor\x00", "😀", "a" * 2000])
def test_anything_typed_is_answered_never_an_error(archive, q):
    result = search(SearchQuery(q=q))
    assert isinstance(result, SearchResult)
    assert result.total >= 0


def test_a_match_in_the_headline_ranks_first(archive):
    make_article("Harbor master retires", "After thirty years he is leaving the post.",
                 section="Local", bylines=["Martha Keane"], published=dt.date(2001, 1, 1))
    make_article("Ferry schedule changes", "Boats will leave the harbor later in winter, "
                 "and a harbor shuttle will run on weekends.", section="Local",
                 published=dt.date(2001, 1, 2))
    reindex()
    result = search(SearchQuery(q="harbor"))
    assert result.hits[0].score >= result.hits[1].score
    top = Document.objects.get(pk=result.hits[0].article_id)
    assert top.headline == "Harbor master retires"


def test_filters_by_section_author_and_dates(archive):
    assert set(ids(search(SearchQuery(section="Arts")))) == {archive["jazz"].pk, archive["museum"].pk}
    assert search(SearchQuery(section="arts")).total == 2  # slug or any case
    assert set(ids(search(SearchQuery(author="helen-marsh")))) == {archive["jazz"].pk,
                                                                   archive["museum"].pk}
    assert search(SearchQuery(author="Samuel Reyes")).total == 2
    assert search(SearchQuery(author="Nobody Here")).total == 0
    june = search(SearchQuery(date_from=dt.date(2009, 6, 1), date_to=dt.date(2009, 6, 30)))
    assert set(ids(june)) == {archive["zoning"].pk, archive["museum"].pk, archive["navy"].pk}
    assert ids(search(SearchQuery(q="harbor", section="Arts", author="Helen Marsh",
                                  date_from=dt.date(2009, 1, 1)))) == [archive["museum"].pk]


def test_facets_count_everything_that_matched(archive):
    result = search(SearchQuery(q="waterfront OR harbor OR jazz", limit=1))
    assert result.total == 5 and len(result.hits) == 1
    assert dict(result.facets["section"]) == {"Local": 2, "Arts": 2, "Business": 1}
    assert result.facets["section"][0][1] == 2  # most first
    assert dict(result.facets["author"]) == {"Samuel Reyes": 2, "Helen Marsh": 2,
                                             "Martha Keane": 1, "Priya Natarajan": 1}
    assert result.facets["year"] == [("2009", 4), ("2003", 1)]  # newest first
    everything = search(SearchQuery(limit=0))
    assert everything.total == 6 and everything.hits == []
    assert dict(everything.facets["section"])["Sports"] == 1


def test_snippets_mark_the_matches_and_escape_the_text(archive, store_root):
    risky = make_article("Letters", 'A reader writes: <script>alert("x")</script> & the '
                         "harbor <b>needs</b> dredging.", section="Opinion", bylines=[])
    reindex([risky.pk])
    hit = next(h for h in search(SearchQuery(q="harbor")).hits if h.article_id == risky.pk)
    assert isinstance(hit, SearchHit)
    assert "<mark>harbor</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<b>" not in hit.snippet and "&amp;" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>")
    browse = search(SearchQuery(section="Opinion"))
    assert browse.hits[0].snippet.startswith("A reader writes: &lt;script&gt;")
    assert "<mark>" not in browse.hits[0].snippet


def test_sort_and_pages(archive):
    newest = ids(search(SearchQuery(sort="newest")))
    assert newest[0] == archive["jazz"].pk and newest[-1] == archive["undated"].pk
    oldest = ids(search(SearchQuery(sort="oldest")))
    assert oldest[0] == archive["dredge"].pk and oldest[-1] == archive["undated"].pk
    pages = [ids(search(SearchQuery(sort="newest", offset=o, limit=2))) for o in (0, 2, 4)]
    assert sum(pages, []) == newest
    assert search(SearchQuery(sort="newest", offset=4, limit=2)).total == 6
    assert SearchQuery(q="harbor").sort == "relevance"
    assert SearchQuery().sort == "newest"
    assert SearchQuery(sort="relevance").sort == "newest"  # nothing to rank without words
    by_date = ids(search(SearchQuery(q="harbor", sort="oldest")))
    assert by_date == [archive["dredge"].pk, archive["museum"].pk]


@pytest.mark.parametrize("kwargs", [{"sort": "best"}, {"limit": MAX_LIMIT + 1}, {"offset": -1},
                                    {"limit": -1},
                                    {"date_from": dt.date(2010, 1, 1), "date_to": dt.date(2009, 1, 1)},
                                    {"date_from": "2009-01-01"}])
def test_bad_queries_are_refused_with_a_reason(kwargs):
    with pytest.raises(ValueError):
        SearchQuery(**kwargs)


def test_authors_table_follows_bylines(archive):
    assert set(Author.objects.values_list("slug", flat=True)) == {
        "samuel-reyes", "martha-keane", "helen-marsh", "priya-natarajan"}
    assert ArticleAuthor.objects.filter(article_id=archive["museum"].pk).count() == 2
    Article.objects.filter(pk=archive["navy"].pk).update(status=Article.Status.HELD)
    reindex([archive["navy"].pk])
    assert not Author.objects.filter(slug="priya-natarajan").exists()


def test_a_correction_is_searchable_once_committed(archive, django_capture_on_commit_callbacks):
    corrections = pytest.importorskip("morgue.archive.corrections")
    jazz = Article.objects.get(pk=archive["jazz"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        corrections.add_correction(jazz, "headline", jazz.headline, "Jazz festival returns "
                                   "to Founders Park after a year away", kind="editorial",
                                   reason="The headline left out that the festival was "
                                          "canceled the year before.")
    assert ids(search(SearchQuery(q="year away"))) == [jazz.pk]
    assert Document.objects.get(pk=jazz.pk).corrected


def test_the_query_language_without_a_database():
    parsed = parse('harbor "school board" ferry OR bus -zoning -"city hall"')
    assert [[t.words for t in g] for g in parsed.groups] == [
        [("harbor",)], [("school", "board")], [("ferry",), ("bus",)]]
    assert [t.words for t in parsed.excluded] == [("zoning",), ("city", "hall")]
    assert parse("-only -negative").empty
    assert parse('"" ... ,').empty
    assert parse("9.8 percent").groups[0][0].words == ("9.8",)
    assert len(parse(" ".join(f"w{i}" for i in range(100))).groups) == 32
