"""The sitemap index and its sitemaps (django.contrib.sitemaps): one per year of the
archive, one for undated articles, one for the site's own pages. Django splits a sitemap
into pages of at most :attr:`Sitemap.limit` URLs (50,000, the protocol's maximum), and the
index lists every page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from morgue.search import browse

from . import listing

#: URLs per sitemap file; the sitemaps protocol allows at most 50,000.
URLS_PER_SITEMAP = 50_000


class _Base(Sitemap):
    limit = URLS_PER_SITEMAP

    @property
    def protocol(self) -> str | None:  # type: ignore[override]
        return urlsplit(settings.MORGUE_SITE_URL).scheme or None if settings.MORGUE_SITE_URL else None


class ArticlesSitemap(_Base):
    """Published articles of one year (``year`` None: the undated ones)."""

    changefreq = "yearly"

    def __init__(self, year: int | None) -> None:
        self.year = year

    def items(self):
        qs = browse.visible().filter(year=self.year) if self.year else browse.visible().filter(
            published=None)
        return qs.order_by("published", "article_id").values_list("url", "published", "modified")

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        # Always a datetime: Django compares them to find the sitemap's newest, and a
        # corrected story's time beside an uncorrected one's date would not compare.
        modified, published = item[2], item[1]
        if modified or published is None:
            return modified
        return dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC)


class PagesSitemap(_Base):
    changefreq = "weekly"

    def items(self) -> list[str]:
        pages = [reverse(name) for name in ("home", "sections", "authors", "dates",
                                            "corrections", "terms", "privacy")]
        pages += [reverse("section", args=[s.slug]) for s in browse.sections()]
        pages += [reverse("year", args=[y]) for y, _ in browse.years()]
        return pages

    def location(self, item: str) -> str:
        return item


def build_sitemaps() -> dict[str, Sitemap | type[Sitemap]]:
    """Section name → sitemap, for the index and for each sitemap's own URL."""
    found: dict[str, Sitemap | type[Sitemap]] = {"pages": PagesSitemap()}
    for year, _ in browse.years():
        found[str(year)] = ArticlesSitemap(year)
    if listing.undated().exists():
        found["undated"] = ArticlesSitemap(None)
    return found
