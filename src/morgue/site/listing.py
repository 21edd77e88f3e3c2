"""What the site's browsing pages list besides sections, years and authors
(:mod:`morgue.search.browse`): months and days, undated stories, "on this day", pages
of a list, and the corrections.

Plain functions over the search index's tables, restricted to stories published now.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth

from morgue.archive.corrections import holds
from morgue.archive.models import Article, Correction
from morgue.search.browse import visible
from morgue.search.models import Document

#: Articles per page of a listing.
PAGE_SIZE = 20
#: Stories shown under "On this day" on the home page.
ON_THIS_DAY = 6


def page_of(qs: QuerySet, number: str | int | None, size: int = PAGE_SIZE):
    """A page of a listing; raises LookupError for a page that does not exist."""
    paginator = Paginator(qs, size)
    try:
        return paginator.page(number or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise LookupError(str(exc)) from exc


# -- dates ---------------------------------------------------------------------------------

def months(year: int) -> list[tuple[dt.date, int]]:
    """(first of the month, articles) for each month of ``year`` with articles."""
    rows = (visible().filter(year=year).annotate(m=ExtractMonth("published")).values("m")
            .annotate(n=Count("pk")).order_by("m"))
    return [(dt.date(year, r["m"], 1), r["n"]) for r in rows]


def days(year: int, month: int) -> list[tuple[dt.date, int]]:
    """(day, articles) for each day of a month with articles."""
    first, last = month_bounds(year, month)
    rows = (visible().filter(published__gte=first, published__lte=last)
            .annotate(d=ExtractDay("published")).values("d").annotate(n=Count("pk"))
            .order_by("d"))
    return [(dt.date(year, month, r["d"]), r["n"]) for r in rows]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def undated() -> QuerySet[Document]:
    return visible().filter(published=None).order_by("article_id")


@dataclass(frozen=True, slots=True)
class OnThisDay:
    day: dt.date | None  # the day shown: today's month and day in some year, or the nearest
    exact: bool
    documents: list[Document]


def on_this_day(today: dt.date, limit: int = ON_THIS_DAY) -> OnThisDay:
    """Stories published on today's month and day in earlier years; failing that, on the
    nearest day of the year that has any (looking forward, then wrapping round)."""
    wanted = today.month * 100 + today.day
    month_day: int | None = wanted
    if not visible().filter(month_day=wanted).exists():
        month_day = (visible().filter(month_day__gt=wanted).order_by("month_day")
                     .values_list("month_day", flat=True).first()
                     or visible().exclude(month_day=None).order_by("month_day")
                     .values_list("month_day", flat=True).first())
    if month_day is None:
        return OnThisDay(None, False, [])
    docs = list(visible().filter(month_day=month_day)
                .order_by("-published", "-article_id")[:limit])
    shown = dt.date(2000, month_day // 100, month_day % 100)  # a leap year: 29 Feb exists
    return OnThisDay(shown, month_day == wanted, docs)


# -- corrections ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CorrectionItem:
    id: int
    created: dt.datetime
    reason: str
    field: str
    before: str
    after: str
    url: str
    headline: str


def editorial_corrections() -> QuerySet[Correction]:
    """Editorial corrections of published articles, newest first (reverts left out)."""
    return (Correction.objects.filter(kind=Correction.Kind.EDITORIAL,
                                      status=Correction.Status.APPLIED, reverts__isnull=True,
                                      article__status=Article.Status.PUBLISHED)
            .order_by("-created", "-pk"))


def correction_items(corrections: Iterable[Correction]) -> list[CorrectionItem]:
    """The corrections still in force, with their article's published headline and URL."""
    corrections = list(corrections)
    ids = {c.article_id for c in corrections}
    logs: dict[int, list[Correction]] = {i: [] for i in ids}
    for entry in Correction.objects.filter(article_id__in=ids).order_by("pk"):
        logs[entry.article_id].append(entry)
    docs = Document.objects.only("url", "headline").in_bulk(list(ids))
    items = []
    for c in corrections:
        doc = docs.get(c.article_id)
        if doc is None or not holds(c, logs[c.article_id]):
            continue
        items.append(CorrectionItem(c.pk, c.created, c.reason, c.field, c.before, c.after,
                                    doc.url, doc.headline))
    return items


def recent_corrections(limit: int = 5) -> list[CorrectionItem]:
    # A few more than asked, in case some were reverted since.
    return correction_items(editorial_corrections()[:limit * 3])[:limit]
