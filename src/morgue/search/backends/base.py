"""The one search interface (:class:`Backend`), and what the two database backends share:
filters, the one-statement result, facets, snippet markup (:class:`SqlBackend`).

A search in the database is two statements whatever the database. The first finds every match once (a
materialised CTE ``m``: id, score, date, year, section) and reads from it, in one
round trip, the total, the three facets and the page of hits, ordered and limited in
the database. The second makes snippets for the page's hits only. A backend supplies
the CTE's body for a text query and the snippet statement; everything else is here.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.text import slugify

from ..query import ParsedQuery, SearchHit, SearchQuery, SearchResult

#: values shown per facet; the year facet shows every year (an archive spans decades,
#: not centuries)
FACET_SIZE = 15
#: characters of the lead shown as the snippet of a hit when there is no query text
LEAD_CHARS = 240
# Private-use characters mark matches inside the database's snippet; they never occur in
# indexed text (indexing strips them), so escaping the snippet and then turning them
# into <mark> yields safe HTML whatever the article says.
MARK_START = "\ue000"
MARK_END = "\ue001"


def slug(value: str) -> str:
    """How sections and authors are matched and put in URLs ("Helen Marsh" → helen-marsh)."""
    return slugify(value, allow_unicode=True)


def strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def marked_html(text: str) -> str:
    """Escape a snippet and turn the match markers into ``<mark>`` elements."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    # A fragment may cut a marker pair; close what is open so the HTML stays balanced.
    out, open_ = [], False
    for ch in escaped:
        if ch == MARK_START and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == MARK_END and open_:
            out.append("</mark>")
            open_ = False
        elif ch not in (MARK_START, MARK_END):
            out.append(ch)
    if open_:
        out.append("</mark>")
    return "".join(out)


def lead(body: str, limit: int = LEAD_CHARS) -> str:
    """The start of an article, cut at a word, escaped: the snippet when nothing matched."""
    text = " ".join(body.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)


def leads(ids: list[int]) -> dict[int, str]:
    """The snippet of a hit when there is no query text: the start of the story."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, SUBSTR(body, 1, %s) FROM search_document "
                       f"WHERE article_id IN ({marks})", [LEAD_CHARS * 2, *ids])
        return {pk: lead(body or "") for pk, body in cursor.fetchall()}


def empty_result() -> SearchResult:
    return SearchResult([], 0, {name: [] for name in ("section", "author", "year")})


@dataclass(slots=True)
class Sql:
    text: str
    params: list


class Backend(ABC):
    """One way to answer :class:`SearchQuery`: the database's own full text, or an index
    of its own beside the database (``external``), kept in step after each commit of
    :func:`morgue.search.reindex` by :meth:`sync` (see :mod:`morgue.search.indexing`)."""

    #: the backend's name, as shown to operators
    name: str
    #: True when the index lives outside the database and follows it after commits
    external = False

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Matching published articles: one page of hits, the total and facet counts."""

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Around rewriting every document (inside its transaction); a backend may make
        that faster than row by row."""
        yield

    def sync(self) -> int:
        """An external index: apply what the database committed since the last sync;
        returns how many articles that touched."""
        return 0

    def indexed_ids(self) -> set[int] | None:
        """An external index: the article ids it holds (None: the index is the database's
        search_document table itself)."""
        return None


class SqlBackend(Backend):
    """One database's full-text search. Subclasses say how text is matched and quoted."""

    vendor: str
    #: a join that keeps its left side as the outer loop (SQLite's planner may otherwise
    #: scan every byline and probe the matches)
    ordered_join = "JOIN"

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = query.terms
        if query.q and parsed.empty:
            return empty_result()
        matches = self.matching(parsed, query) if query.q else self.browsing(query)
        rows = self._run(matches, query)
        total = 0
        facets: dict[str, list[tuple[str, int]]] = {"section": [], "author": [], "year": []}
        page: list[tuple[int, float]] = []
        positions: dict[int, int] = {}
        for kind, label, value, position in rows:
            if kind == "total":
                total = int(value)
            elif kind == "hit":
                page.append((int(label), float(value or 0.0)))
                positions[int(label)] = int(position)
            else:
                facets[kind].append((str(label), int(value)))
        page.sort(key=lambda hit: positions[hit[0]])
        for name in ("section", "author"):
            facets[name].sort(key=lambda item: (-item[1], item[0]))
        facets["year"].sort(key=lambda item: int(item[0]), reverse=True)
        ids = [pk for pk, _ in page]
        snippets = self.snippets(ids, parsed) if query.q else self.leads(ids)
        hits = [SearchHit(pk, score, snippets.get(pk, "")) for pk, score in page]
        return SearchResult(hits, total, facets)

    # -- what a backend provides -------------------------------------------------------

    @abstractmethod
    def matching(self, parsed: ParsedQuery, query: SearchQuery) -> Sql:
        """SELECT article_id, score, published, year, section for every text match."""

    @abstractmethod
    def snippets(self, ids: list[int], parsed: ParsedQuery) -> dict[int, str]:
        """Safe-HTML snippets with the matches marked, for these hits."""

    # -- shared ----------------------------------------------------------------------

    def leads(self, ids: list[int]) -> dict[int, str]:
        return leads(ids)

    def analysers(self) -> list[str]:
        """The analysers the indexed documents use (a query is read by each of them);
        counted once per state of the index."""
        from ..cache import cached

        def compute() -> list[str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT DISTINCT analyser FROM search_document")
                return sorted(str(name) for name, in cursor.fetchall())
        return cached(("analysers",), compute)

    def browsing(self, query: SearchQuery) -> Sql:
        where, params = self.filters(query)
        return Sql("SELECT d.article_id, 0.0 AS score, d.published, d.year, d.section "
                   f"FROM search_document d WHERE {where}", params)

    def filters(self, query: SearchQuery) -> tuple[str, list]:
        """A WHERE clause over search_document ``d`` for the query's filters."""
        clauses: list[str] = ["1=1"]
        params: list[Any] = []
        if query.section:
            clauses.append("d.section_slug = %s")
            params.append(slug(query.section))
        if query.author:
            clauses.append("d.article_id IN (SELECT aa.article_id FROM search_articleauthor aa "
                           "JOIN search_author au ON au.id = aa.author_id WHERE au.slug = %s)")
            params.append(slug(query.author))
        if query.date_from:
            clauses.append("d.published >= %s")
            params.append(query.date_from)
        if query.date_to:
            clauses.append("d.published <= %s")
            params.append(query.date_to)
        return " AND ".join(clauses), params

    def _order(self, sort: str) -> str:
        if sort == "relevance":
            return "score DESC, published DESC NULLS LAST, article_id DESC"
        if sort == "oldest":
            return "published ASC NULLS LAST, article_id ASC"
        return "published DESC NULLS LAST, article_id DESC"

    def _run(self, matches: Sql, query: SearchQuery) -> list[tuple]:
        text = self._cast_text
        num = self._cast_number
        order = self._order(query.sort or "newest")
        # Every row: (kind, label, value, position); position orders the page of hits,
        # since a UNION ALL promises no order of its own.
        sql = f"""
WITH m AS MATERIALIZED ({matches.text})
SELECT 'total', NULL, {num('COUNT(*)')}, 0 FROM m
UNION ALL SELECT * FROM (
    SELECT 'section', section, {num('COUNT(*)')} AS n, 0 FROM m WHERE section <> ''
    GROUP BY section ORDER BY n DESC, section LIMIT {FACET_SIZE}) s
UNION ALL SELECT * FROM (
    SELECT 'year', {text('year')}, {num('COUNT(*)')} AS n, 0 FROM m WHERE year IS NOT NULL
    GROUP BY year) y
UNION ALL SELECT 'author', au.name, {num('a.n')}, 0 FROM (
    SELECT aa.author_id, COUNT(*) AS n
    FROM m {self.ordered_join} search_articleauthor aa ON aa.article_id = m.article_id
    GROUP BY aa.author_id ORDER BY n DESC, aa.author_id LIMIT {FACET_SIZE}) a
    JOIN search_author au ON au.id = a.author_id
UNION ALL SELECT * FROM (
    SELECT 'hit', {text('article_id')}, {num('score')}, ROW_NUMBER() OVER (ORDER BY {order})
    FROM (SELECT article_id, score, published FROM m ORDER BY {order} LIMIT %s OFFSET %s) p) h
"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [*matches.params, query.limit, query.offset])
            return cursor.fetchall()

    @staticmethod
    def _cast_text(expr: str) -> str:
        return expr

    @staticmethod
    def _cast_number(expr: str) -> str:
        return expr
