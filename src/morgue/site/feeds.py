"""Atom feeds (django.contrib.syndication): the corrections, and one per section."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from morgue.search import browse
from morgue.search.browse import Section

from . import listing
from .listing import CorrectionItem

#: Entries per feed.
FEED_SIZE = 50


def _moment(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) if day else None


class CorrectionsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"Corrections — {settings.MORGUE_PAPER_NAME} archive"

    def subtitle(self) -> str:
        return (f"Corrections {settings.MORGUE_PAPER_NAME} has made to articles in its "
                "archive, newest first.")

    def link(self) -> str:
        return reverse("corrections")

    def items(self) -> list[CorrectionItem]:
        return listing.correction_items(listing.editorial_corrections()[:FEED_SIZE])

    def item_title(self, item: CorrectionItem) -> str:
        return f"Correction: {item.headline or 'an article'}"

    def item_description(self, item: CorrectionItem) -> str:
        return escape(item.reason)  # Atom summaries are HTML

    def item_link(self, item: CorrectionItem) -> str:
        return f"{item.url}#correction-{item.id}"

    def item_pubdate(self, item: CorrectionItem) -> dt.datetime:
        return item.created

    def item_updateddate(self, item: CorrectionItem) -> dt.datetime:
        return item.created


class SectionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Section:
        found = browse.section(slug)
        if found is None:
            raise Http404(f"no section {slug!r}")
        return found

    def title(self, obj: Section) -> str:
        return f"{obj.name} — {settings.MORGUE_PAPER_NAME} archive"

    def subtitle(self, obj: Section) -> str:
        return f"The newest articles filed under {obj.name} in the archive."

    def link(self, obj: Section) -> str:
        return reverse("section", args=[obj.slug])

    def items(self, obj: Section):
        return browse.newest_first(browse.visible().filter(section_slug=obj.slug)
                                    )[:FEED_SIZE]

    def item_title(self, item) -> str:
        return item.headline or "Untitled"

    def item_description(self, item) -> str:
        return escape(item.dek)

    def item_link(self, item) -> str:
        return item.url

    def item_pubdate(self, item) -> dt.datetime | None:
        return _moment(item.published)

    def item_updateddate(self, item) -> dt.datetime | None:
        return item.modified or _moment(item.published)

    def item_author_name(self, item) -> str | None:
        return ", ".join(item.bylines) or None

    def item_categories(self, item) -> list[str]:
        return [item.section] if item.section else []
