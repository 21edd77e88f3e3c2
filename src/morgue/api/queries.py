"""What the API asks of the archive, as plain functions: no requests, no responses.

Only published articles are ever read here; held ones do not exist for the API.

Lists of articles come from the search interface (:mod:`morgue.search`), with or without
query text, so the API filters, orders and counts exactly as the site's search and
listing pages do, over the published text (extraction plus applied corrections). Their
cursor is a signed offset into that order, which the search breaks ties in (by id), so
pages neither repeat nor skip an article. The items, the sections and the authors are
read from the index's rows as the site lists them (:mod:`morgue.search.browse`: published
now, published text, no body). One article is read from the archive itself, as a story
(:mod:`morgue.archive.stories`), as its page shows it: a story printed over several pages
is one article (its later pages are not articles of their own here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from morgue.archive.corrections import holds
from morgue.archive.models import Article, Correction
from morgue.archive.redirects import legacy_urls
from morgue.archive.stories import Story, published_stories, story
from morgue.search import SearchQuery, browse, search
from morgue.search.models import Document

from . import cursor
from .errors import ApiError


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which articles, in which order. ``sort`` None means relevance with q, else newest."""

    q: str = ""
    section: str | None = None
    author: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str | None = None

    @property
    def order(self) -> str:
        if self.sort in ("newest", "oldest"):
            return self.sort
        return "relevance" if self.q else "newest"

    def key(self) -> dict[str, Any]:
        """What a cursor is tied to (not the page size: a client may change it)."""
        return {"q": self.q, "section": self.section, "author": self.author,
                "date_from": self.date_from, "date_to": self.date_to, "sort": self.order}


@dataclass(slots=True)
class Hit:
    #: the article as listed: its published headline, dek, bylines, section and date
    document: Document
    score: float | None = None
    snippet: str | None = None


@dataclass(slots=True)
class ArticlePage:
    hits: list[Hit]
    total: int
    next_cursor: str | None
    #: counts of every match by section, author and year
    facets: dict[str, list[tuple[str, int]]]
    sort: str


# -- lists of articles ---------------------------------------------------------------------

def find_articles(query: ArticleQuery, limit: int, after: str | None = None) -> ArticlePage:
    """One page of articles matching ``query``; ``after`` is a cursor from the last page."""
    offset = _offset(cursor.decode(after, query.key())) if after else 0
    try:
        result = search(SearchQuery(
            q=query.q, section=query.section, author=query.author, date_from=query.date_from,
            date_to=query.date_to, sort=query.order, offset=offset, limit=limit))
    except ValueError as exc:  # the search could not read the query: the client's to fix
        raise ApiError(400, "invalid_query", f"the search was refused: {exc}") from exc
    # visible(): an index a moment stale never shows an article held since
    found = browse.visible().in_bulk([h.article_id for h in result.hits])
    hits = [Hit(found[h.article_id], h.score if query.q else None, h.snippet)
            for h in result.hits if h.article_id in found]
    following = offset + limit
    next_cursor = (cursor.encode({"offset": following}, query.key())
                   if result.hits and following < result.total else None)
    facets = {name: [(str(value), int(count)) for value, count in counts]
              for name, counts in result.facets.items()}
    return ArticlePage(hits, result.total, next_cursor, facets, query.order)


def _offset(position: dict) -> int:
    offset = position.get("offset")
    if not isinstance(offset, int) or offset < 0:
        raise ApiError(400, "invalid_cursor", "cursor does not belong to this list; "
                       "start again from the first page")
    return offset


# -- one article ---------------------------------------------------------------------------

@dataclass(slots=True)
class ArticleDetail:
    article: Article
    text: Story
    legacy_urls: list[str]
    #: corrections readers see, each with whether it is still in force
    corrections: list[tuple[Correction, bool]]

    @property
    def modified(self) -> dt.datetime | None:
        return max((c.created for c, _ in self.corrections), default=None)


def get_article(article_id: int) -> ArticleDetail:
    """A published article with everything the API tells about it; Http404 otherwise."""
    try:
        article = published_stories().select_related("capture").get(pk=article_id)
    except Article.DoesNotExist:
        raise Http404(f"no published article with id {article_id}") from None
    log = list(Correction.objects.filter(Q(article=article) | Q(article__part_of=article))
               .order_by("pk"))
    return ArticleDetail(article, story(article), legacy_urls([article.pk])[article.pk],
                         corrections_shown(log))


def corrections_shown(log: Sequence[Correction]) -> list[tuple[Correction, bool]]:
    """The corrections readers see, oldest first, each with whether it is still in force.

    Applied corrections only (a revert is itself an applied correction that ``reverts``
    another); proposed and rejected ones are the newsroom's work in progress.
    """
    return [(entry, holds(entry, log)) for entry in log
            if entry.status == Correction.Status.APPLIED]


# -- sections and authors ------------------------------------------------------------------

def section_counts() -> list[tuple[str, str, int]]:
    """(name, slug, published articles) of every section, by slug."""
    return [(s.name, s.slug, s.count) for s in browse.sections()]


def author_page(prefix: str, limit: int, after: str | None
                ) -> tuple[list[tuple[str, str, int]], int, str | None]:
    """(name, slug, published articles) of authors by name, one page of them; the total;
    the cursor of the next page. ``prefix`` keeps names starting with it (any case)."""
    folded = prefix.casefold()
    rows = sorted(((a.name, a.slug, n) for a, n in browse.authors()
                   if a.name.casefold().startswith(folded)),
                  key=lambda row: (row[0].casefold(), row[1]))
    key = {"authors": prefix}
    start = 0
    if after:
        last = cursor.decode(after, key).get("after")
        if not (isinstance(last, list) and len(last) == 2
                and all(isinstance(part, str) for part in last)):
            raise ApiError(400, "invalid_cursor", "cursor does not belong to the author list")
        start = next((i for i, row in enumerate(rows)
                      if (row[0].casefold(), row[1]) > tuple(last)), len(rows))
    page = rows[start:start + limit]
    more = start + limit < len(rows)
    next_cursor = (cursor.encode({"after": [page[-1][0].casefold(), page[-1][1]]}, key)
                   if page and more else None)
    return page, len(rows), next_cursor
