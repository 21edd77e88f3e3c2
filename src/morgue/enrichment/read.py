"""What the site and the API read of enrichment: a story's people, places, quotes and
topics, and the pages of each entity and topic (published stories only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from morgue.archive.models import Article
from morgue.archive.stories import published_stories
from morgue.pipeline.enrich.topics import TOPICS

from .export import EMPTY, story_fields
from .models import Entity, Mention, Quote, Topic

__all__ = ["EntityPage", "entity_list", "entity_page", "story_enrichment", "topic_list",
           "topic_page"]

#: Stories listed on an entity's or topic's page (newest first).
PAGE_STORIES = 50


def story_enrichment(story_id: int) -> dict[str, Any]:
    """The story's people, places, organisations, quotes, topics and inferred date (the
    export's fields; empty lists when it was not read)."""
    return story_fields([story_id]).get(story_id, dict(EMPTY))


@dataclass(slots=True)
class EntityPage:
    entity: Entity | None
    label: str
    #: published stories naming it (or on the topic), newest first, at most PAGE_STORIES
    stories: list[Article] = field(default_factory=list)
    total: int = 0
    #: (year or "undated", stories) oldest first
    by_year: list[tuple[str, int]] = field(default_factory=list)
    #: a person's quotes in published stories: (quote, story), in story order
    quotes: list[tuple[Quote, Article]] = field(default_factory=list)


def entity_list(kind: str) -> list[tuple[Entity, int]]:
    """Every entity of a kind named in a published story, with how many name it, most first."""
    published = published_stories().values("pk")
    rows = (Entity.objects.filter(kind=kind, mentions__article__in=published)
            .annotate(stories=Count("mentions__article", distinct=True))
            .order_by("-stories", "name"))
    return [(e, e.stories) for e in rows]


def entity_page(kind: str, slug: str) -> EntityPage | None:
    entity = Entity.objects.filter(kind=kind, slug=slug).first()
    if entity is None:
        return None
    named = published_stories().filter(mentions__entity=entity)
    page = _page(entity, entity.name, named)
    if kind == Entity.Kind.PERSON:
        quotes = (Quote.objects.filter(speaker=entity, article__in=published_stories())
                  .select_related("article").order_by("-article__published", "article_id",
                                                      "position"))
        page.quotes = [(q, q.article) for q in quotes]
    return page


def topic_list() -> list[tuple[str, str, int]]:
    """(code, label, published stories) for every topic that has any, most first."""
    counts = Counter(dict(Topic.objects.filter(article__in=published_stories().values("pk"))
                          .values_list("code").annotate(n=Count("article")).values_list("code", "n")))
    return [(code, TOPICS.get(code, code), n) for code, n in counts.most_common()]


def topic_page(code: str) -> EntityPage | None:
    if code not in TOPICS:
        return None
    return _page(None, TOPICS[code], published_stories().filter(topics__code=code))


def _page(entity: Entity | None, label: str, stories) -> EntityPage:
    years = Counter(str(d.year) if d else "undated"
                    for d in stories.values_list("published", flat=True))
    return EntityPage(entity, label,
                      list(stories.order_by("-published", "-pk")[:PAGE_STORIES]),
                      sum(years.values()),
                      sorted(years.items(), key=lambda kv: (kv[0] == "undated", kv[0])))


def mentions_by_year(entity: Entity) -> dict[int, int]:
    """How often each year's published stories name the entity (for charts)."""
    counts: dict[int, int] = {}
    for day, n in (Mention.objects.filter(entity=entity, article__in=published_stories())
                   .values_list("article__published", "count")):
        if isinstance(day, dt.date):
            counts[day.year] = counts.get(day.year, 0) + n
    return counts
