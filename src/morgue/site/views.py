"""The public site's views: each gathers its input, calls one function, renders.

Articles have no URL pattern of their own: their new URLs are whatever ingest gave them
(``Article.url``), so the catch-all :func:`page` looks a path up as an article, then as
an old address to redirect, then as a flat page.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import render_flatpage
from django.contrib.sitemaps import views as sitemap_views
from django.http import (Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect)
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from morgue.archive.models import Article
from morgue.archive.redirects import resolve_legacy
from morgue.archive.stories import (as_of, published_stories, story, story_of, story_version,
                                    versions)
from morgue.search import browse
from morgue.search import search as run_search
from morgue.search.backends.base import slug
from morgue.store import BlobMissing, CaptureStore

from . import listing, seo
from .citation import cite
from .forms import MAX_PAGE, SORT_CHOICES, SearchForm, with_params
from .original import FRAME_POLICY, render_original
from .sitemaps import build_sitemaps


def author_url(name: str) -> str:
    return reverse("author", args=[slug(name)])


# -- home, search ------------------------------------------------------------------------

@require_safe
def home(request: HttpRequest) -> HttpResponse:
    total, first, last = browse.span()
    return render(request, "site/home.html", {
        "total": total, "first_year": first, "last_year": last,
        "on_this_day": listing.on_this_day(timezone.localdate()),
        "latest": list(browse.newest_first(browse.visible())[:6]),
        "sections": browse.sections(), "years": browse.years(),
        "corrections": listing.recent_corrections(5),
        "form": SearchForm(),
    })


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "sections": browse.sections(), "searched": False,
                     "sort_choices": SORT_CHOICES}
    if form.is_bound and form.is_valid():
        query = form.query()
        result = run_search(query)
        docs = browse.visible().in_bulk([h.article_id for h in result.hits])
        page = form.cleaned_data.get("page") or 1
        pages = min(MAX_PAGE, -(-result.total // query.limit)) if query.limit else 0
        context.update({
            "searched": True, "query": query, "result": result,
            "hits": [(h, docs[h.article_id]) for h in result.hits if h.article_id in docs],
            "page": page, "pages": pages,
            "previous": with_params(request.GET, page=page - 1) if page > 1 else None,
            "next": with_params(request.GET, page=page + 1) if page < pages else None,
            "facets": _facet_links(request, query, result.facets),
            "removable": _active_filters(request, query),
            "sort_links": [(value or "relevance", label,
                            with_params(request.GET, sort=value or None))
                           for value, label in SORT_CHOICES
                           if value or query.q],
        })
    return render(request, "site/search.html", context,
                  status=400 if form.is_bound and not form.is_valid() else 200)


def _facet_links(request: HttpRequest, query, facets) -> dict[str, list[tuple[str, int, str, bool]]]:
    """(label, count, query string that applies it, whether it is applied) per facet."""
    links: dict[str, list] = {}
    for name, values in facets.items():
        rows = []
        for label, count in values:
            if name == "year":
                applied = bool(query.date_from and query.date_to
                               and query.date_from == dt.date(int(label), 1, 1)
                               and query.date_to == dt.date(int(label), 12, 31))
                params = with_params(request.GET, date_from=f"{label}-01-01",
                                     date_to=f"{label}-12-31")
            else:
                current = getattr(query, name)
                applied = bool(current) and slug(current) == slug(label)
                params = with_params(request.GET, **{name: label})
            rows.append((label, count, params, applied))
        links[name] = rows
    return links


def _active_filters(request: HttpRequest, query) -> list[tuple[str, str]]:
    """(description, query string without it) for each filter in use."""
    active = []
    if query.section:
        active.append((f"Section: {query.section}", with_params(request.GET, section=None)))
    if query.author:
        active.append((f"Author: {query.author}", with_params(request.GET, author=None)))
    if query.date_from:
        active.append((f"From {_long(query.date_from)}",
                       with_params(request.GET, date_from=None)))
    if query.date_to:
        active.append((f"To {_long(query.date_to)}", with_params(request.GET, date_to=None)))
    return active


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# -- articles and old addresses -------------------------------------------------------------

@require_safe
def page(request: HttpRequest, path: str = "") -> HttpResponse:
    """An article at its new URL; else a redirect from an old one; else a flat page."""
    url = request.path_info
    found = list(Article.objects.filter(url=url, status=Article.Status.PUBLISHED)
                 .select_related("capture", "part_of")[:1])
    if found and found[0].part_of_id is None:
        return article_page(request, found[0])
    story = found[0].part_of if found else None
    if story is not None and story.status == Article.Status.PUBLISHED:
        return HttpResponsePermanentRedirect(story.url)  # a later page: its story
    if (version := VERSION_URL.match(url)) is not None:
        return version_page(request, version["story"], int(version["number"]))
    target = resolve_legacy(url, request.META.get("QUERY_STRING", ""))
    if target is not None:
        return HttpResponsePermanentRedirect(target)
    flat = FlatPage.objects.filter(url=url, sites=settings.SITE_ID).first()
    if flat is not None:
        return render_flatpage(request, flat)
    if _slash_added_exists(url):
        return HttpResponsePermanentRedirect(url + "/")
    raise Http404("No page at this address.")


def _slash_added_exists(url: str) -> bool:
    """Django's APPEND_SLASH, which a catch-all route would otherwise switch off."""
    if url.endswith("/"):
        return False
    try:
        if resolve(url + "/").url_name != "page":
            return True
    except Resolver404:
        return False
    return Article.objects.filter(url=url + "/", status=Article.Status.PUBLISHED).exists()


#: A story's earlier text: its URL and ``v2/`` (version 2).
VERSION_URL = re.compile(r"^(?P<story>/.*/)v(?P<number>[1-9][0-9]{0,5})/$")


def version_page(request: HttpRequest, url: str, number: int) -> HttpResponse:
    """Version ``number`` of the story at ``url`` (a former URL of a story: one 301)."""
    found = published_stories().filter(url=url).select_related("capture").first()
    if found is None:
        target = resolve_legacy(url)
        if target is None:
            raise Http404("No page at this address.")
        return HttpResponsePermanentRedirect(f"{target}v{number}/")
    return article_page(request, found, number)


def article_page(request: HttpRequest, article: Article, number: int | None = None
                 ) -> HttpResponse:
    """A story as it stands, or as version ``number`` had it, or (``?as_of=YYYY-MM-DD``)
    as it stood at the end of that day."""
    current = story(article)
    history = versions(current)
    if number is None and (day := _day(request.GET.get("as_of"))) is not None:
        number = as_of(current, day).number
    if number is not None and number > len(history):
        raise Http404(f"This story has {len(history)} version{'s' if len(history) != 1 else ''}.")
    shown = len(history) if number is None else number
    text = current if shown == len(history) else story_version(current, shown)
    canonical = seo.absolute(article.url, request)
    version_url = seo.absolute(f"{article.url}v{shown}/", request)
    return render(request, "site/article.html", {
        "article": article, "text": text, "canonical": canonical,
        "versions": history, "version": history[shown - 1],
        "later": history[shown] if shown < len(history) else None,
        "citation": cite(text, settings.MORGUE_PAPER_NAME, version_url,
                         timezone.localdate(), shown),
        "authors": [(name, author_url(name)) for name in text.bylines],
        "section_slug": slug(text.section) if text.section else "",
        "description": seo.description(text),
        "open_graph": seo.meta_tags(seo.open_graph(text, canonical)),
        "json_ld": seo.ld_json(seo.news_article(
            text, canonical, lambda name: seo.absolute(author_url(name), request))),
        "capture": article.capture,
        **_enrichment(request, current.id),
    })


def _enrichment(request: HttpRequest, story_id: int) -> dict:
    """People, places, topics and quotes of the story, for the article page."""
    from morgue.accounts.roles import is_editor
    from morgue.enrichment.models import Quote
    from morgue.enrichment.read import story_enrichment

    found = story_enrichment(story_id)
    return {"found": found, "editor": is_editor(request.user), "people": found["people"],
            "quotes": list(Quote.objects.filter(article_id=story_id).select_related("speaker"))}


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise Http404("as_of must be a date, YYYY-MM-DD.") from None


def _published_or_404(article_id: int) -> Article:
    """A published article, or a page of a published story (its original can be seen)."""
    article = get_object_or_404(Article.objects.select_related("capture", "part_of"),
                                pk=article_id, status=Article.Status.PUBLISHED)
    if article.part_of is not None and article.part_of.status != Article.Status.PUBLISHED:
        raise Http404("No such article.")
    return article


@require_safe
def original(request: HttpRequest, article_id: int) -> HttpResponse:
    """The original page beside its provenance; the page itself is in a sandboxed frame."""
    article = _published_or_404(article_id)
    capture = article.capture
    store = CaptureStore(settings.MORGUE_STORE)
    told = story(story_of(article))
    return render(request, "site/original.html", {
        "article": article, "story": told.pages[0], "text": told, "capture": capture,
        "pages": told.pages,
        "in_store": store.exists(capture.sha256),
        "copies": list(capture.copies.exclude(legacy_url="").values_list("legacy_url", flat=True)),
    })


@require_safe
@xframe_options_sameorigin
@cache_control(private=True, max_age=3600)
def original_capture(request: HttpRequest, article_id: int) -> HttpResponse:
    """The capture itself, made inert, for the sandboxed frame only."""
    article = _published_or_404(article_id)
    try:
        content = CaptureStore(settings.MORGUE_STORE).get(article.capture.sha256)
    except BlobMissing:
        raise Http404("The original bytes are not in the capture store.") from None
    shown = render_original(article.capture, content)
    response = HttpResponse(shown.document, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = FRAME_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# -- browsing ------------------------------------------------------------------------------

def _listing(request: HttpRequest, qs, template: str, context: dict) -> HttpResponse:
    try:
        page_obj = listing.page_of(qs, request.GET.get("page"))
    except LookupError:
        raise Http404("No such page of this list.") from None
    context.update({"page_obj": page_obj, "documents": page_obj.object_list})
    return render(request, template, context)


@require_safe
def sections(request: HttpRequest) -> HttpResponse:
    return render(request, "site/sections.html", {"sections": browse.sections()})


@require_safe
def section(request: HttpRequest, slug: str) -> HttpResponse:
    found = browse.section(slug)
    if found is None:
        raise Http404("No such section.")
    qs = browse.newest_first(browse.visible().filter(section_slug=found.slug))
    return _listing(request, qs, "site/section.html", {"section": found})


@require_safe
def authors(request: HttpRequest) -> HttpResponse:
    return render(request, "site/authors.html", {"authors": browse.authors()})


@require_safe
def author(request: HttpRequest, slug: str) -> HttpResponse:
    found = browse.author(slug)
    if found is None:
        raise Http404("No such author.")
    qs = browse.newest_first(browse.by_author(found))
    return _listing(request, qs, "site/author.html", {"author": found})


@require_safe
def dates(request: HttpRequest) -> HttpResponse:
    return render(request, "site/dates.html", {"years": browse.years(),
                                               "undated": listing.undated().count()})


def _date_or_404(year: int, month: int = 1, day: int = 1) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Http404("No such date.") from None


@require_safe
def year(request: HttpRequest, year: str) -> HttpResponse:
    _date_or_404(int(year))
    found = listing.months(int(year))
    if not found:
        raise Http404("Nothing in the archive from this year.")
    return render(request, "site/year.html", {"year": int(year), "months": found,
                                              "years": browse.years()})


@require_safe
def month(request: HttpRequest, year: str, month: str) -> HttpResponse:
    first = _date_or_404(int(year), int(month))
    start, end = listing.month_bounds(first.year, first.month)
    qs = browse.oldest_first(browse.visible().filter(published__gte=start, published__lte=end))
    return _listing(request, qs, "site/month.html",
                    {"month": first, "days": listing.days(first.year, first.month)})


@require_safe
def day(request: HttpRequest, year: str, month: str, day: str) -> HttpResponse:
    date = _date_or_404(int(year), int(month), int(day))
    qs = browse.visible().filter(published=date).order_by("article_id")
    return _listing(request, qs, "site/day.html", {"day": date})


@require_safe
def undated(request: HttpRequest) -> HttpResponse:
    return _listing(request, listing.undated(), "site/undated.html", {})


@require_safe
def corrections(request: HttpRequest) -> HttpResponse:
    try:
        page_obj = listing.page_of(listing.editorial_corrections(), request.GET.get("page"))
    except LookupError:
        raise Http404("No such page of this list.") from None
    return render(request, "site/corrections.html", {
        "page_obj": page_obj, "items": listing.correction_items(page_obj.object_list)})


# -- for machines ----------------------------------------------------------------------------

@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/",
             "Disallow: /articles/", "Allow: /", "",
             f"Sitemap: {seo.absolute(reverse('sitemap-index'), request)}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, build_sitemaps(), sitemap_url_name="sitemap-section")


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, build_sitemaps(), section=section)


def flatpage(request: HttpRequest, url: str) -> HttpResponse:
    flat = get_object_or_404(FlatPage, url=url, sites=settings.SITE_ID)
    return render_flatpage(request, flat)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", {"form": SearchForm()}, status=404)
