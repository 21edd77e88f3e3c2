"""Bulk export of the archive, one record per story, as published: JSON Lines or Parquet.

A record is a story (:mod:`morgue.archive.stories`): a story printed over several pages
is one record, its pages listed in ``pages`` with each page's own extraction and
capture. Text fields are the published text (extraction + applied corrections);
``extracted`` gives the extraction's value of each field a correction changed,
``corrections`` the log that explains it, ``legacy_urls`` every old address that
redirects to the story. Both formats follow one typed schema (:data:`SCHEMA`, documented
field by field in the README); the key names are a promise to researchers: keep them
stable, add freely. With the captures (:mod:`morgue.archive.warc`), the export is a
backup that :mod:`morgue.archive.restore` reads back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .fieldtext import FIELDS
from .models import Article, Capture, Correction, Finding, FormerUrl
from .redirects import legacy_urls
from .stories import Story, held_stories, published_stories, stories, story_of, versions

__all__ = ["FORMATS", "SCHEMA", "ExtraFields", "correction_record", "finding_record",
           "register_fields", "schema", "story_record", "story_records", "write_export"]

FORMATS = ("jsonl", "parquet")
#: Stories read, stitched and written per batch: bounded memory, a few queries per batch.
CHUNK_SIZE = 500
#: Rows per Parquet row group: big enough for good compression and fast scans, small
#: enough that a reader holds one group in memory comfortably.
ROW_GROUP = 5000

_TIME = pa.timestamp("us", tz="UTC")
_TEXTS = pa.list_(pa.string())
_TEXT_TYPES = {name: (_TEXTS if name in ("bylines", "tags") else
                      pa.date32() if name == "published" else pa.string()) for name in FIELDS}
_SET_ASIDE = pa.list_(pa.struct([("text", pa.string()), ("reason", pa.string())]))
_SOURCES = pa.map_(pa.string(), pa.string())
_SPAN = pa.list_(pa.int32())
#: extracted fields a correction does not change: the outlet credited beside the bylines,
#: and "day" or "month" (a date known only to the month; ``published`` is then the 1st)
_EXTRA = [("outlet", pa.string()), ("published_precision", pa.string())]

SCHEMA = pa.schema([
    ("id", pa.int64()), ("url", pa.string()), ("status", pa.string()),
    ("legacy_url", pa.string()), ("legacy_urls", _TEXTS),
    ("former_urls", pa.list_(pa.struct([("url", pa.string()), ("correction", pa.int64())]))),
    *[(name, _TEXT_TYPES[name]) for name in FIELDS], *_EXTRA, ("word_count", pa.int32()),
    ("source", pa.string()), ("locator", pa.string()), ("format", pa.string()),
    ("captured_at", _TIME), ("capture_sha256", pa.string()), ("extractor", pa.string()),
    ("field_sources", _SOURCES), ("set_aside", _SET_ASIDE),
    ("extracted", pa.struct([(name, _TEXT_TYPES[name]) for name in FIELDS])),
    ("pages", pa.list_(pa.struct([
        ("id", pa.int64()), ("page_no", pa.int32()), ("url", pa.string()),
        ("status", pa.string()), ("legacy_url", pa.string()),
        ("first_page_url", pa.string()), ("capture", pa.int64()),
        ("capture_sha256", pa.string()), ("source", pa.string()), ("locator", pa.string()),
        ("format", pa.string()), ("captured_at", _TIME), ("extractor", pa.string()),
        ("field_sources", _SOURCES), ("set_aside", _SET_ASIDE),
        *[(name, _TEXT_TYPES[name]) for name in FIELDS], *_EXTRA, ("ingested", _TIME)]))),
    ("findings", pa.list_(pa.struct([
        ("id", pa.int64()), ("article", pa.int64()), ("check", pa.string()),
        ("severity", pa.string()), ("field", pa.string()), ("message", pa.string()),
        ("span", _SPAN), ("evidence", pa.string()),
        ("fix", pa.struct([("field", pa.string()), ("before", pa.string()),
                           ("after", pa.string()), ("span", _SPAN), ("safe", pa.bool_())])),
        ("blocking", pa.bool_()), ("related", pa.list_(pa.int64())), ("status", pa.string()),
        ("created", _TIME)]))),
    ("corrections", pa.list_(pa.struct([
        ("id", pa.int64()), ("article", pa.int64()), ("field", pa.string()), ("span", _SPAN),
        ("kind", pa.string()), ("status", pa.string()), ("before", pa.string()),
        ("after", pa.string()), ("reason", pa.string()), ("who", pa.string()),
        ("who_id", pa.int64()), ("actor", pa.string()), ("finding", pa.int64()),
        ("reverts", pa.int64()), ("created", _TIME), ("digest", pa.string())]))),
    ("versions", pa.list_(pa.struct([
        ("number", pa.int32()), ("url", pa.string()), ("since", _TIME),
        ("correction", pa.int64())]))),
    ("modified", _TIME), ("ingested", _TIME),
], metadata={"morgue.export": "2"})


@dataclass(frozen=True, slots=True)
class ExtraFields:
    """Fields an app above the archive adds to every record (enrichment's people, places,
    quotes and topics). ``values`` gives them for a chunk of story ids (a story it has
    nothing for gets ``empty``); ``restore`` writes them back on `morgue import`."""

    fields: list[tuple[str, pa.DataType]]
    values: Callable[[list[int]], dict[int, dict[str, Any]]]
    empty: dict[str, Any]
    restore: Callable[[list[dict[str, Any]]], None] | None = None


_REGISTERED: list[ExtraFields] = []


def register_fields(extra: ExtraFields) -> None:
    """Add fields to the export (once; apps call this from ``ready()``)."""
    if extra not in _REGISTERED:
        _REGISTERED.append(extra)


def extra_fields() -> list[ExtraFields]:
    return list(_REGISTERED)


def schema() -> pa.Schema:
    """:data:`SCHEMA` with the fields registered apps add."""
    extra = [pa.field(name, kind) for e in _REGISTERED for name, kind in e.fields]
    return pa.schema([*SCHEMA, *extra], metadata=SCHEMA.metadata)


def story_records(held: bool = False) -> Iterator[dict[str, Any]]:
    """Every published story (and with ``held`` the held ones too), in id order."""
    firsts = (published_stories() | held_stories()) if held else published_stories()
    rows = firsts.order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        yield from _records(chunk)


def story_record(article: Article) -> dict[str, Any]:
    """The export record of the story an article is part of (published or held)."""
    return next(_records([story_of(article)]))


def _records(chunk: list[Article]) -> Iterator[dict[str, Any]]:
    told = stories(chunk)
    pages = [p for s in told.values() for p in s.pages]
    captures = Capture.objects.in_bulk([p.capture_id for p in pages])
    findings: dict[int, list[Finding]] = {}
    for f in Finding.objects.filter(article_id__in=[p.pk for p in pages]).order_by("pk"):
        findings.setdefault(f.article_id, []).append(f)
    addresses = legacy_urls(told)
    former: dict[int, list[dict[str, Any]]] = {}
    for article_id, url, correction in (FormerUrl.objects.filter(article_id__in=list(told))
                                        .order_by("pk")
                                        .values_list("article_id", "url", "correction_id")):
        former.setdefault(article_id, []).append({"url": url, "correction": correction})
    users = _usernames(c for s in told.values() for c in s.log)
    extras = [(e, e.values(list(told))) for e in _REGISTERED]
    for article in chunk:
        record = _record(told[article.pk], captures, findings, addresses[article.pk], users)
        record["former_urls"] = former.get(article.pk, [])
        for extra, values in extras:
            record.update(values.get(article.pk, extra.empty))
        yield record


def _record(story: Story, captures: dict[int, Capture], findings: dict[int, list[Finding]],
            addresses: list[str], users: dict[int, str]) -> dict[str, Any]:
    first = story.pages[0]
    capture = captures[first.capture_id]
    return {
        "id": story.id, "url": story.url, "status": story.status,
        "legacy_url": first.legacy_url or None, "legacy_urls": addresses, "former_urls": [],
        **{name: _value(getattr(story, name)) for name in FIELDS},
        "outlet": story.outlet or None, "published_precision": story.published_precision,
        "word_count": story.word_count,
        "source": capture.source, "locator": capture.locator, "format": capture.format,
        "captured_at": capture.captured_at, "capture_sha256": capture.sha256,
        "extractor": first.extractor, "field_sources": first.field_sources,
        "set_aside": first.set_aside,
        "extracted": _extracted(story),
        "pages": [_page(p, captures[p.capture_id]) for p in story.pages],
        "findings": [finding_record(f) for p in story.pages for f in findings.get(p.pk, [])],
        "corrections": [correction_record(c, users) for c in story.log],
        "versions": _versions(story),
        "modified": story.modified, "ingested": first.created,
    }


def _extracted(story: Story) -> dict[str, Any]:
    """What extraction gave for each field a correction changed (null: unchanged); the
    body is every page's, joined as the published body is."""
    first = story.pages[0]
    found = {name: _value(getattr(first, name)) if name in story.corrected else None
             for name in FIELDS}
    if "body" in story.corrected:
        found["body"] = "\n\n".join(p.body for p in story.pages if p.body)
    return found


def _value(value: Any) -> Any:
    """Empty text is null in the export (as it was in version 1); lists stay lists."""
    return value if isinstance(value, list) else (value or None)


def _page(article: Article, capture: Capture) -> dict[str, Any]:
    return {
        "id": article.pk, "page_no": article.page_no, "url": article.url,
        "status": article.status, "legacy_url": article.legacy_url or None,
        "first_page_url": article.first_page_url or None, "capture": capture.pk,
        "capture_sha256": capture.sha256, "source": capture.source,
        "locator": capture.locator, "format": capture.format,
        "captured_at": capture.captured_at, "extractor": article.extractor,
        "field_sources": article.field_sources, "set_aside": article.set_aside,
        **{name: _value(getattr(article, name)) for name in FIELDS},
        "outlet": article.outlet or None, "published_precision": article.published_precision,
        "ingested": article.created,
    }


def _versions(story: Story) -> list[dict[str, Any]]:
    return [{"number": v.number, "url": f"{story.url}v{v.number}/", "since": v.since,
             "correction": v.correction} for v in versions(story)]


def finding_record(f: Finding) -> dict[str, Any]:
    fix = f.proposed_fix
    return {"id": f.pk, "article": f.article_id, "check": f.code, "severity": f.severity,
            "field": f.field or None, "message": f.message,
            "span": list(f.span) if f.span else None, "evidence": f.evidence or None,
            "fix": None if not fix else {"field": fix.get("field"), "before": fix.get("before"),
                                         "after": fix.get("after"), "span": fix.get("span"),
                                         "safe": fix.get("safe")},
            "blocking": f.blocking, "related": f.related, "status": f.status,
            "created": f.created}


def correction_record(c: Correction, users: dict[int, str] | None = None) -> dict[str, Any]:
    name = (users or {}).get(c.who_id) if c.who_id else None
    if c.who_id and name is None:
        name = str(c.who)
    return {"id": c.pk, "article": c.article_id, "field": c.field,
            "span": list(c.span) if c.span else None, "kind": c.kind, "status": c.status,
            "before": c.before, "after": c.after, "reason": c.reason,
            "who": c.actor or name, "who_id": c.who_id, "actor": c.actor or None,
            "finding": c.finding_id, "reverts": c.reverts_id, "created": c.created,
            "digest": c.digest}


def _usernames(log) -> dict[int, str]:
    from django.contrib.auth import get_user_model

    ids = {c.who_id for c in log if c.who_id}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


# -- writing -------------------------------------------------------------------------------

def jsonable(value: Any) -> Any:
    """Dates and times as ISO 8601 text, for JSON Lines."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_export(out: IO, fmt: str = "jsonl", held: bool = False) -> int:
    """Write every story (``held``: the held ones too) to ``out``; returns how many.

    ``out`` is a text file for JSON Lines, a binary one (or a path) for Parquet.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    records = story_records(held)
    if fmt == "jsonl":
        count = 0
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=jsonable))
            out.write("\n")
            count += 1
        return count
    count = 0
    full = schema()
    with pq.ParquetWriter(out, full, compression="zstd") as writer:
        while batch := list(islice(records, ROW_GROUP)):
            writer.write_table(pa.Table.from_pylist(batch, schema=full))
            count += len(batch)
    return count
