"""`morgue enrich` and ingest's enrichment stage: read every story that needs it.

A story needs reading when it was never read, or its published body changed since
(a correction), or ``again`` asks for every one (a new model). Stories are read in
batches by worker processes (:mod:`morgue.pipeline.enrich.work`); each batch is written
in one transaction, so a run killed at any point is finished by running it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from django.db.models import Q

from morgue import config
from morgue.archive.models import Article
from morgue.archive.stories import stories
from morgue.pipeline.enrich.dates import infer_date
from morgue.pipeline.enrich.work import StoryText, enrich_batch, init_worker
from morgue.pipeline.parallel import ordered_map

from .models import Enriched
from .store import body_digest, save_enrichment

__all__ = ["EnrichResult", "enrich_archive", "enabled", "model_name"]

#: Stories per worker job and per transaction: a few seconds of spaCy work.
BATCH = 20
#: Dated stories on each side of an undated one in the same source, for its date.
NEIGHBOURS = 5


class Progress(Protocol):
    def start(self, label: str, total: int | None) -> None: ...
    def advance(self, pages: int) -> None: ...


@dataclass(slots=True)
class EnrichResult:
    read: int = 0
    already: int = 0
    quotes: int = 0
    attributed: int = 0
    dated: int = 0


def enabled() -> bool:
    """Whether ingest reads stories for people, places and quotes (MORGUE_ENRICH)."""
    return config.get("MORGUE_ENRICH").strip().lower() not in ("0", "no", "false", "off")


def model_name() -> str:
    return config.get("MORGUE_NLP_MODEL")


def enrich_archive(workers: int = 1, again: bool = False, progress: Progress | None = None,
                   ids: list[int] | None = None) -> EnrichResult:
    """Read every story that needs it (``ids``: only those) and store what was found."""
    result = EnrichResult()
    firsts = Article.objects.filter(part_of__isnull=True).order_by("pk")
    if ids is not None:
        firsts = firsts.filter(pk__in=ids)
    todo = _todo(firsts, again, result)
    if progress:
        progress.start("enriching stories", len(todo))
    jobs = _jobs(todo)
    for done in ordered_map(enrich_batch, jobs, workers=workers, initializer=init_worker,
                            initargs=(model_name(),)):
        told = stories(Article.objects.filter(pk__in=[i for i, _ in done]))
        for story_id, found in done:
            story = told[story_id]
            first = story.pages[0]
            inferred = None
            if story.published is None:
                inferred = infer_date(story.body, first.legacy_url or first.capture.legacy_url,
                                      first.capture.captured_at, _neighbour_dates(first))
                result.dated += inferred is not None
            save_enrichment(story_id, story.body, found, inferred)
            result.read += 1
            result.quotes += len(found.quotes)
            result.attributed += sum(1 for q in found.quotes if q.speaker)
        if progress:
            progress.advance(len(done))
    return result


def _todo(firsts, again: bool, result: EnrichResult) -> list[int]:
    """Ids of the stories to read: never read, or their published body changed."""
    ids = list(firsts.values_list("pk", flat=True))
    if again:
        return ids
    seen = dict(Enriched.objects.filter(article_id__in=ids)
                .values_list("article_id", "body_digest"))
    todo = []
    for chunk_start in range(0, len(ids), 500):
        chunk = [i for i in ids[chunk_start:chunk_start + 500] if i in seen]
        for story_id, story in stories(Article.objects.filter(pk__in=chunk)).items():
            if body_digest(story.body) != seen[story_id]:
                todo.append(story_id)
    todo += [i for i in ids if i not in seen]
    result.already = len(ids) - len(todo)
    return sorted(todo)


def _jobs(ids: list[int]) -> Iterator[list[StoryText]]:
    it = iter(ids)
    while chunk := list(islice(it, BATCH)):
        told = stories(Article.objects.filter(pk__in=chunk))
        yield [StoryText(i, told[i].body, told[i].headline, told[i].section) for i in chunk]


def _neighbour_dates(article: Article) -> list[dt.date]:
    """Dates of the dated stories just before and after this one in its source."""
    same = Article.objects.filter(capture__source=article.capture.source,
                                  published__isnull=False, part_of__isnull=True)
    before = same.filter(Q(pk__lt=article.pk)).order_by("-pk")[:NEIGHBOURS]
    after = same.filter(Q(pk__gt=article.pk)).order_by("pk")[:NEIGHBOURS]
    return [a.published for a in [*before, *after] if a.published]
