"""The endpoints: each gathers its parameters, asks :mod:`.queries`, and shapes the answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Path, Query

from . import desk, errors, queries
from .docs import LocalSwagger
from .queries import ArticleQuery, Hit
from .schemas import (
    ArticleList,
    ArticleListParams,
    ArticleOut,
    AuthorList,
    AuthorListParams,
    Error,
    SectionList,
)

DESCRIPTION = """Search and read the archive's published articles.

Every answer is JSON. Lists are paged with a cursor: follow `next` (or pass `cursor`
back unchanged with the same parameters) until it is null. Errors carry `status`,
`error` (a short code) and `message`; bad parameters are answered 400 or 422.
"""

api = NinjaAPI(title="morgue archive API", version="1", description=DESCRIPTION,
               urls_namespace="api", docs=LocalSwagger(), docs_url="/docs",
               openapi_url="/openapi.json")
errors.install(api)
# The editors' desk (token-authenticated): morgue.api.desk.
desk.install(api)
api.add_router("/desk", desk.router)

#: bigger than any article id a database hands out (64-bit), so lookups never overflow
MAX_ID = 2**63 - 1
ERRORS: dict[int, type] = {400: Error, 422: Error}


def _absolute(request: HttpRequest, path: str, params: dict[str, Any] | None = None) -> str:
    query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return request.build_absolute_uri(path + (f"?{urlencode(query)}" if query else ""))


def _summary(request: HttpRequest, pk: int, url: str, text: Any) -> dict[str, Any]:
    """What lists and the article share; ``text`` is the published text or its index row."""
    return {
        "id": pk,
        "url": request.build_absolute_uri(url),
        "api_url": request.build_absolute_uri(reverse("api:article", args=[pk])),
        "headline": text.headline, "dek": text.dek, "bylines": list(text.bylines),
        "published": text.published, "section": text.section, "word_count": text.word_count,
    }


def _item(request: HttpRequest, hit: Hit) -> dict[str, Any]:
    doc = hit.document
    return {**_summary(request, doc.article_id, doc.url, doc), "score": hit.score,
            "snippet": hit.snippet}


@api.get("/articles", response={200: ArticleList, **ERRORS}, url_name="articles",
         summary="Search and filter articles")
def list_articles(request: HttpRequest, params: Query[ArticleListParams]) -> dict[str, Any]:
    """Published articles matching the query text and filters, a page at a time, with
    counts of all matches by section, author and year.

    With `q`: ranked full-text search with highlighted snippets. Without: the filters
    alone, newest first. Filters match as the site's do: a section or author by its
    name or slug, in any case; dates inclusive.
    """
    query = ArticleQuery(q=params.q, section=params.section, author=params.author,
                         date_from=params.date_from, date_to=params.date_to, sort=params.sort)
    page = queries.find_articles(query, params.limit, params.cursor)
    following = None
    if page.next_cursor:
        following = _absolute(request, request.path, {
            "q": query.q, "section": query.section, "author": query.author,
            "date_from": query.date_from, "date_to": query.date_to, "sort": params.sort,
            "limit": params.limit, "cursor": page.next_cursor})
    facets = {name: [{"value": v, "count": n} for v, n in counts]
              for name, counts in page.facets.items()}
    return {"items": [_item(request, hit) for hit in page.hits], "total": page.total,
            "limit": params.limit, "sort": page.sort, "next": following,
            "cursor": page.next_cursor, "facets": facets}


@api.get("/articles/{article_id}", response={200: ArticleOut, 404: Error, 422: Error},
         url_name="article", summary="One article")
def get_article(request: HttpRequest,
                article_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """A published article in full: its published text, its corrections and every old-site
    URL it was found at."""
    detail = queries.get_article(article_id)
    article, text = detail.article, detail.text
    return {
        **_summary(request, article.pk, article.url, text),
        "published_precision": text.published_precision, "outlet": text.outlet,
        "dateline": text.dateline, "tags": text.tags, "body": text.body, "paragraphs": text.paragraphs,
        "language": text.language, "notice": text.notice,
        "publication": text.publication, "legacy_urls": detail.legacy_urls,
        "captured_at": article.capture.captured_at, "modified": detail.modified,
        "corrections": [
            {"id": c.pk, "kind": c.kind, "field": c.field, "before": c.before,
             "after": c.after, "reason": c.reason,
             "status": "applied" if in_force else "reverted",
             "created": c.created, "reverts": c.reverts_id}
            for c, in_force in detail.corrections],
        **_enrichment(article.pk),
    }


def _enrichment(story_id: int) -> dict[str, Any]:
    from morgue.enrichment.read import story_enrichment

    found = story_enrichment(story_id)
    return {name: found[name] for name in ("people", "places", "organisations", "quotes",
                                           "topics", "inferred_date")}


@api.get("/sections", response=SectionList, url_name="sections", summary="Sections")
def list_sections(request: HttpRequest) -> dict[str, Any]:
    """Every section with its number of published articles."""
    articles = reverse("api:articles")
    return {"items": [{"name": name, "slug": slug, "count": count,
                       "articles": _absolute(request, articles, {"section": slug})}
                      for name, slug, count in queries.section_counts()]}


@api.get("/authors", response={200: AuthorList, **ERRORS}, url_name="authors",
         summary="Authors")
def list_authors(request: HttpRequest, params: Query[AuthorListParams]) -> dict[str, Any]:
    """Every author with their number of published articles, by slug, a page at a time."""
    rows, total, next_cursor = queries.author_page(params.prefix, params.limit, params.cursor)
    articles = reverse("api:articles")
    following = None
    if next_cursor:
        following = _absolute(request, request.path, {
            "prefix": params.prefix, "limit": params.limit, "cursor": next_cursor})
    return {"items": [{"name": name, "slug": slug, "count": count,
                       "articles": _absolute(request, articles, {"author": slug})}
                      for name, slug, count in rows],
            "total": total, "next": following, "cursor": next_cursor}
