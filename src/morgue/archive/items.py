"""The archive as a stream of :class:`CheckItem` records, for `run_checks`.

Checks read the *published* text (extraction plus applied corrections), so a fixed
problem is not found again. Corpus-wide checks read the archive more than once (learn,
then judge), so the first pass builds the items from the database, computing each
capture's visible text (in worker processes when asked), and writes them to a
temporary spool; later passes replay the spool. Memory stays flat however large the
archive, and the expensive work is done once per check run.
"""

from __future__ import annotations

import gzip
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch

from morgue.pipeline import records
from morgue.pipeline.checks import CheckOptions, Mapper, Partitioned
from morgue.pipeline.checks.partitioned import partitioned
from morgue.pipeline.parallel import ordered_map

from .corrections import PublishedArticle, published_text
from .models import Article, Capture, Correction, Finding
from .visible import PAGE_FIELDS, capture_texts, checked_items

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ItemStream", "check_item", "pipeline_article"]

#: Articles read per query; their corrections, copies and extraction warnings are
#: prefetched per chunk.
CHUNK_SIZE = 500
#: Captures per job sent to a worker for their visible text: big enough to amortise
#: the hand-off, small enough that the workers share the work evenly.
TEXT_BATCH = 50
#: Articles per partition sent to a cluster worker for their checks.
CLUSTER_BATCH = 500
#: gzip level of the spool: level 1 is nearly as small as 6 for text, at a third the CPU.
SPOOL_LEVEL = 1
#: Findings extraction wrote at ingest; checks see them as the article's warnings.
EXTRACTION_CODE = "extraction"


class CheckFailed(RuntimeError):
    """A partition of the checks could not be done; the previous findings stay."""


@dataclass(slots=True)
class ClusterChecks:
    """Check items built on a Dask cluster, with the per-article checks run there."""

    client: Client
    options: CheckOptions
    only: set[str] | None
    #: called with each partition's per-article findings
    found: Callable[[list[records.Finding]], None]


class ItemStream:
    """Callable returning a fresh iterator of CheckItems, as `run_checks` wants."""

    def __init__(self, workers: int = 1, cluster: ClusterChecks | None = None) -> None:
        self.workers = workers
        self.cluster = cluster
        self._dir = tempfile.TemporaryDirectory(prefix="morgue-check-items-")
        self._spool = Path(self._dir.name) / "items.pickle.gz"
        self._complete = False
        self._writing = False
        #: articles in the archive, known once a first pass has finished
        self.count: int | None = None

    def __call__(self) -> Iterator[records.CheckItem]:
        if self._complete:
            return self._replay()
        if self._writing:  # a pass inside a pass: read the database, don't spool
            return self._build(None)
        return self._build(self._spool)

    def _build(self, spool: Path | None) -> Iterator[records.CheckItem]:
        out = gzip.open(spool, "wb", compresslevel=SPOOL_LEVEL) if spool else None
        self._writing = spool is not None
        n = 0
        try:
            for item in self._from_database():
                if out is not None:
                    pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)
                n += 1
                yield item
            self._complete = out is not None
            self.count = n
        finally:
            if out is not None:
                out.close()
                self._writing = False

    def _replay(self) -> Iterator[records.CheckItem]:
        with gzip.open(self._spool, "rb") as spool:
            for _ in range(self.count or 0):
                yield pickle.load(spool)

    def _from_database(self) -> Iterator[records.CheckItem]:
        if self.cluster is not None:
            yield from self._on_cluster(self.cluster)
            return
        pending: deque[list[Article]] = deque()

        def jobs() -> Iterator[tuple[str, list[dict]]]:
            articles = _articles()
            while batch := list(islice(articles, TEXT_BATCH)):
                pending.append(batch)
                yield (str(settings.MORGUE_STORE),
                       [{name: getattr(a.capture, name) for name in PAGE_FIELDS}
                        for a in batch])

        for texts in ordered_map(capture_texts, jobs(), workers=self.workers):
            for article, text in zip(pending.popleft(), texts, strict=True):
                yield check_item(article, text)

    def _on_cluster(self, cluster: ClusterChecks) -> Iterator[records.CheckItem]:
        """Workers compute the visible texts and run the per-article checks, partition by
        partition; their findings go to ``cluster.found``."""
        from morgue.pipeline.cluster import map_in_order

        def jobs() -> Iterator[tuple[str, list[dict], list[records.CheckItem],
                                     CheckOptions, set[str] | None]]:
            articles = _articles()
            while batch := list(islice(articles, CLUSTER_BATCH)):
                yield (str(settings.MORGUE_STORE),
                       [{name: getattr(a.capture, name) for name in PAGE_FIELDS} for a in batch],
                       [check_item(a) for a in batch], cluster.options, cluster.only)

        for done in map_in_order(cluster.client, checked_items, jobs()):
            if done.failure is not None:
                raise CheckFailed(f"a partition of the checks failed on the cluster "
                                  f"({done.failure}); the previous findings are kept: "
                                  "run `morgue check` again")
            items, findings = done.result
            cluster.found(findings)
            yield from items

    def partitioned(self, run: Mapper, options: CheckOptions) -> Partitioned:
        """The items in the cluster's partitions, for the corpus checks' reductions."""
        return partitioned(self, run, options, self.count, CLUSTER_BATCH)

    def close(self) -> None:
        self._dir.cleanup()

    def __enter__(self) -> ItemStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _articles() -> Iterator[Article]:
    queryset = (
        Article.objects.select_related("capture").order_by("pk")
        .prefetch_related(
            Prefetch("corrections", Correction.objects.order_by("pk")),
            Prefetch("capture__copies", Capture.objects.only("pk", "legacy_url",
                                                            "duplicate_of_id")),
            Prefetch("findings", Finding.objects.filter(code=EXTRACTION_CODE).order_by("pk"),
                     to_attr="extraction_findings"),
        )
    )
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def check_item(article: Article, capture_text: str | None = None) -> records.CheckItem:
    """What the checks see of one article: its published text and its capture."""
    capture = article.capture
    own = article.legacy_url or capture.legacy_url
    copies = [c.legacy_url for c in capture.copies.all() if c.legacy_url]
    return records.CheckItem(
        key=article.pk,
        article=pipeline_article(article, published_text(article)),
        captured_at=capture.captured_at,
        http_status=capture.http_status,
        capture_text=capture_text,
        legacy_urls=sorted({u for u in copies if u != own}),
    )


def pipeline_article(article: Article, published: PublishedArticle) -> records.Article:
    """The pipeline's record of a published article (body split back into paragraphs)."""
    warnings = getattr(article, "extraction_findings", None)
    if warnings is None:
        warnings = article.findings.filter(code=EXTRACTION_CODE).order_by("pk")
    return records.Article(
        headline=published.headline or None, dek=published.dek or None,
        bylines=list(published.bylines), dateline=published.dateline or None,
        published=published.published, section=published.section or None,
        tags=list(published.tags), paragraphs=published.paragraphs,
        language=published.language or None, legacy_url=article.legacy_url or None,
        notice=published.notice or None, publication=published.publication or None,
        field_sources=dict(article.field_sources),
        set_aside=[records.SetAside(s.get("text", ""), s.get("reason", ""))
                   for s in article.set_aside],
        extractor=article.extractor, warnings=[f.message for f in warnings],
    )
