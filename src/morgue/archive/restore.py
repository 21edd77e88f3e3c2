"""`morgue import`: restore an archive from an export and its captures.

The export (:mod:`morgue.archive.export`, JSON Lines or Parquet, written with
``--captures``, so held stories are in it) holds every article's extraction, findings
and corrections; the WARC (:mod:`morgue.archive.warc`) every original capture's bytes
and provenance, and the problems ingest recorded. Rows keep their ids, so the
corrections log's hash chain still holds; it is checked entry by entry, and an export
whose log was altered is refused. Only an empty archive is restored into; the search
index and the legacy-URL map are rebuilt at the end. Exporting the restored archive
gives the same export again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from warcio.archiveiterator import ArchiveIterator

from morgue.store import CaptureStore

from .corrections import chain_digest
from .fieldtext import FIELDS, LIST_FIELDS, fingerprint
from .models import (Article, Capture, Correction, Finding, FormerUrl, IngestRun, Problem)
from .warc import payload_digest

__all__ = ["RestoreError", "ImportResult", "as_day", "as_moment", "import_archive"]

BATCH = 1000


class RestoreError(Exception):
    """The export or captures cannot be restored; the message says why."""


@dataclass(slots=True)
class ImportResult:
    captures: int = 0
    stories: int = 0
    articles: int = 0
    findings: int = 0
    corrections: int = 0
    problems: int = 0


def import_archive(export: str | Path, captures: str | Path,
                   progress: Callable[[int], None] | None = None) -> ImportResult:
    """Restore the archive in ``export`` + ``captures`` into this (empty) archive."""
    if Capture.objects.exists() or Article.objects.exists():
        raise RestoreError("this archive is not empty: import into a new home "
                           "(`morgue --home NEW import …`)")
    result = ImportResult()
    store = CaptureStore(settings.MORGUE_STORE)
    capture_rows, problem_rows = _read_warc(Path(captures), store)
    with transaction.atomic(), _keeping_times(Capture, Article, Finding, Problem):
        run = IngestRun.objects.create(status=IngestRun.Status.FINISHED,
                                       paths=[str(export), str(captures)],
                                       options={"import": True}, finished=dt.datetime.now(dt.UTC))
        for batch in _batches(capture_rows):
            Capture.objects.bulk_create(_capture(row, run) for row in batch)
        result.captures = len(capture_rows)
        from .export import extra_fields

        for batch in _batches(_records(Path(export))):
            _restore(batch, result)
            for extra in extra_fields():  # what apps above the archive add (enrichment)
                if extra.restore is not None:
                    extra.restore(batch)
            if progress:
                progress(len(batch))
        Problem.objects.bulk_create(_problem(row, run) for row in problem_rows)
        result.problems = len(problem_rows)
        _reset_sequences()
        from morgue.search import reindex  # the index and the legacy-URL map follow

        reindex()
    return result


# -- reading ---------------------------------------------------------------------------------

def _read_warc(path: Path, store: CaptureStore) -> tuple[list[dict], list[dict]]:
    """Store every payload (checked against its digest); the capture and problem rows."""
    payloads: dict[str, str] = {}
    captures: list[dict] = []
    problems: list[dict] = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            kind = record.rec_type
            headers = record.rec_headers
            if kind in ("response", "resource"):
                content = record.raw_stream.read()
                sha256 = hashlib.sha256(content).hexdigest()
                if headers.get_header("WARC-Payload-Digest") != payload_digest(sha256):
                    raise RestoreError(f"{path}: the bytes of {headers.get_header('WARC-Target-URI')} "
                                       "do not match their WARC-Payload-Digest")
                store.put(content, sha256)
                payloads[headers.get_header("WARC-Record-ID")] = sha256
            elif kind == "metadata":
                row = json.loads(record.raw_stream.read())
                if "capture" in row:
                    captures.append(row["capture"])
                elif "problem" in row:
                    problems.append(row["problem"])
    missing = [c for c in captures if c["duplicate_of"] is None and not store.exists(c["sha256"])]
    if missing:
        raise RestoreError(f"{path}: {len(missing)} capture(s) without their bytes, "
                           f"e.g. {missing[0]['locator']}")
    return captures, problems


def _records(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
            yield from batch.to_pylist()
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _batches(items) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _created(value: Any) -> dt.datetime:
    """A row's creation time; one the export lacks is now (as when it was first made)."""
    return as_moment(value) or dt.datetime.now(dt.timezone.utc)


def as_moment(value: Any) -> dt.datetime | None:
    """A moment as exported (ISO text, or a Parquet timestamp) back to a datetime."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def as_day(value: Any) -> dt.date | None:
    """A day as exported (ISO text, or a Parquet date) back to a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _field(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        return list(value or [])
    if name == "published":
        return as_day(value)
    return value or ""


def _mapping(value: Any) -> dict:
    """A JSON object, or a Parquet map (a list of pairs)."""
    return dict(value or {})


# -- writing ---------------------------------------------------------------------------------

def _capture(row: dict, run: IngestRun) -> Capture:
    return Capture(
        pk=row["id"], sha256=row["sha256"], size=row["size"], source=row["source"],
        locator=row["locator"], format=row["format"], legacy_url=row["legacy_url"],
        captured_at=as_moment(row["captured_at"]), content_type=row["content_type"],
        declared_charset=row["declared_charset"], http_status=row["http_status"],
        http_headers=row["http_headers"], fields=row["fields"], run=run,
        duplicate_of_id=row["duplicate_of"], created=_created(row["created"]))


def _problem(row: dict, run: IngestRun) -> Problem:
    return Problem(pk=row["id"], run=run, source=row["source"], locator=row["locator"],
                   stage=row["stage"], severity=row["severity"], reason=row["reason"],
                   sha256=row["sha256"], resolved=row["resolved"],
                   created=_created(row["created"]))


def _restore(records: list[dict[str, Any]], result: ImportResult) -> None:
    articles: list[Article] = []
    findings: list[Finding] = []
    corrections: list[Correction] = []
    former: list[FormerUrl] = []
    for record in records:
        log = sorted(record["corrections"], key=lambda c: c["id"])
        for n, page in enumerate(record["pages"]):
            articles.append(_article(page, record["id"] if n else None,
                                     [c for c in log if c["article"] == page["id"]]))
        findings += [_finding(f) for f in record["findings"]]
        corrections += [_correction(c) for c in log]
        former += [FormerUrl(article_id=record["id"], url=f["url"],
                             correction_id=f["correction"]) for f in record["former_urls"]]
    _stand_in_people(c for r in records for c in r["corrections"])
    Article.objects.bulk_create(sorted(articles, key=lambda a: a.pk))
    Finding.objects.bulk_create(findings)
    Correction.objects.bulk_create(corrections)
    FormerUrl.objects.bulk_create(former)
    result.stories += len(records)
    result.articles += len(articles)
    result.findings += len(findings)
    result.corrections += len(corrections)


def _article(page: dict, story_id: int | None, log: list[dict]) -> Article:
    article = Article(
        pk=page["id"], capture_id=page["capture"], url=page["url"],
        slug=page["url"].rstrip("/").rsplit("/", 1)[-1], legacy_url=page["legacy_url"] or "",
        **{name: _field(name, page[name]) for name in FIELDS},
        # absent from exports written before they were kept
        outlet=page.get("outlet") or "",
        published_precision=page.get("published_precision") or Article.DatePrecision.DAY,
        field_sources=_mapping(page["field_sources"]),
        set_aside=[dict(s) for s in page["set_aside"] or []], extractor=page["extractor"] or "",
        status=page["status"], created=_created(page["ingested"]), part_of_id=story_id,
        page_no=page["page_no"], first_page_url=page["first_page_url"] or "")
    article.word_count = len(article.body.split())
    article.extraction_digest = fingerprint(article)
    previous = ""
    for entry in log:
        correction = _correction(entry)
        if chain_digest(previous, correction) != entry["digest"]:
            raise RestoreError(f"correction {entry['id']} of article {page['id']} does not "
                               "match its digest: the export's corrections log was altered")
        previous = entry["digest"]
    article.corrections_head = previous
    return article


def _finding(f: dict) -> Finding:
    fix = f["fix"]
    return Finding(pk=f["id"], article_id=f["article"], code=f["check"], severity=f["severity"],
                   field=f["field"] or "", span_start=(f["span"] or [None, None])[0],
                   span_end=(f["span"] or [None, None])[1], message=f["message"],
                   evidence=f["evidence"] or "", proposed_fix=dict(fix) if fix else None,
                   blocking=f["blocking"], related=list(f["related"] or []),
                   status=f["status"], created=_created(f["created"]))


def _correction(c: dict) -> Correction:
    span = c["span"] or [None, None]
    return Correction(pk=c["id"], article_id=c["article"], field=c["field"],
                      span_start=span[0], span_end=span[1], before=c["before"],
                      after=c["after"], kind=c["kind"], reason=c["reason"],
                      who_id=c["who_id"], actor=c["actor"] or "", finding_id=c["finding"],
                      reverts_id=c["reverts"], status=c["status"],
                      created=_created(c["created"]), digest=c["digest"])


def _stand_in_people(log) -> None:
    """The people named on corrections, as accounts that cannot sign in (their ids are in
    the log's digests); an admin can give them back a password."""
    User = get_user_model()
    wanted = {c["who_id"]: (c["who"] if not c["actor"] else f"user-{c['who_id']}")
              for c in log if c["who_id"]}
    known = set(User.objects.filter(pk__in=list(wanted)).values_list("pk", flat=True))
    for pk, name in wanted.items():
        if pk not in known:
            user = User(pk=pk, username=name, is_active=False)
            user.set_unusable_password()
            user.save()


@contextmanager
def _keeping_times(*models):
    """Keep the restored creation times: ``auto_now_add`` would stamp them with now."""
    stamped = [f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for f in stamped:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in stamped:
            f.auto_now_add = True


def _reset_sequences() -> None:
    """PostgreSQL hands out ids from sequences, which rows written with ids do not move."""
    models: list[type[Model]] = [Capture, Article, Finding, Correction, FormerUrl, Problem,
                                 get_user_model()]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
