"""Enrichment's fields in the export (registered with :mod:`morgue.archive.export`) and
their restore on `morgue import`.

``people``, ``places``, ``organisations``: each entity the story names, with its archive
key, gazetteer code, every mention's span in ``body`` and, for people, the roles the
story gives them. ``quotes``: each quote's span and text, its speaker (name and key;
null: unattributed), the speaker enrichment found before any editor's correction, the
words that named the speaker and how. ``topics``: IPTC Media Topics with scores.
``inferred_date``: for an undated story, a month the evidence suggests (never its date).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from morgue.archive.export import ExtraFields
from morgue.archive.restore import as_day, as_moment

from .models import Enriched, EnrichmentCorrection, Entity, Mention, Quote, Topic

__all__ = ["EXPORT_FIELDS"]

_SPANS = pa.list_(pa.list_(pa.int32()))
_ENTITY = pa.list_(pa.struct([
    ("key", pa.string()), ("name", pa.string()), ("slug", pa.string()), ("code", pa.string()),
    ("count", pa.int32()), ("spans", _SPANS), ("roles", pa.list_(pa.string())),
    ("evidence", pa.string())]))
_QUOTE = pa.list_(pa.struct([
    ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("kind", pa.string()),
    ("speaker", pa.string()), ("speaker_key", pa.string()),
    ("found_speaker_key", pa.string()), ("cue", pa.string()), ("how", pa.string()),
    ("confidence", pa.float32())]))
_TOPIC = pa.list_(pa.struct([("code", pa.string()), ("label", pa.string()),
                             ("score", pa.float32())]))
_ENRICHED = pa.struct([("model", pa.string()), ("vocabulary", pa.string()),
                       ("at", pa.timestamp("us", tz="UTC"))])
_INFERRED = pa.struct([
    ("date", pa.date32()), ("precision", pa.string()), ("label", pa.string()),
    ("evidence", pa.list_(pa.struct([("source", pa.string()), ("detail", pa.string()),
                                     ("date", pa.date32())])))])
_CORRECTIONS = pa.list_(pa.struct([
    ("id", pa.int64()), ("target", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("text", pa.string()), ("before", pa.string()), ("after", pa.string()),
    ("reason", pa.string()), ("who_id", pa.int64()), ("actor", pa.string()),
    ("created", pa.timestamp("us", tz="UTC"))]))
_GROUPS = {"person": "people", "place": "places", "org": "organisations"}
EMPTY: dict[str, Any] = {"people": [], "places": [], "organisations": [], "quotes": [],
                         "topics": [], "enrichment": None, "inferred_date": None,
                         "enrichment_corrections": []}


def _ref(entity: Entity | None) -> str | None:
    return f"{entity.kind}:{entity.key}" if entity else None


def story_fields(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The enrichment fields of each story in ``ids`` that was read."""
    out: dict[int, dict[str, Any]] = {}
    for row in Enriched.objects.filter(article_id__in=ids):
        out[row.article_id] = {
            **{k: ([] if isinstance(v, list) else v) for k, v in EMPTY.items()},
            "enrichment": {"model": row.model, "vocabulary": row.vocabulary, "at": row.at},
            "inferred_date": _inferred(row)}
    for m in (Mention.objects.filter(article_id__in=list(out)).select_related("entity")
              .order_by("article_id", "pk")):
        e = m.entity
        out[m.article_id][_GROUPS[e.kind]].append({
            "key": e.key, "name": e.name, "slug": e.slug, "code": e.code or None,
            "count": m.count, "spans": [[s[0], s[1]] for s in m.spans], "roles": m.roles,
            "evidence": m.evidence or None})
    for q in (Quote.objects.filter(article_id__in=list(out))
              .select_related("speaker", "found_speaker").order_by("article_id", "position")):
        out[q.article_id]["quotes"].append({
            "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
            "speaker": q.speaker.name if q.speaker else None, "speaker_key": _ref(q.speaker),
            "found_speaker_key": _ref(q.found_speaker), "cue": q.cue or None,
            "how": q.how or None, "confidence": q.confidence})
    for t in Topic.objects.filter(article_id__in=list(out)).order_by("article_id", "-score", "code"):
        out[t.article_id]["topics"].append({"code": t.code, "label": t.label, "score": t.score})
    for c in EnrichmentCorrection.objects.filter(article_id__in=list(out)).order_by("pk"):
        out[c.article_id]["enrichment_corrections"].append({
            "id": c.pk, "target": c.target, "start": c.start, "end": c.end, "text": c.text,
            "before": c.before, "after": c.after, "reason": c.reason, "who_id": c.who_id,
            "actor": c.actor or None, "created": c.created})
    return out


def _inferred(row: Enriched) -> dict[str, Any] | None:
    if row.inferred_date is None:
        return None
    label = (f"about {row.inferred_date:%B %Y}" if row.inferred_precision == "month"
             else f"about {row.inferred_date.year}")
    return {"date": row.inferred_date, "precision": row.inferred_precision, "label": label,
            "evidence": [{"source": e["source"], "detail": e["detail"],
                          "date": dt.date.fromisoformat(e["date"])}
                         for e in row.inferred_evidence]}




@transaction.atomic
def restore(records: list[dict[str, Any]]) -> None:
    """Write back what an export says enrichment found (and editors corrected)."""
    for record in records:
        meta = record.get("enrichment")
        if not meta:
            continue
        story_id = record["id"]
        entities: dict[str, Entity] = {}
        for kind, group in _GROUPS.items():
            for e in record.get(group) or []:
                entity, _ = Entity.objects.get_or_create(
                    kind=kind, key=e["key"],
                    defaults={"name": e["name"], "slug": e["slug"], "code": e["code"] or ""})
                entities[f"{kind}:{e['key']}"] = entity
                Mention.objects.create(article_id=story_id, entity=entity,
                                       spans=[[s, t, record["body"][s:t]] for s, t in e["spans"]],
                                       count=e["count"], roles=e["roles"] or [],
                                       evidence=e["evidence"] or "")
        for n, q in enumerate(record.get("quotes") or []):
            Quote.objects.create(
                article_id=story_id, position=n, start=q["start"], end=q["end"], text=q["text"],
                kind=q["kind"], speaker=_lookup(entities, q["speaker_key"]),
                found_speaker=_lookup(entities, q["found_speaker_key"]), cue=q["cue"] or "",
                how=q["how"] or "", confidence=q["confidence"])
        Topic.objects.bulk_create(Topic(article_id=story_id, code=t["code"], label=t["label"],
                                        score=t["score"]) for t in record.get("topics") or [])
        inferred = record.get("inferred_date") or {}
        Enriched.objects.create(
            article_id=story_id, model=meta["model"], vocabulary=meta["vocabulary"] or "",
            at=as_moment(meta["at"]) or timezone.now(), body_digest=_digest(record["body"] or ""),
            inferred_date=as_day(inferred.get("date")),
            inferred_precision=inferred.get("precision") or "",
            inferred_evidence=[{"source": e["source"], "detail": e["detail"],
                                "date": str(as_day(e["date"]))}
                               for e in inferred.get("evidence") or []])
        for c in record.get("enrichment_corrections") or []:
            EnrichmentCorrection.objects.create(
                pk=c["id"], article_id=story_id, target=c["target"], start=c["start"],
                end=c["end"], text=c["text"], before=c["before"], after=c["after"],
                reason=c["reason"], who_id=c["who_id"], actor=c["actor"] or "",
                created=as_moment(c["created"]) or timezone.now())
    # PostgreSQL hands out ids from a sequence that rows written with ids do not move
    statements = connection.ops.sequence_reset_sql(no_style(), [EnrichmentCorrection])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _lookup(entities: dict[str, Entity], ref: str | None) -> Entity | None:
    if not ref:
        return None
    if ref in entities:
        return entities[ref]
    kind, _, key = ref.partition(":")
    return Entity.objects.filter(kind=kind, key=key).first()


def _digest(body: str) -> str:
    from .store import body_digest

    return body_digest(body)


EXPORT_FIELDS = ExtraFields(
    fields=[("people", _ENTITY), ("places", _ENTITY), ("organisations", _ENTITY),
            ("quotes", _QUOTE), ("topics", _TOPIC), ("enrichment", _ENRICHED),
            ("inferred_date", _INFERRED), ("enrichment_corrections", _CORRECTIONS)],
    values=story_fields, empty=EMPTY, restore=restore)
