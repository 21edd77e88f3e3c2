"""Pages of people, places, organisations and topics, with "who said what" on each
person's page, and what the article page shows of them. Thin: the rules and queries
are in :mod:`morgue.enrichment.read`; editors' corrections in
:mod:`morgue.enrichment.corrections`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from morgue.accounts.roles import is_editor
from morgue.archive.stories import published_stories, stories
from morgue.enrichment.corrections import EnrichmentCorrectionError, correct_speaker
from morgue.enrichment.models import Entity, Quote
from morgue.enrichment.read import entity_list, entity_page, topic_list, topic_page

#: URL part -> (entity kind, title of the list, one of them)
KINDS = {"people": ("person", "People", "person"), "places": ("place", "Places", "place"),
         "organisations": ("org", "Organisations", "organisation")}


@require_safe
def entities(request: HttpRequest, group: str) -> HttpResponse:
    kind, title, _ = KINDS[group]
    return render(request, "site/entities.html", {
        "group": group, "title": title, "rows": entity_list(kind)})


@require_safe
def entity(request: HttpRequest, group: str, slug: str) -> HttpResponse:
    kind, title, one = KINDS[group]
    page = entity_page(kind, slug)
    if page is None:
        raise Http404(f"No {one} by that name in the archive.")
    told = stories(page.stories)
    quoted = stories({a.pk: a for _, a in page.quotes}.values())
    return render(request, "site/entity.html", {
        "group": group, "title": title, "one": one, "page": page,
        "documents": [told[a.pk] for a in page.stories],
        "quotes": [(q, quoted[a.pk]) for q, a in page.quotes],
        "peak": max((n for _, n in page.by_year), default=0)})


@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    return render(request, "site/topics.html", {"rows": topic_list()})


@require_safe
def topic(request: HttpRequest, number: str) -> HttpResponse:
    page = topic_page(f"medtop:{number}")
    if page is None:
        raise Http404("No such IPTC Media Topic.")
    told = stories(page.stories)
    return render(request, "site/entity.html", {
        "group": "topics", "title": "Topics", "one": "topic", "page": page,
        "documents": [told[a.pk] for a in page.stories], "quotes": [],
        "code": f"medtop:{number}", "peak": max((n for _, n in page.by_year), default=0)})


@require_POST
def correct_quote_speaker(request: HttpRequest, quote_id: int) -> HttpResponse:
    """An editor gives a quote to another person (or to no one), with a reason."""
    if not is_editor(request.user):
        return HttpResponseForbidden("Only editors can correct a quote's speaker.")
    quote = get_object_or_404(Quote, pk=quote_id, article__in=published_stories())
    choice = request.POST.get("speaker", "").strip()
    speaker: Entity | str | None = None
    if choice.startswith("person:"):
        speaker = get_object_or_404(Entity, kind=Entity.Kind.PERSON, key=choice[7:])
    elif choice:
        speaker = choice  # a name typed in
    try:
        correct_speaker(quote, speaker, reason=request.POST.get("reason", ""), who=request.user)
    except EnrichmentCorrectionError as exc:
        messages.error(request, f"Not corrected: {exc}.")
    else:
        messages.success(request, "The speaker was corrected; the correction is recorded.")
    return redirect(f"{quote.article.url}#quote-{quote.position + 1}")
