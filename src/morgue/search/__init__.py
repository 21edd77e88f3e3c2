"""Full-text search behind one small interface: SQLite FTS5, PostgreSQL or tantivy.

    from morgue.search import SearchQuery, search
    result = search(SearchQuery(q='"harbor dredging" OR channel', section="Local"))
    result.total, result.facets["year"], [h.article_id for h in result.hits]

The backend follows the database (FTS5 on SQLite, tsvector/GIN on PostgreSQL) unless
``MORGUE_SEARCH_ENGINE=tantivy`` chooses the embedded index kept in step with it.
"""

from __future__ import annotations

from .query import SearchHit, SearchQuery, SearchResult

__all__ = ["SearchHit", "SearchQuery", "SearchResult", "catch_up", "index_gaps", "reindex",
           "search"]


def search(query: SearchQuery) -> SearchResult:
    """Matching published articles: one page of hits, the total and facet counts.

    Answers are cached until the index next changes (:mod:`morgue.search.cache`).
    """
    from .backends import backend
    from .backends.base import slug
    from .cache import cached

    engine = backend()
    parts = (engine.name, query.q, slug(query.section or ""), slug(query.author or ""), query.date_from,
             query.date_to, query.sort, query.offset, query.limit)
    return cached(("search", parts), lambda: engine.search(query))


def reindex(article_ids=None) -> int:
    """Rewrite the index for these article ids (None: every article); returns how many
    are indexed. Call it after anything that changes what is published."""
    from .indexing import reindex as _reindex

    return _reindex(article_ids)


def catch_up() -> int:
    """Bring the index back to the published set where it differs (after a crash);
    returns how many articles that touched (0 when it was whole)."""
    from .indexing import catch_up as _catch_up

    return _catch_up()


def index_gaps():
    """Where the index differs from the published set (:class:`.indexing.IndexGaps`)."""
    from .indexing import index_gaps as _index_gaps

    return _index_gaps()
