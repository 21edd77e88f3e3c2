"""Ingest: read sources, keep every capture, extract articles, load them in batches.

Each batch is one transaction: its captures, articles and problems are committed
together or not at all. A page whose (source, locator) is already in the database is
skipped, so a run killed at any point is finished by running it again, with nothing
doubled and nothing missing.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from morgue.counts import plural
from morgue.pipeline import sources
from morgue.pipeline.extract import CorpusHints, article_path, article_slug, learn_corpus_hints
from morgue.pipeline.parallel import ordered_map
from morgue.pipeline.profiles import Profile, load_profile, load_profiles
from morgue.pipeline.profiles.auto import profiles_for_source
from morgue.pipeline.records import RawPage, Skipped, SourceProblem
from morgue.pipeline.work import Processed, init_worker, process_batch
from morgue.store import CaptureStore

from . import bulk
from .fieldtext import fingerprint
from .models import Article, Capture, Finding, IngestPartition, IngestRun, Problem
from .models import Skipped as SkippedRow

if TYPE_CHECKING:
    from distributed import Client

    from morgue.pipeline.cluster import PartitionResult
    from morgue.pipeline.partitions import Partition

# Pages per transaction. Big enough that commit overhead is small (SQLite fsyncs per
# commit), small enough that a killed run loses little work and memory stays flat.
BATCH_SIZE = 100

#: Partitions looked up (and recorded) per query on a cluster run.
PARTITION_LOOKUP = 500

# Formats whose chrome is learned from the whole source before any page is extracted.
CORPUS_FORMATS = {"textdump"}
#: The finding that keeps an article the old site never published (a WordPress draft,
#: a scheduled post) held; an editor who dismisses it publishes the article.
UNPUBLISHED = "unpublished"
# Formats read with site profiles (MORGUE_HOME/profiles, or --profile); a template no
# profile matches is learned first when the source has enough pages of it.
PROFILE_FORMATS = {"mirror", "warc", "arc"}


class Progress(Protocol):
    def start(self, label: str, total: int | None) -> None: ...
    def advance(self, pages: int) -> None: ...


@dataclass(slots=True)
class IngestOptions:
    format: str | None = None
    workers: int = 1
    column_map: dict[str, str] = field(default_factory=dict)
    base_url: str | None = None
    batch_size: int = BATCH_SIZE
    #: profile files to read HTML with instead of those in MORGUE_HOME/profiles
    profile_files: list[str] = field(default_factory=list)
    #: learn a profile for templates no profile matches (saved in MORGUE_HOME/profiles)
    learn_profiles: bool = True
    #: a Dask scheduler address (tcp://host:8786) or local:N: read, store and extract
    #: on that cluster, partition by partition (``workers`` is then not used)
    dask: str | None = None
    #: pages (files, records) per partition on a cluster
    partition_pages: int = 0


@dataclass(slots=True)
class IngestResult:
    run_id: int
    pages_seen: int = 0
    already_had: int = 0
    captures_added: int = 0
    articles_added: int = 0
    duplicates: int = 0
    #: records read that are not articles (requests, images, attachments…), listed
    skipped: int = 0
    #: articles kept held because the old site did not publish them (drafts…)
    held: int = 0
    errors: int = 0
    warnings: int = 0
    #: "name (path): N templates" for each profile learned during this run
    profiles_learned: list[str] = field(default_factory=list)
    #: why each path given that could not be read at all could not be
    bad_paths: list[str] = field(default_factory=list)
    #: on a cluster: partitions finished by this run, found finished by an earlier one,
    #: and failed (their pages are retried by the next run)
    partitions_done: int = 0
    partitions_had: int = 0
    partitions_failed: int = 0


def ingest(paths: list[str], options: IngestOptions | None = None,
           progress: Progress | None = None) -> IngestResult:
    """Ingest every path; problems are recorded, never raised: a path that cannot be read
    (missing, unreadable, of no format) is a problem of its own and the others go on."""
    options = options or IngestOptions()
    _source_options(options).validate()  # options that cannot work fail before anything is read
    mark_interrupted_runs()
    if options.dask:
        from morgue.pipeline.cluster import connect, parse_address

        parse_address(options.dask)  # a bad address fails before a run is recorded
    run = IngestRun.objects.create(
        paths=[os.path.abspath(p) for p in paths],
        options={"format": options.format, "workers": options.workers, "dask": options.dask},
        host=socket.gethostname(), pid=os.getpid(),
    )
    with connect(options.dask) if options.dask else nullcontext() as client:
        loader = _Loader(run, CaptureStore(settings.MORGUE_STORE), options, client)
        for path in paths:
            try:
                source = _open(path, options)
            except (OSError, ValueError) as exc:  # UnknownFormat is a ValueError
                loader.bad_path(os.path.abspath(path), exc)
                continue
            if progress:
                progress.start(source.path, source.estimate())
            loader.load(source, progress)
    run.status = IngestRun.Status.FINISHED
    run.finished = timezone.now()
    run.save(update_fields=["status", "finished"])
    from morgue.search import catch_up, reindex  # the site's index and legacy-URL map

    reindex(Article.objects.filter(Q(created__gte=run.started) | Q(capture__copies__run=run))
            .values_list("pk", flat=True).distinct())
    catch_up()  # what an earlier, interrupted run left out of the index
    return loader.result


def mark_interrupted_runs() -> None:
    """Runs left 'running' by a process on this host that no longer exists were killed."""
    host = socket.gethostname()
    for run in IngestRun.objects.filter(status=IngestRun.Status.RUNNING, host=host):
        if run.pid and not _alive(run.pid):
            run.status = IngestRun.Status.INTERRUPTED
            run.save(update_fields=["status"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _source_options(options: IngestOptions) -> sources.SourceOptions:
    return sources.SourceOptions(column_map=options.column_map, base_url=options.base_url)


def _open(path: str, options: IngestOptions) -> sources.Source:
    return sources.open_source(os.path.abspath(path), options.format, _source_options(options))


class _Loader:
    def __init__(self, run: IngestRun, store: CaptureStore, options: IngestOptions,
                 client: Client | None = None) -> None:
        self.run = run
        self.store = store
        self.options = options
        self.client = client
        self.result = IngestResult(run_id=run.pk)
        self.profiles: list[Profile] = (
            [load_profile(f) for f in options.profile_files] if options.profile_files
            else load_profiles(settings.MORGUE_HOME / "profiles"))

    def bad_path(self, path: str, exc: Exception) -> None:
        """A path given to ingest that cannot be read at all."""
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        reason = why if why.startswith("cannot") else f"cannot read {path}: {why}"
        self.result.bad_paths.append(reason)
        with transaction.atomic():
            self._problem(path, os.path.basename(path) or path, "read", reason, Problem.Severity.ERROR)

    def _profiles_for(self, source: sources.Source) -> list[Profile] | None:
        if not source.formats & PROFILE_FORMATS:
            return None
        if self.options.learn_profiles and not self.options.profile_files:
            plan = profiles_for_source(_pages_only(source), self.profiles,
                                       settings.MORGUE_HOME / "profiles", source=source.path)
            self.profiles = plan.profiles
            self.result.profiles_learned += [f"{p.name} ({path}): {plural(len(p.templates), 'template')}"
                                             + (f", {p.pages_unreadable} sampled page(s) left out "
                                                "as unreadable" if p.pages_unreadable else "")
                                             for p, path in plan.learned]
        return self.profiles or None

    def load(self, source: sources.Source, progress: Progress | None) -> None:
        hints = (learn_corpus_hints(p for p in _pages_only(source) if p.format in CORPUS_FORMATS)
                 if source.formats & CORPUS_FORMATS else None)
        profiles = self._profiles_for(source)
        if self.client is not None:
            self._load_on_cluster(self.client, source, hints, profiles, progress)
            return
        batches = self._batches_to_do(source, progress)
        for processed, problems in ordered_map(
            process_batch, batches, workers=self.options.workers,
            initializer=init_worker, initargs=(str(self.store.root), hints, profiles),
        ):
            self._write(processed, problems)
            if progress:
                progress.advance(len(processed) + len(problems))

    def _load_on_cluster(self, client: Client, source: sources.Source,
                         hints: CorpusHints | None, profiles: list[Profile] | None,
                         progress: Progress | None) -> None:
        """Workers read, store and extract partitions; this process writes each one's
        results as it comes, in transactions of ``batch_size`` pages."""
        from morgue.pipeline.cluster import map_in_order, run_partition
        from morgue.pipeline.partitions import PARTITION_PAGES, plan

        partitions = plan(source, _source_options(self.options), self.options.format,
                          self.options.partition_pages or PARTITION_PAGES)
        todo = self._partitions_to_do(partitions, progress)
        # hints and profiles go with each task: data scattered to workers dies with them
        for done in map_in_order(client, run_partition, todo, self.store.url, hints, profiles):
            if done.failure is None:
                self._write_partition(done.item, done.result, progress)
            else:
                self._partition_failed(done.item, done.failure)

    def _write_partition(self, partition: Partition, result: PartitionResult,
                         progress: Progress | None) -> None:
        """A partition's results in transactions of ``batch_size`` pages, the last one
        marking it done; pages an interrupted earlier attempt wrote are left out."""
        processed, problems = result.processed, result.problems
        size = self.options.batch_size
        for start in range(0, max(len(processed), 1), size):
            batch, last = processed[start:start + size], start + size >= len(processed)
            with transaction.atomic():
                todo = {p.locator for p in self._not_done([item.page for item in batch], progress)}
                self._write([item for item in batch if item.page.locator in todo],
                            problems if last else [])
                if last:
                    IngestPartition.objects.filter(source=partition.source, key=partition.key).update(
                        status=IngestPartition.Status.DONE, pages=len(processed) + len(problems),
                        seconds=result.seconds, worker=result.worker, error="",
                        finished=timezone.now())
                    Problem.objects.filter(source=partition.source, locator=partition.key,
                                           resolved=False).update(resolved=True)
            if progress:
                progress.advance(len(todo) + (len(problems) if last else 0))
        self.result.partitions_done += 1

    def _partitions_to_do(self, partitions: Iterator[Partition], progress: Progress | None
                          ) -> Iterator[Partition]:
        """Record each partition as pending in this run; skip those an earlier run finished."""
        chunk: list[Partition] = []
        for partition in partitions:
            chunk.append(partition)
            if len(chunk) >= PARTITION_LOOKUP:
                yield from self._register(chunk, progress)
                chunk = []
        yield from self._register(chunk, progress)

    def _register(self, chunk: list[Partition], progress: Progress | None) -> Iterator[Partition]:
        if not chunk:
            return
        source = chunk[0].source
        known = {row.key: row for row in IngestPartition.objects.filter(
            source=source, key__in=[p.key for p in chunk])}
        IngestPartition.objects.bulk_create(
            [IngestPartition(run=self.run, source=source, key=p.key) for p in chunk
             if p.key not in known])
        IngestPartition.objects.filter(
            pk__in=[row.pk for row in known.values() if row.status != IngestPartition.Status.DONE]
        ).update(run=self.run, status=IngestPartition.Status.PENDING, error="")
        for partition in chunk:
            row = known.get(partition.key)
            if row is not None and row.status == IngestPartition.Status.DONE:
                self.result.partitions_had += 1
                self.result.pages_seen += row.pages
                self.result.already_had += row.pages
                if progress:
                    progress.advance(row.pages)
                continue
            yield partition

    def _partition_failed(self, partition: Partition, failure: str) -> None:
        self.result.partitions_failed += 1
        with transaction.atomic():
            IngestPartition.objects.filter(source=partition.source, key=partition.key).update(
                status=IngestPartition.Status.FAILED, error=failure, finished=timezone.now())
            self._problem(partition.source, partition.key, "read",
                          f"partition failed on the cluster ({failure}); its pages are not "
                          "ingested; running the same `morgue ingest` again retries it",
                          Problem.Severity.ERROR)

    def _batches_to_do(self, source: sources.Source, progress: Progress | None
                       ) -> Iterator[tuple[list[RawPage], list[SourceProblem | Skipped]]]:
        """Batches of pages not yet in the archive, with the source's problems and skipped
        records beside them."""
        pages: list[RawPage] = []
        problems: list[SourceProblem | Skipped] = []
        for item in source.pages():
            if isinstance(item, RawPage):
                pages.append(item)
            else:
                problems.append(item)
            if len(pages) + len(problems) >= self.options.batch_size:
                yield self._not_done(pages, progress), problems
                pages, problems = [], []
        if pages or problems:
            yield self._not_done(pages, progress), problems

    def _not_done(self, pages: list[RawPage], progress: Progress | None) -> list[RawPage]:
        if not pages:
            return pages
        # Finished pages have an article or are a copy of one; the rest are (re)done.
        done = set(
            Capture.objects.filter(source=pages[0].source,
                                   locator__in=[p.locator for p in pages])
            .filter(Q(article__isnull=False) | Q(duplicate_of__isnull=False))
            .values_list("locator", flat=True)
        )
        self.result.pages_seen += len(pages)
        self.result.already_had += len(done)
        if done and progress:
            progress.advance(len(done))
        return [p for p in pages if p.locator not in done]

    @transaction.atomic
    def _write(self, processed: list[Processed], problems: list[SourceProblem | Skipped]) -> None:
        if processed:
            self._write_pages(processed)
        skipped = [item for item in problems if isinstance(item, Skipped)]
        SkippedRow.objects.bulk_create(
            [SkippedRow(run=self.run, source=s.source, locator=s.locator, kind=s.kind[:64],
                        reason=s.reason) for s in skipped], ignore_conflicts=True)
        self.result.skipped += len(skipped)
        for problem in problems:
            if isinstance(problem, Skipped):
                continue
            sha = self.store.put(problem.content) if problem.content else ""
            self._problem(problem.source, problem.locator, "read", problem.reason,
                          problem.severity, sha)
        IngestRun.objects.filter(pk=self.run.pk).update(
            skipped=self.result.skipped,
            pages_seen=self.result.pages_seen, already_had=self.result.already_had,
            captures_added=self.result.captures_added,
            articles_added=self.result.articles_added,
            duplicates=self.result.duplicates,
            problems=self.result.errors + self.result.warnings,
        )

    def _write_pages(self, processed: list[Processed]) -> None:
        source = processed[0].page.source
        retry = {c.locator: c for c in Capture.objects.filter(
            source=source, locator__in=[p.page.locator for p in processed])}
        firsts = {c.sha256: c for c in Capture.objects.filter(
            sha256__in={p.sha256 for p in processed}, duplicate_of=None)}

        # Copies of a capture made in this same batch must wait until it has an id.
        new_captures: list[Capture] = []
        copies_in_batch: list[Capture] = []
        for item in processed:
            if item.page.locator in retry:
                continue  # stored by an earlier run whose extraction failed; retried below
            capture = _capture(item, self.run)
            first = firsts.get(item.sha256)
            if first is None:
                firsts[item.sha256] = capture
                new_captures.append(capture)
            else:
                capture.duplicate_of = first
                (new_captures if first.pk else copies_in_batch).append(capture)
        bulk.insert(Capture, new_captures)
        bulk.insert(Capture, copies_in_batch)
        self.result.captures_added += len(new_captures) + len(copies_in_batch)
        by_locator = {c.locator: c for c in new_captures + copies_in_batch} | retry

        articles: list[tuple[Article, list[str]]] = []
        for item in processed:
            capture = by_locator[item.page.locator]
            if (first := capture.duplicate_of) is not None:
                self.result.duplicates += 1
                where = first.locator if first.source == source else f"{first.source}: {first.locator}"
                self._problem(source, item.page.locator, "load",
                              f"same bytes as {where} (sha256 {item.sha256[:12]}); kept as a "
                              "copy of that capture, no second article", "warning", item.sha256)
                continue
            if item.article is None:
                self._problem(source, item.page.locator, "extract", item.problem or "no article",
                              "error", item.sha256)
                continue
            articles.append((_article(item, capture), item.article.warnings))
        self._unique_urls([a for a, _ in articles])
        bulk.insert(Article, [a for a, _ in articles])
        _link_pages([a for a, _ in articles])
        self.result.articles_added += len(articles)
        Finding.objects.bulk_create(
            Finding(article=a, code="extraction", severity=Finding.Severity.WARNING,
                    message=w)
            for a, warnings in articles for w in warnings
        )
        unpublished = [a for a, _ in articles if a.status == Article.Status.HELD]
        Finding.objects.bulk_create(
            Finding(article=a, code=UNPUBLISHED, severity=Finding.Severity.INFO, blocking=True,
                    message=a.capture.fields["held"]) for a in unpublished)
        self.result.held += len(unpublished)
        done = [a.capture.locator for a, _ in articles]
        Problem.objects.filter(source=source, locator__in=done, resolved=False).update(
            resolved=True)

    def _unique_urls(self, articles: list[Article]) -> None:
        """Same date and headline twice gets the capture hash appended to the second."""
        taken = set(Article.objects.filter(url__in=[a.url for a in articles])
                    .values_list("url", flat=True))
        for article in articles:
            if article.url in taken:
                article.url = article.url.rstrip("/") + f"-{article.capture.sha256[:8]}/"
                article.slug = article.url.rstrip("/").rsplit("/", 1)[-1]
            taken.add(article.url)

    def _problem(self, source: str, locator: str, stage: str, reason: str, severity: str,
                 sha256: str = "") -> None:
        # A newer attempt at the same place supersedes what earlier runs recorded.
        Problem.objects.filter(source=source, locator=locator, resolved=False).update(
            resolved=True)
        Problem.objects.create(run=self.run, source=source, locator=locator, stage=stage,
                               severity=severity, reason=reason, sha256=sha256)
        if severity == Problem.Severity.ERROR:
            self.result.errors += 1
        else:
            self.result.warnings += 1


def _pages_only(source: sources.Source) -> Iterator[RawPage]:
    return (p for p in source.pages() if isinstance(p, RawPage))


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _capture(item: Processed, run: IngestRun) -> Capture:
    page = item.page
    return Capture(
        sha256=item.sha256, size=item.size, source=page.source, locator=page.locator,
        format=page.format, legacy_url=page.legacy_url or "",
        captured_at=_aware(page.captured_at), content_type=page.content_type or "",
        declared_charset=page.declared_charset or "", http_status=page.http_status,
        http_headers=[list(h) for h in page.http_headers or []],
        fields=_jsonable(page.fields), run=run,
    )


def _link_pages(rows: list[Article]) -> None:
    """Later pages of a multi-page story point at its first page's article, whichever
    batch (or run) brought either: the first page's URL links them."""
    urls = {r.first_page_url for r in rows if r.page_no and r.page_no > 1 and r.first_page_url}
    urls |= {r.legacy_url for r in rows if r.page_no == 1 and r.legacy_url}
    if not urls:
        return
    firsts = (Article.objects.filter(legacy_url__in=urls, part_of__isnull=True)
              .exclude(page_no__gt=1).order_by("pk").values_list("legacy_url", "pk"))
    for url, pk in dict(reversed(list(firsts))).items():  # the earliest article of a URL
        Article.objects.filter(first_page_url=url, page_no__gt=1, part_of__isnull=True).update(part_of_id=pk)


def _article(item: Processed, capture: Capture) -> Article:
    a = item.article
    assert a is not None
    row = Article(
        capture=capture, url=article_path(a), slug=article_slug(a),
        legacy_url=a.legacy_url or capture.legacy_url, headline=a.headline or "",
        dek=a.dek or "", bylines=a.bylines, dateline=a.dateline or "",
        published=a.published, published_precision=a.published_precision,
        outlet=a.outlet or "", section=a.section or "", tags=a.tags, body=a.body,
        language=a.language or "", word_count=a.word_count, notice=a.notice or "",
        publication=a.publication or "", field_sources=a.field_sources,
        set_aside=[{"text": s.text, "reason": s.reason} for s in a.set_aside],
        extractor=a.extractor,
        page_no=a.page_of.number if a.page_of else None,
        first_page_url=(a.page_of.first_url or "") if a.page_of and a.page_of.number > 1 else "",
        # the old site never published it (a draft, a scheduled post): kept, held
        status=Article.Status.HELD if capture.fields.get("held") else Article.Status.PUBLISHED,
    )
    row.extraction_digest = fingerprint(row)  # a bulk insert skips Article.save, which seals
    return row


def _jsonable(fields: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
            for k, v in fields.items()}
