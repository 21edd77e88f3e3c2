"""What is in the archive, counted: the numbers `morgue stats` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .models import Article, Capture, IngestPartition, IngestRun, Problem, Skipped
from .stories import held_stories, published_stories


@dataclass(slots=True)
class ArchiveStats:
    captures: int = 0
    copies: int = 0
    #: what extraction made: one per capture that is not a copy
    articles: int = 0
    #: published stories (a story printed over several pages counts once), as the site,
    #: API, sitemaps, feeds and export count them
    stories: int = 0
    #: later pages of multi-page stories (part of a story, not stories of their own)
    later_pages: int = 0
    held: int = 0
    undated: int = 0
    no_byline: int = 0
    open_errors: int = 0
    open_warnings: int = 0
    #: records read that are not articles, by what they are
    skipped: int = 0
    skipped_by_kind: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)
    by_section: dict[str, int] = field(default_factory=dict)
    by_year: dict[int, int] = field(default_factory=dict)
    last_run: IngestRun | None = None
    #: the partitions of the last cluster run's sources, by status (done/pending/failed)
    partitions: dict[str, int] = field(default_factory=dict)
    #: the cluster run those partitions belong to
    partition_run: IngestRun | None = None


def archive_stats(top_sections: int = 12) -> ArchiveStats:
    articles = Article.objects.all()
    open_problems = Problem.objects.filter(resolved=False)
    return ArchiveStats(
        captures=Capture.objects.count(),
        copies=Capture.objects.filter(duplicate_of__isnull=False).count(),
        articles=articles.count(),
        stories=published_stories().count(),
        later_pages=articles.filter(part_of__isnull=False).count(),
        held=held_stories().count(),
        undated=articles.filter(published__isnull=True).count(),
        no_byline=articles.filter(bylines=[]).count(),
        open_errors=open_problems.filter(severity=Problem.Severity.ERROR).count(),
        open_warnings=open_problems.filter(severity=Problem.Severity.WARNING).count(),
        skipped=Skipped.objects.count(),
        skipped_by_kind=dict(Skipped.objects.values_list("kind").annotate(n=Count("id"))
                             .order_by("-n", "kind")[:top_sections]),
        by_format=dict(Capture.objects.values_list("format").annotate(n=Count("id"))
                       .order_by("-n")),
        by_section=dict(articles.exclude(section="").values_list("section")
                        .annotate(n=Count("id")).order_by("-n")[:top_sections]),
        by_year=dict(articles.filter(published__isnull=False)
                     .annotate(year=ExtractYear("published")).values_list("year")
                     .annotate(n=Count("id")).order_by("year")),
        last_run=IngestRun.objects.order_by("-pk").first(),
        **partition_progress(),
    )


def partition_progress() -> dict[str, Any]:
    """Partitions of the sources of the last cluster run (`ingest --dask`), by status.

    Those an earlier run finished count as done: a rerun skips them.
    """
    last = IngestPartition.objects.order_by("-run_id").values_list("run_id", flat=True).first()
    if last is None:
        return {}
    run = IngestRun.objects.get(pk=last)
    sources = IngestPartition.objects.filter(run=run).values("source").distinct()
    counts = {status: 0 for status in IngestPartition.Status.values}
    for row in (IngestPartition.objects.filter(source__in=sources)
                .values("status").annotate(n=Count("pk"))):
        counts[row["status"]] = row["n"]
    return {"partitions": counts, "partition_run": run}
