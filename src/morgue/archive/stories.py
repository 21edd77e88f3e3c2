"""What a published story is. Site, API, search, feeds, sitemaps, export, stats and the
report all read stories from here.

A story is an article that is not a later page of another (``Article.part_of`` is None),
told with its later pages after it: the old site may have printed it over several pages,
the new site shows it once, at the first page's new URL. Its published text is each
page's extraction with that page's applied corrections
(:func:`morgue.archive.corrections.published_text`), the bodies joined in page order.
A story is *published* when its first page is; held stories are kept, never shown.
Lists fetch every story's pages with one query and all their logs with another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast
from dataclasses import dataclass, field, fields

from django.db.models import QuerySet

from .corrections import PublishedArticle, holds, published_or_extraction
from .models import Article, Correction

__all__ = ["CorrectionNotice", "Story", "Version", "as_of", "held_stories", "published_stories",
           "stories", "story", "story_of", "story_version", "versions"]


def published_stories() -> QuerySet[Article]:
    """The first pages of the published stories: what the site, API, feeds, sitemaps and
    export count and show. A later page is part of its story, never a story of its own."""
    return Article.objects.filter(status=Article.Status.PUBLISHED, part_of__isnull=True)


def held_stories() -> QuerySet[Article]:
    """Stories kept back from publishing (not an article, a copy of another…)."""
    return Article.objects.filter(status=Article.Status.HELD, part_of__isnull=True)


def story_of(article: Article) -> Article:
    """The story an article belongs to: itself, or the first page it is a later page of."""
    return article.part_of or article


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
class Story(PublishedArticle):
    """A story as readers see it: its published text, and around it its new URL, the
    editorial corrections readers are told about and when the text last changed."""

    url: str = ""
    status: str = Article.Status.PUBLISHED
    #: editorial corrections in force, oldest first
    corrections: list[CorrectionNotice] = field(default_factory=list)
    #: when the published text last changed by any correction (None: never)
    modified: dt.datetime | None = None
    #: the story's pages in order (the first is the story's own article)
    pages: list[Article] = field(default_factory=list)
    #: every entry of every page's corrections log, in the order they were written
    log: list[Correction] = field(default_factory=list)
    #: the outlet or wire credited beside the people of the byline ("CNN")
    outlet: str = ""
    #: "month" when only year and month are known (``published`` is then the 1st)
    published_precision: str = Article.DatePrecision.DAY

    @property
    def published_label(self) -> str:
        """The publication date as readers see it: "October 2006" for a month-only date,
        "October 9, 2006" for a day."""
        return date_label(self.published, self.published_precision)

    @property
    def published_iso(self) -> str:
        """ISO 8601 text of the date at its precision: "2006-10" or "2006-10-09"."""
        return date_iso(self.published, self.published_precision)


def date_label(day: dt.date | None, precision: str = "day") -> str:
    if day is None:
        return ""
    if precision == Article.DatePrecision.MONTH:
        return f"{day:%B} {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


def date_iso(day: dt.date | None, precision: str = "day") -> str:
    if day is None:
        return ""
    return day.isoformat()[:7] if precision == Article.DatePrecision.MONTH else day.isoformat()


def story(article: Article) -> Story:
    """The story ``article`` is the first page of (for one page: just the article)."""
    return stories([article])[article.pk]


def stories(articles: Iterable[Article]) -> dict[int, Story]:
    """:func:`story` for many first pages, keyed by id: one query for their later pages
    and one for all the logs."""
    articles = list(articles)
    later: dict[int, list[Article]] = {a.pk: [] for a in articles}
    if later:
        for page in (Article.objects.filter(part_of_id__in=list(later))
                     .order_by("part_of_id", "page_no", "pk")):
            later[cast(int, page.part_of_id)].append(page)
    logs: dict[int, list[Correction]] = {a.pk: [] for a in articles}
    logs.update({p.pk: [] for pages in later.values() for p in pages})
    if logs:
        for entry in Correction.objects.filter(article_id__in=list(logs)).order_by("pk"):
            logs[entry.article_id].append(entry)
    return {a.pk: _stitch([a, *later[a.pk]], logs) for a in articles}


_TEXT_FIELDS = tuple(f.name for f in fields(PublishedArticle))


def _stitch(pages: list[Article], logs: dict[int, list[Correction]]) -> Story:
    first = pages[0]
    told = _page(first, logs[first.pk])
    for page in pages[1:]:
        more = _page(page, logs[page.pk])
        told.body = "\n\n".join(b for b in (told.body, more.body) if b)
        told.corrections += more.corrections
        told.applied += more.applied
        told.corrected = list(dict.fromkeys(told.corrected + more.corrected))
        told.modified = max(filter(None, (told.modified, more.modified)), default=None)
    told.pages = pages
    told.log = sorted((c for p in pages for c in logs[p.pk]), key=lambda c: c.pk)
    return told


def _page(article: Article, entries: list[Correction]) -> Story:
    text = published_or_extraction(article, entries)
    applied = [c for c in entries if c.status == Correction.Status.APPLIED]
    notices = [
        CorrectionNotice(c.pk, c.created, c.field, c.reason, c.before, c.after)
        for c in applied
        if c.kind == Correction.Kind.EDITORIAL and c.reverts_id is None and holds(c, entries)
    ]
    return Story(**{name: getattr(text, name) for name in _TEXT_FIELDS}, url=article.url,
                 status=article.status, corrections=notices,
                 modified=max((c.created for c in applied), default=None),
                 outlet=article.outlet,
                 # a date set by a correction names a day
                 published_precision=(Article.DatePrecision.DAY if "published" in text.corrected
                                      else article.published_precision))


# -- versions ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Version:
    """One state of a story's text: version 1 is the extraction, each applied correction
    (a revert too) makes the next."""

    number: int
    #: when this text began to stand: the story's ingest for version 1, else the correction
    since: dt.datetime
    #: the correction that made it (None for version 1)
    correction: int | None


def versions(told: Story) -> list[Version]:
    """Every version of a story, oldest first; the last is the current text."""
    applied = [c for c in told.log if c.status == Correction.Status.APPLIED]
    return [Version(1, told.pages[0].created, None),
            *(Version(n, c.created, c.pk) for n, c in enumerate(applied, start=2))]


def as_of(told: Story, day: dt.date) -> Version:
    """The version that stood at the end of ``day`` (version 1 for days before it)."""
    found = versions(told)
    return next((v for v in reversed(found) if v.since.date() <= day), found[0])


def story_version(told: Story, number: int) -> Story:
    """The story's text as version ``number`` had it: its log up to that version's
    correction. Raises LookupError for a version it never had."""
    found = versions(told)
    if not 1 <= number <= len(found):
        raise LookupError(f"story {told.id} has versions 1 to {len(found)}, not {number}")
    last = found[number - 1].correction or 0
    cut = {p.pk: [c for c in told.log if c.article_id == p.pk
                  and (c.pk <= last or c.status != Correction.Status.APPLIED)]
           for p in told.pages}
    return _stitch(told.pages, cut)
