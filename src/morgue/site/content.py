"""The one place the site, the search index and the API read what an article says in public.

Published text is the extraction with the applied corrections, as the corrections log
computes it (:func:`morgue.archive.corrections.published_text`). This adapter adds what
the site shows around it: the editorial corrections readers are told about, and when
the text last changed. Lists fetch every article's log with one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from morgue.archive.corrections import PublishedArticle, holds, published_or_extraction
from morgue.archive.models import Article, Correction

__all__ = ["CorrectionNotice", "Published", "published", "published_many"]


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
class Published(PublishedArticle):
    """An article as readers see it: its published text, and around it its new URL, the
    editorial corrections readers are told about and when the text last changed."""

    url: str = ""
    #: editorial corrections in force, oldest first
    corrections: list[CorrectionNotice] = field(default_factory=list)
    #: when the published text last changed by any correction (None: never)
    modified: dt.datetime | None = None


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
        text.applied += more.applied
        text.corrected = list(dict.fromkeys(text.corrected + more.corrected))
        text.modified = max(filter(None, (text.modified, more.modified)), default=None)
    return text


_TEXT_FIELDS = tuple(f.name for f in fields(PublishedArticle))


def _one(article: Article, entries: list[Correction]) -> Published:
    text = published_or_extraction(article, entries)
    applied = [c for c in entries if c.status == Correction.Status.APPLIED]
    notices = [
        CorrectionNotice(c.pk, c.created, c.field, c.reason, c.before, c.after)
        for c in applied
        if c.kind == Correction.Kind.EDITORIAL and c.reverts_id is None and holds(c, entries)
    ]
    return Published(**{name: getattr(text, name) for name in _TEXT_FIELDS}, url=article.url,
                     corrections=notices,
                     modified=max((c.created for c in applied), default=None))
