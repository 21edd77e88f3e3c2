"""Lists over the search index: what is published, by section, year and author, counted.

Plain functions over the index's tables (one row per published story, with the
published headline, dek and bylines), so listing a section or a year needs no article
text and no corrections. Every list is restricted to stories that are published *now*,
in case one was held after it was indexed. Counts over the whole archive are cached
until the index changes (:mod:`morgue.search.cache`). The site's pages and the API
list through these, so they count alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Min, QuerySet

from morgue.archive.models import Article

from .cache import cached
from .models import ArticleAuthor, Author, Document

__all__ = ["Section", "author", "authors", "by_author", "newest_first", "oldest_first",
           "section", "sections", "span", "visible", "years"]


def visible() -> QuerySet[Document]:
    """Indexed stories that are published now, without their text (lists never show it)."""
    return Document.objects.filter(article__status=Article.Status.PUBLISHED).defer("body")


def newest_first(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.order_by(F("published").desc(nulls_last=True), "-article_id")


def oldest_first(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.order_by(F("published").asc(nulls_last=True), "article_id")


def _cached(key: str, compute):
    return cached(("site", key), compute)


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    slug: str
    count: int


def sections() -> list[Section]:
    """Every section with its number of stories, by name."""
    def compute() -> list[Section]:
        rows = (visible().exclude(section_slug="").values("section_slug")
                .annotate(n=Count("pk"), name=Min("section")).order_by("section_slug"))
        return [Section(r["name"], r["section_slug"], r["n"]) for r in rows]
    return _cached("sections", compute)


def section(slug: str) -> Section | None:
    return next((s for s in sections() if s.slug == slug), None)


def years() -> list[tuple[int, int]]:
    """(year, stories) for every year with stories, oldest first."""
    def compute() -> list[tuple[int, int]]:
        rows = (visible().exclude(year=None).values("year").annotate(n=Count("pk"))
                .order_by("year"))
        return [(r["year"], r["n"]) for r in rows]
    return _cached("years", compute)


def span() -> tuple[int, int | None, int | None]:
    """(stories, first year, last year) of the whole archive."""
    def compute():
        found = years()
        total = visible().count()
        return (total, found[0][0] if found else None, found[-1][0] if found else None)
    return _cached("span", compute)


def authors() -> list[tuple[Author, int]]:
    """Every author with their number of published stories, by name."""
    def compute():
        counts = dict(ArticleAuthor.objects.filter(article__article__status=Article.Status.PUBLISHED)
                      .values_list("author_id").annotate(n=Count("pk")).values_list("author_id", "n"))
        found = Author.objects.filter(pk__in=list(counts)).order_by("name")
        return [(a, counts[a.pk]) for a in found]
    return _cached("authors", compute)


def author(slug: str) -> Author | None:
    return Author.objects.filter(slug=slug).first()


def by_author(found: Author) -> QuerySet[Document]:
    return visible().filter(author_links__author=found)
