"""tantivy: an embedded index beside the database, for archives of a million stories.

The database stays the record: :func:`morgue.search.reindex` writes ``search_document``
rows and, in the same transaction, :class:`~morgue.search.models.Pending` rows naming
what changed. Once that commits, :meth:`TantivyBackend.sync` reads those documents back
and applies them to the index in a folder (``MORGUE_SEARCH_INDEX``), then deletes the
pending rows it applied. A crash in between leaves the rows, and ``catch_up()`` (run by
every command that changes articles) or ``morgue verify`` finds them.

Each analyser (:mod:`morgue.search.languages`) has its own headline, dek and body
fields: a document fills those of its language, and a query word is read by every
analyser the index holds, each against its own fields. Facet counts are tantivy's terms
aggregations asked for every value, so they are exact. Filters and sorting read fast
(columnar) fields.
"""

from __future__ import annotations

import datetime as dt
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.db import connection

from ..cache import index_token, new_token
from ..languages import ANALYSERS, SIMPLE
from ..models import ArticleAuthor, Document, Pending
from ..query import ParsedQuery, SearchHit, SearchQuery, SearchResult, Term
from .base import FACET_SIZE, LEAD_CHARS, Backend, empty_result, lead, leads, slug

#: every analyser an index may hold, each with headline, dek and body fields of its own
ANALYSER_NAMES = (*sorted(set(ANALYSERS.values())), SIMPLE)
#: the languages tantivy has a built-in stop-word list for (of ANALYSER_NAMES)
STOP_WORDS = frozenset({"danish", "dutch", "english", "finnish", "french", "german",
                        "hungarian", "italian", "norwegian", "portuguese", "russian",
                        "spanish", "swedish"})
#: field boosts, as the SQLite backend's BM25 column weights (headline ten times the body)
BOOSTS = {"headline": 10.0, "dek": 4.0, "body": 1.0}
AUTHORS_BOOST = 4.0
#: terms asked of a facet's aggregation: more than an archive has values of any facet,
#: so every value is counted and the counts are exact, not a top-N estimate
FACET_TERMS = 100_000
#: documents read from the database and written per batch while syncing
SYNC_BATCH = 2000
#: the writer's memory (tantivy needs ≥ 15 MB per thread) and threads: one, since a
#: sync runs beside the web server on the same machine
WRITER_HEAP = 64_000_000
WRITER_THREADS = 1
#: how long a sync waits for another process's writer before leaving its changes pending
WRITER_WAIT_SECONDS = 30.0
#: characters of a snippet
SNIPPET_CHARS = 240
#: date sort keys: a day number times this, plus the article id, orders by date then id
ID_SPAN = 1 << 32
NO_DATE_LAST = 10_000_000  # a day number after every real date (year 27,000)


def _analyzer(name: str) -> tantivy.TextAnalyzer:
    builder = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
               .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase()))
    if name != SIMPLE:
        if name in STOP_WORDS:
            builder = builder.filter(tantivy.Filter.stopword(name))
        builder = builder.filter(tantivy.Filter.stemmer(name))
    # After stemming, so the stemmer sees the letters it knows ("Häuser" → "haus").
    return builder.filter(tantivy.Filter.ascii_fold()).build()


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("article_id", indexed=True, fast=True)
    b.add_integer_field("day", indexed=True, fast=True)  # date.toordinal(), for ranges
    b.add_integer_field("newest", fast=True)
    b.add_integer_field("oldest", fast=True)
    b.add_integer_field("year", fast=True)
    for name in ("section", "section_slug", "author", "author_slug", "analyser"):
        b.add_text_field(name, tokenizer_name="raw", fast=True)
    b.add_text_field("authors", tokenizer_name=f"a_{SIMPLE}")
    for name in ANALYSER_NAMES:
        for field in BOOSTS:
            b.add_text_field(f"{field}_{name}", tokenizer_name=f"a_{name}")
    return b.build()


class TantivyBackend(Backend):
    name = "tantivy"
    external = True

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.schema = _schema()
        self.analyzers = {name: _analyzer(name) for name in ANALYSER_NAMES}
        self._index: tantivy.Index | None = None
        self._seen: str | None = None  # the index token this process's reader reflects
        self._present: tuple[str | None, list[str]] = (None, [])
        self._lock = threading.Lock()

    # -- the index -------------------------------------------------------------------

    @property
    def index(self) -> tantivy.Index:
        if self._index is None:
            self.path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            for name, analyzer in self.analyzers.items():
                index.register_tokenizer(f"a_{name}", analyzer)
            self._index = index
        return self._index

    def _searcher(self) -> tantivy.Searcher:
        """A searcher that sees the last sync of any process (its token is the database's)."""
        token = index_token()
        if token != self._seen:
            self.index.reload()
            self._seen = token
        return self.index.searcher()

    def indexed_ids(self) -> set[int]:
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.all_query(), limit=max(searcher.num_docs, 1))
        values = searcher.fast_field_values("article_id", [a for _, a in found.hits])
        return {int(pk) for pk in values if pk is not None}

    # -- keeping in step -------------------------------------------------------------

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """The database's full text is kept too (switching back needs no reindex): its
        own faster way of rewriting everything applies."""
        from . import database_backend

        with database_backend().rebuilding():
            yield

    def sync(self) -> int:
        """Apply the pending changes (see the module's docstring)."""
        with self._lock:
            writer = self._writer()
            if writer is None:
                return 0  # another process is writing; what is pending stays pending
            try:
                rows = list(Pending.objects.order_by("pk").values_list("pk", "article_id"))
                if not rows:
                    return 0
                last = rows[-1][0]
                if any(pk is None for _, pk in rows):
                    writer.delete_all_documents()
                    touched = self._write(writer, None)
                else:
                    ids = sorted({pk for _, pk in rows if pk is not None})
                    for pk in ids:
                        writer.delete_documents_by_term("article_id", pk)
                    touched = self._write(writer, ids)
                writer.commit()
            finally:
                writer.wait_merging_threads()
            # Only what was read: rows added meanwhile are for the next sync.
            Pending.objects.filter(pk__lte=last).delete()
            new_token()  # searches cached before this sync are not served again
            return touched

    def _writer(self) -> tantivy.IndexWriter | None:
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(WRITER_HEAP, WRITER_THREADS)
            except ValueError:  # the lock file of another process's writer
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.2)

    def _write(self, writer: tantivy.IndexWriter, ids: list[int] | None) -> int:
        count = 0
        for rows in self._documents(ids):
            bylines: dict[int, list[tuple[str, str]]] = {}
            for pk, name, author_slug in (ArticleAuthor.objects
                                          .filter(article_id__in=[r[0] for r in rows])
                                          .order_by("article_id", "position")
                                          .values_list("article_id", "author__name",
                                                       "author__slug")):
                bylines.setdefault(pk, []).append((name, author_slug))
            for row in rows:
                writer.add_document(self._document(row, bylines.get(row[0], [])))
            count += len(rows)
        return count

    @staticmethod
    def _documents(ids: list[int] | None) -> Iterator[list[tuple]]:
        """These documents (None: all), a batch at a time, in id order."""
        docs = Document.objects.order_by("pk").values_list(
            "article_id", "published", "year", "section", "section_slug", "headline", "dek",
            "authors", "body", "analyser")
        if ids is not None:
            for start in range(0, len(ids), SYNC_BATCH):
                yield list(docs.filter(pk__in=ids[start:start + SYNC_BATCH]))
            return
        after = -1
        while rows := list(docs.filter(pk__gt=after)[:SYNC_BATCH]):
            yield rows
            after = rows[-1][0]

    def _document(self, row: tuple, bylines: list[tuple[str, str]]) -> tantivy.Document:
        pk, published, year, section, section_slug, headline, dek, authors, body, reader = row
        reader = str(reader) if str(reader) in self.analyzers else SIMPLE
        doc = tantivy.Document(article_id=pk, section=section, section_slug=section_slug,
                               analyser=reader, authors=authors)
        day = _day(published)
        if day is not None:
            doc.add_integer("day", day)
            doc.add_integer("year", year if year is not None else published.year)
        doc.add_integer("newest", (day if day is not None else 0) * ID_SPAN + pk)
        doc.add_integer("oldest", (day if day is not None else NO_DATE_LAST) * ID_SPAN + pk)
        for name, author_slug in bylines:
            doc.add_text("author", name)
            doc.add_text("author_slug", author_slug)
        for field, text in (("headline", headline), ("dek", dek), ("body", body)):
            doc.add_text(f"{field}_{reader}", text)
        return doc

    # -- searching -------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        searcher = self._searcher()
        present = self._analysers_present(searcher)
        text = self._text_query(query.terms, present) if query.q else None
        if query.q and text is None:
            return empty_result()
        filters = self._filters(query)
        clauses = ([(tantivy.Occur.Must, text)] if text is not None else []) + \
            [(tantivy.Occur.Must, f) for f in filters]
        matcher = (tantivy.Query.boolean_query(clauses) if clauses
                   else tantivy.Query.all_query())
        limit = max(query.limit, 1)  # tantivy counts only while collecting a hit or more
        if query.sort == "relevance":
            found = searcher.search(matcher, limit=limit, offset=query.offset)
        else:
            newest = query.sort == "newest"
            found = searcher.search(matcher, limit=limit, offset=query.offset,
                                    order_by_field="newest" if newest else "oldest",
                                    order=tantivy.Order.Desc if newest else tantivy.Order.Asc)
        page = found.hits[:query.limit]
        ids = [int(pk or 0) for pk in searcher.fast_field_values("article_id",
                                                                 [a for _, a in page])]
        scores = [float(key) if query.sort == "relevance" else 0.0 for key, _ in page]
        snippets = self._snippets(searcher, text, ids) if text is not None else leads(ids)
        hits = [SearchHit(pk, score, snippets.get(pk, "")) for pk, score in zip(ids, scores)]
        total = found.count  # type: ignore[attr-defined]  # (tantivy's stubs lack it)
        return SearchResult(hits, int(total or 0), self._facets(searcher, matcher))

    def _analysers_present(self, searcher: tantivy.Searcher) -> list[str]:
        """The analysers the index's documents use (a query is read by each of them)."""
        token, names = self._present
        if token != self._seen or token is None:
            buckets = searcher.aggregate(tantivy.Query.all_query(), {
                "a": {"terms": {"field": "analyser", "size": len(ANALYSER_NAMES)}}})
            names = sorted(b["key"] for b in buckets["a"]["buckets"]) or ["english"]
            self._present = (self._seen, names)
        return names

    def _term(self, term: Term, name: str) -> tantivy.Query | None:
        """One word or phrase as analyser ``name`` reads it, in its fields and the bylines."""
        clauses = []
        text = " ".join(term.words)
        if not self.analyzers[name].analyze(text):
            return None  # a stop word of this language
        for reader, fields in ((name, {f"{f}_{name}": b for f, b in BOOSTS.items()}),
                               (SIMPLE, {"authors": AUTHORS_BOOST})):
            tokens: list[str | tuple[int, str]] = list(self.analyzers[reader].analyze(text))
            for field, boost in fields.items():
                leaf = (tantivy.Query.term_query(self.schema, field, str(tokens[0]))
                        if len(tokens) == 1 else
                        tantivy.Query.phrase_query(self.schema, field, tokens))
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(leaf, boost)))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _text_query(self, parsed: ParsedQuery, present: list[str]) -> tantivy.Query | None:
        """The query as each analyser the index holds reads it, over that analyser's
        documents (as PostgreSQL reads each row with its own configuration)."""
        readings = []
        for name in present:
            clauses = []
            for group in parsed.groups:
                terms = [q for q in (self._term(t, name) for t in group) if q is not None]
                if terms:  # a group of stop words only is dropped, as PostgreSQL does
                    clauses.append((tantivy.Occur.Must, terms[0] if len(terms) == 1 else
                                    tantivy.Query.boolean_query(
                                        [(tantivy.Occur.Should, q) for q in terms])))
            if not clauses:
                continue
            for term in parsed.excluded:
                if (excluded := self._term(term, name)) is not None:
                    clauses.append((tantivy.Occur.MustNot, excluded))
            if len(present) > 1:
                clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(
                    tantivy.Query.term_query(self.schema, "analyser", name), 0.0)))
            readings.append((tantivy.Occur.Should, tantivy.Query.boolean_query(clauses)))
        if not readings:
            return None
        return readings[0][1] if len(readings) == 1 else tantivy.Query.boolean_query(readings)

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        found = []
        if query.section:
            found.append(tantivy.Query.term_query(self.schema, "section_slug", slug(query.section)))
        if query.author:
            found.append(tantivy.Query.term_query(self.schema, "author_slug", slug(query.author)))
        if query.date_from or query.date_to:
            found.append(tantivy.Query.range_query(
                self.schema, "day", tantivy.FieldType.Integer, _day(query.date_from),
                _day(query.date_to)))
        return found

    def _facets(self, searcher: tantivy.Searcher,
                matcher: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
        counted = searcher.aggregate(matcher, {
            name: {"terms": {"field": name, "size": FACET_TERMS}}
            for name in ("section", "author", "year")})

        def buckets(name: str) -> list[tuple[str, int]]:
            found = counted.get(name, {}).get("buckets", [])
            return [(str(int(b["key"])) if name == "year" else str(b["key"]), int(b["doc_count"]))
                    for b in found if b["key"] != ""]

        sections = sorted(buckets("section"), key=lambda item: (-item[1], item[0]))
        authors = sorted(buckets("author"), key=lambda item: (-item[1], item[0]))
        years = sorted(buckets("year"), key=lambda item: int(item[0]), reverse=True)
        return {"section": sections[:FACET_SIZE], "author": authors[:FACET_SIZE],
                "year": years}

    def _snippets(self, searcher: tantivy.Searcher, text: tantivy.Query,
                  ids: list[int]) -> dict[int, str]:
        """The body's best fragment with the matches marked, read from the database."""
        if not ids:
            return {}
        # Plain SQL, one statement: the ORM's query building cost more than the read.
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, analyser, body FROM {Document._meta.db_table} "
                           f"WHERE article_id IN ({marks})", ids)
            rows = cursor.fetchall()
        generators: dict[str, tantivy.SnippetGenerator] = {}
        found = {}
        for pk, reader, body in rows:
            field = f"body_{reader if str(reader) in self.analyzers else SIMPLE}"
            if field not in generators:
                generators[field] = tantivy.SnippetGenerator.create(searcher, text, self.schema,
                                                                    field)
                generators[field].set_max_num_chars(SNIPPET_CHARS)
            snippet = generators[field].snippet_from_doc(tantivy.Document(**{field: body or ""}))
            # Matched in the headline or bylines only: the start of the story, as
            # browsing shows it (the body is in hand, so no second read).
            found[pk] = _marked(snippet) or lead((body or "")[:LEAD_CHARS * 2])
        return found


def _marked(snippet: tantivy.Snippet) -> str:
    """The fragment as safe HTML (escaped, ``<mark>`` around matches); tantivy gives the
    matches as byte ranges of the fragment."""
    fragment = snippet.fragment().encode("utf-8")
    if not fragment.strip():
        return ""

    def text(part: bytes) -> str:
        return html.escape(part.decode("utf-8", errors="replace"), quote=False)

    out, at = [], 0
    for span in sorted(snippet.highlighted(), key=lambda s: s.start):
        out += [text(fragment[at:span.start]), "<mark>", text(fragment[span.start:span.end]),
                "</mark>"]
        at = span.end
    out.append(text(fragment[at:]))
    return " ".join("".join(out).split()) + " …"


def _day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None

