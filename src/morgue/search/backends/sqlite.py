"""SQLite FTS5: the default backend.

The query is translated into FTS5's own syntax, every word and phrase quoted so nothing
a reader types is read as an operator. Ranking is BM25 with the headline weighing most.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from .. import languages, schema
from ..query import ParsedQuery, SearchQuery, Term
from .base import MARK_END, MARK_START, Sql, SqlBackend, marked_html

#: BM25 weights of the FTS columns (headline, dek, body, authors, stems): a word in the
#: headline counts ten times one in the body. Chosen by reading result lists of the
#: sample archive; the PostgreSQL backend's A/B/C weights follow the same order. The
#: stems of an article in another language weigh as its body.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0, 4.0, 1.0)
#: the columns FTS5's own tokenizer (porter: English) reads
TEXT_COLUMNS = "{headline dek body authors}"
#: tokens in a snippet (FTS5 allows at most 64)
SNIPPET_TOKENS = 40
BODY_COLUMN = 2


def _quoted(words: list[str] | tuple[str, ...]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5_term(term: Term, stemmers: tuple[str, ...] = ()) -> str:
    """A word or phrase; where articles in other languages are indexed, also its stems
    in each of those languages, matched against their ``stems`` column."""
    if not stemmers:
        return _quoted(term.words)
    stemmed = dict.fromkeys(_quoted(languages.stems(name, list(term.words)))
                            for name in stemmers)
    return "(" + " OR ".join([f"{TEXT_COLUMNS} : {_quoted(term.words)}",
                              *(f"stems : {s}" for s in stemmed)]) + ")"


def fts5_query(parsed: ParsedQuery, stemmers: tuple[str, ...] = ()) -> str:
    """``(a) AND (b OR "c d") NOT (e)``: FTS5's NOT binds tighter than AND, so group."""
    required = " AND ".join("(" + " OR ".join(fts5_term(t, stemmers) for t in group) + ")"
                            for group in parsed.groups)
    excluded = "".join(f" NOT {fts5_term(t, stemmers)}" for t in parsed.excluded)
    return f"({required}){excluded}"


class SqliteBackend(SqlBackend):
    name = vendor = "sqlite"
    ordered_join = "CROSS JOIN"

    def matching(self, parsed: ParsedQuery, query: SearchQuery) -> Sql:
        where, params = self.filters(query)
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        # BM25 costs more than the match itself; only work it out when it orders the hits.
        score = f"-bm25(search_fts, {weights})" if query.sort == "relevance" else "0.0"
        return Sql(
            f"SELECT d.article_id, {score} AS score, d.published, "
            # CROSS JOIN keeps the full-text match as the outer loop; a plain JOIN lets
            # the planner scan a section by index and run the MATCH once per row.
            "d.year, d.section FROM search_fts "
            "CROSS JOIN search_document d ON d.article_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where}",
            [fts5_query(parsed, self.stemmers()), *params])

    def stemmers(self) -> tuple[str, ...]:
        """The languages other than English (FTS5's porter) whose stems are indexed."""
        return tuple(name for name in self.analysers()
                     if name != languages.ENGLISH and languages.has_stemmer(name))

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Rewriting everything: drop the per-row triggers, then build the FTS index from
        the documents in one pass ('rebuild'), several times faster than row by row.
        SQLite's DDL is transactional, so a failure leaves the triggers as they were."""
        with connection.cursor() as cursor:
            for sql in schema.SQLITE_DROP_TRIGGERS:
                cursor.execute(sql)
        yield
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            for sql in schema.SQLITE_TRIGGERS:
                cursor.execute(sql)

    def snippets(self, ids: list[int], parsed: ParsedQuery) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet(search_fts, {BODY_COLUMN}, %s, %s, '…', "
                f"{SNIPPET_TOKENS}) FROM search_fts WHERE search_fts MATCH %s "
                f"AND rowid IN ({marks})",
                [MARK_START, MARK_END, fts5_query(parsed, self.stemmers()), *ids])
            return {pk: marked_html(text or "") for pk, text in cursor.fetchall()}
