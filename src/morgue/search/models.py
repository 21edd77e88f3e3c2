"""The search index: one row per published article, and who wrote what.

These tables are derived: :func:`morgue.search.reindex` rewrites them from the archive
(published text = extraction + applied corrections) and nothing else writes them. The
full-text part is kept in step by the database itself (migration 0002, SQL in
:mod:`morgue.search.schema`): an FTS5 table with triggers on SQLite, a generated
``tsvector`` column with a GIN index on PostgreSQL. Listing pages (a section, an author, a
day) read these rows alone, without the archive.

A later migration that alters ``search_document`` on SQLite rebuilds the table, which
drops its triggers: such a migration must create them again (``schema.SQLITE_TRIGGERS``).
"""

from __future__ import annotations

from django.db import models


class ArticleKey(models.OneToOneField):
    """The article id as the document's primary key; on SQLite declared ``integer`` so it is
    the table's rowid: the full-text table's rows and every join by article id go straight
    to the row instead of through a second index."""

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class AnalyserField(models.CharField):
    """The name of an article's analyser (morgue.search.languages); on PostgreSQL of type
    ``regconfig``, which the generated tsvector column takes as its configuration."""

    def db_type(self, connection):
        return "regconfig" if connection.vendor == "postgresql" else super().db_type(connection)


class Document(models.Model):
    """What the public sees of one published article, as searched and listed.

    Short columns come first and the text last: SQLite reads a row's columns in order, so
    filters and facets never step through a story's text to reach the date or section.
    """

    article = ArticleKey("archive.Article", primary_key=True, on_delete=models.CASCADE,
                         related_name="search_document")
    published = models.DateField(null=True, blank=True)
    year = models.IntegerField(null=True, blank=True)
    #: month * 100 + day, for "on this day" without a date function in the query
    month_day = models.IntegerField(null=True, blank=True)
    section_slug = models.CharField(max_length=255, blank=True)
    section = models.CharField(max_length=255, blank=True)
    corrected = models.BooleanField(default=False)
    #: when the published text last changed by a correction (None: never)
    modified = models.DateTimeField(null=True, blank=True)
    word_count = models.IntegerField(default=0)
    url = models.CharField(max_length=255)
    headline = models.TextField(blank=True)
    dek = models.TextField(blank=True)
    #: bylines as published, for display; ``authors`` is the same as text, for matching
    bylines = models.JSONField(default=list, blank=True)
    authors = models.TextField(blank=True)
    body = models.TextField(blank=True)
    #: ISO 639-1 code: the archive's, else detected from the text at indexing ("" unknown)
    language = models.CharField(max_length=16, blank=True)
    #: how the text is read: stemmer and stop words (morgue.search.languages.analyser)
    analyser = AnalyserField(max_length=32, default="english")
    #: SQLite: Snowball stems of headline, dek and body for a language other than English
    #: (FTS5 reads them as a column of its own); empty otherwise
    stems = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["published", "article"], name="search_doc_published"),
            models.Index(fields=["section_slug", "published"], name="search_doc_section"),
            models.Index(fields=["year", "published"], name="search_doc_year"),
            models.Index(fields=["month_day"], name="search_doc_month_day"),
            # Covers what a search reads per match (filters, facets, order), so matching
            # ids are looked up in a dense index instead of rows that carry the text.
            models.Index(fields=["article", "section_slug", "published", "year", "section"],
                         name="search_doc_cover"),
        ]

    def __str__(self) -> str:
        return self.headline or self.url


class Author(models.Model):
    """A byline as a person: one row per slug, named as first seen."""

    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=255, unique=True)

    def __str__(self) -> str:
        return self.name


class ArticleAuthor(models.Model):
    # Indexed by the constraint (article, author) and the index (author, article) below.
    article = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="author_links",
                                db_index=False)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links",
                               db_index=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "author"],
                                               name="search_article_author_once")]
        indexes = [models.Index(fields=["author", "article"], name="search_author_article")]


class Pending(models.Model):
    """What the database committed that an external index (tantivy) has not applied yet:
    an article id to read again, or NULL for every article. Written inside reindex()'s
    transaction and deleted once applied, so a crash in between loses nothing."""

    article_id = models.BigIntegerField(null=True)


class IndexState(models.Model):
    """One row: a token that changes whenever the index is rewritten, so results cached
    by any process (keyed by it) are never served after the archive changed."""

    token = models.CharField(max_length=32)
    changed = models.DateTimeField(auto_now=True)
