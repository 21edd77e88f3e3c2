"""Rewriting the search index from the archive: :func:`reindex`.

The index holds published articles only, with their published text (extraction plus
applied corrections, read through :mod:`morgue.archive.stories`). Call ``reindex()`` after
anything that changes what is published: an ingest (done at its end), a correction (done
on the corrections log's ``correction_recorded`` signal), articles held or released.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.dispatch import Signal

from morgue.archive.models import Article
from morgue.archive.stories import published_stories, stories

from . import schema
from .backends import backend
from .backends.base import slug, strip_marks
from .cache import new_token
from .languages import DETECT_CHARS, ENGLISH, analyser, language_of, stem_text
from .models import ArticleAuthor, Author, Document, Pending

#: Articles read, rendered and written per batch: bounded memory, few queries per batch.
CHUNK_SIZE = 500

#: Sent by :func:`reindex`, inside its transaction, with ``article_ids`` (a list, or None
#: for all): other tables derived from the archive (the legacy-URL map) update here.
reindexed = Signal()


def reindex(article_ids: Iterable[int] | None = None) -> int:
    """Rewrite the index for these articles (None: all); returns how many are now indexed.

    Articles that are not (or no longer) published are taken out of the index. A later
    page of a multi-page story is indexed as part of its story (its first page).
    """
    ids = None if article_ids is None else _with_stories({int(pk) for pk in article_ids})
    count = 0
    with transaction.atomic():
        if ids is None:
            with backend().rebuilding():
                _delete(None)
                count = _write_all(_stories().order_by("pk"))
            with connection.cursor() as cursor:
                for sql in schema.AFTER_REBUILD.get(connection.vendor, []):
                    cursor.execute(sql)
        else:
            for chunk in _chunks(ids, CHUNK_SIZE):
                _delete(chunk)
                count += _write_all(_stories().filter(pk__in=chunk).order_by("pk"))
        _drop_orphan_authors()
        # An external index follows once this commits; until it has, the queue says what
        # it lacks (a crash in between leaves it for catch_up()).
        _queue(ids)
        new_token()  # cached results of the old index are no longer used
        # Inside the transaction: what listens rebuilds derived tables in the same commit.
        reindexed.send(sender=Document, article_ids=ids)
    return count


@dataclass(frozen=True, slots=True)
class IndexGaps:
    """Where the index and the published set differ: published stories it lacks, and
    documents of articles that are not (or no longer) published stories."""

    missing: frozenset[int]
    extra: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def index_gaps() -> IndexGaps:
    """Compare the index with the published set, by membership (two id queries). An
    external index is compared too, and what it has not yet applied counts as missing."""
    _, database, external = _gaps()
    return IndexGaps(database.missing | external.missing, database.extra | external.extra)


def _gaps() -> tuple[set[int], IndexGaps, IndexGaps]:
    """The published set, and where the database's index and an external one differ."""
    published = set(_stories().values_list("pk", flat=True))
    indexed = set(Document.objects.values_list("article_id", flat=True))
    database = IndexGaps(frozenset(published - indexed), frozenset(indexed - published))
    held = backend().indexed_ids()
    if held is None:
        return published, database, IndexGaps(frozenset(), frozenset())
    pending = set(Pending.objects.values_list("article_id", flat=True))
    unapplied = published if None in pending else {pk for pk in pending if pk} & published
    return published, database, IndexGaps(frozenset((published - held) | unapplied),
                                           frozenset(held - published))


def catch_up() -> int:
    """Index what an interrupted run (killed between its commit and its reindex) left out,
    and take out what is no longer published; returns how many articles that touched.
    Every command that changes articles calls this before it reports success. Where only
    an external index lags (a crash before it applied a commit, a new or deleted index
    folder), the documents are applied to it again without being rewritten."""
    published, database, external = _gaps()
    rewrite = database.missing | database.extra
    if rewrite:
        reindex(rewrite)  # which queues them for an external index too
    lagging = (external.missing | external.extra) - rewrite
    if lagging:
        with transaction.atomic():
            _queue(None if lagging >= published else lagging)
    return len(rewrite | lagging)


def _queue(ids: Iterable[int] | None) -> None:
    """(Inside a transaction.) Tell an external index what to read again once this
    commits: these articles, or (None) all of them."""
    engine = backend()
    if not engine.external:
        return
    Pending.objects.bulk_create([Pending(article_id=None)] if ids is None else
                                [Pending(article_id=pk) for pk in ids])
    transaction.on_commit(engine.sync)


def _stories():
    """What has a page of its own: published articles that are not a later page of a
    story printed over several pages (those are indexed as part of their first page)."""
    return published_stories()


def _with_stories(ids: set[int]) -> list[int]:
    """These articles and, for later pages among them, the story each belongs to."""
    firsts = set(Article.objects.filter(pk__in=ids, part_of__isnull=False)
                 .values_list("part_of_id", flat=True)) if ids else set()
    return sorted(ids | firsts)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _delete(ids: list[int] | None) -> None:
    # Plain DELETEs: the ORM's cascade would first load every document into memory.
    links, docs = ArticleAuthor._meta.db_table, Document._meta.db_table
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {links}")
            cursor.execute(f"DELETE FROM {docs}")
        elif ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {links} WHERE article_id IN ({marks})", ids)
            cursor.execute(f"DELETE FROM {docs} WHERE article_id IN ({marks})", ids)


def _write_all(articles) -> int:
    """Write these articles' documents a batch at a time (bounded memory)."""
    count = 0
    batch: list[Article] = []
    for article in articles.iterator(chunk_size=CHUNK_SIZE):
        batch.append(article)
        if len(batch) >= CHUNK_SIZE:
            count += _write(batch)
            batch = []
    if batch:
        count += _write(batch)
    return count


def _sample(text) -> str:
    """What language detection reads of a story (it reads no further than this)."""
    return f"{strip_marks(text.headline)}\n{strip_marks(text.dek)}\n{strip_marks(text.body)}"[
        :DETECT_CHARS]


def _write(articles: list[Article]) -> int:
    texts = stories(articles)
    documents: list[Document] = []
    bylines: dict[int, list[tuple[str, str]]] = {}
    # FTS5's tokenizer stems English (porter); other languages are read through stems.
    stemmed = connection.vendor == "sqlite"
    for article in articles:
        text = texts[article.pk]
        language = language_of(text.language, _sample(text))
        headline, dek, body = strip_marks(text.headline), strip_marks(text.dek), strip_marks(text.body)
        reader = analyser(language)
        names = [strip_marks(b).strip() for b in text.bylines]
        named = list(dict.fromkeys((slug(n), n) for n in names if n and slug(n)))
        bylines[article.pk] = named
        documents.append(Document(
            article_id=article.pk, url=article.url,
            headline=headline, dek=dek,
            bylines=[n for _, n in named], authors="; ".join(n for _, n in named),
            body=body, section=text.section, language=language, analyser=reader,
            stems=(stem_text(reader, f"{headline}\n{dek}\n{body}")
                   if stemmed and reader != ENGLISH else ""),
            section_slug=slug(text.section) if text.section else "",
            published=text.published,
            year=text.published.year if text.published else None,
            month_day=(text.published.month * 100 + text.published.day
                       if text.published else None),
            word_count=text.word_count, modified=text.modified,
            corrected=bool(text.corrections),
        ))
    Document.objects.bulk_create(documents)
    _link_authors(bylines)
    return len(documents)


def _link_authors(bylines: dict[int, list[tuple[str, str]]]) -> None:
    wanted = {s: n for named in bylines.values() for s, n in named}
    if not wanted:
        return
    known = dict(Author.objects.filter(slug__in=list(wanted)).values_list("slug", "pk"))
    missing = [Author(slug=s, name=n) for s, n in wanted.items() if s not in known]
    if missing:
        Author.objects.bulk_create(missing, ignore_conflicts=True)
        known.update(Author.objects.filter(slug__in=[a.slug for a in missing])
                     .values_list("slug", "pk"))
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article_id=pk, author_id=known[s], position=i)
        for pk, named in bylines.items() for i, (s, _) in enumerate(named))


def _drop_orphan_authors() -> None:
    Author.objects.filter(article_links__isnull=True).delete()
