"""The one place the site (and the search index) reads what an article says in public.

Published text is the extraction with the applied corrections, as the corrections log
computes it (:func:`morgue.archive.corrections.published_text`). This adapter adds what
the site shows around it: the editorial corrections readers are told about, and when
the text last changed. Lists fetch every article's log with one query.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from morgue.archive.models import Article, Correction

try:
    from morgue.archive.corrections import CorrectionError, holds, published_text
except ImportError:  # pragma: no cover - a build without the corrections log
    published_text = None  # type: ignore[assignment]
    CorrectionError = Exception  # type: ignore[assignment,misc]

    def holds(entry: Correction, log: Iterable[Correction]) -> bool:  # type: ignore[misc]
        return entry.status == Correction.Status.APPLIED

__all__ = ["CorrectionNotice", "Published", "published", "published_many"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CorrectionNotice:
    """An editorial correction, as printed under the story."""

    id: int
    created: dt.datetime
    field: str
    reason: str
    before: str
    after: str


@dataclass(slots=True)
class Published:
    """An article as readers see it."""

    id: int
    url: str
    headline: str = ""
    dek: str = ""
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    published: dt.date | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    body: str = ""
    language: str = ""
    #: editorial corrections in force, oldest first
    corrections: list[CorrectionNotice] = field(default_factory=list)
    #: when the published text last changed by any correction (None: never)
    modified: dt.datetime | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()] if self.body else []

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def published(article: Article) -> Published:
    """What readers see of ``article``.

    A story the old site printed over several pages is one article on the new site: its
    first page's, with the text of every later page (``Article.parts``) after its own.
    """
    return published_many([article])[article.pk]


def published_many(articles: Iterable[Article]) -> dict[int, Published]:
    """:func:`published` for many articles, keyed by id: one query for their later pages
    and one for all the logs."""
    articles = list(articles)
    pages: dict[int, list[Article]] = {a.pk: [] for a in articles}
    if pages:
        for page in (Article.objects.filter(part_of_id__in=list(pages))
                     .order_by("part_of_id", "page_no", "pk")):
            pages[page.part_of_id].append(page)
    logs: dict[int, list[Correction]] = {a.pk: [] for a in articles}
    logs.update({p.pk: [] for later in pages.values() for p in later})
    if logs:
        for entry in Correction.objects.filter(article_id__in=list(logs)).order_by("pk"):
            logs[entry.article_id].append(entry)
    return {a.pk: _story(a, logs[a.pk], [(p, logs[p.pk]) for p in pages[a.pk]])
            for a in articles}


def _story(article: Article, entries: list[Correction],
           later: list[tuple[Article, list[Correction]]]) -> Published:
    text = _one(article, entries)
    for page, page_entries in later:
        more = _one(page, page_entries)
        text.body = "\n\n".join(b for b in (text.body, more.body) if b)
        text.corrections += more.corrections
        text.modified = max(filter(None, (text.modified, more.modified)), default=None)
    return text


def _one(article: Article, entries: list[Correction]) -> Published:
    fields = _fields(article, entries)
    applied = [c for c in entries if c.status == Correction.Status.APPLIED]
    notices = [
        CorrectionNotice(c.pk, c.created, c.field, c.reason, c.before, c.after)
        for c in sorted(applied, key=lambda c: c.pk)
        if c.kind == Correction.Kind.EDITORIAL and c.reverts_id is None and holds(c, entries)
    ]
    return Published(id=article.pk, url=article.url, corrections=notices,
                     modified=max((c.created for c in applied), default=None), **fields)


_FIELDS = ("headline", "dek", "bylines", "dateline", "published", "section", "tags", "body",
           "language")


def _fields(article: Article, entries: list[Correction]) -> dict:
    if published_text is not None:
        try:
            text = published_text(article, entries)
            return {name: getattr(text, name) for name in _FIELDS}
        except (CorrectionError, ValueError) as exc:  # ValueError: BadFieldValue
            # `morgue verify` reports a log that does not fit; readers get the extraction.
            log.error("article %s: corrections do not apply (%s); showing the extraction",
                      article.pk, exc)
    values = {name: getattr(article, name) for name in _FIELDS}
    values["bylines"] = [b for b in (article.bylines or []) if isinstance(b, str)]
    values["tags"] = [t for t in (article.tags or []) if isinstance(t, str)]
    return values
