"""Writing what enrichment found for a story, and reading it back.

A story is read again whenever its published body changes (`morgue enrich` compares a
digest), and its rows are replaced in one transaction; editors' corrections
(:class:`EnrichmentCorrection`) are applied again to whatever was found.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils.text import slugify

from morgue.archive.models import Finding
from morgue.pipeline import enrich as nlp
from morgue.pipeline.enrich.topics import VOCABULARY

from .models import Enriched, EnrichmentCorrection, Entity, Mention, Quote, Topic

__all__ = ["UNNAMED_SPEAKER", "body_digest", "entity_for", "reapply", "save_enrichment"]

#: The finding raised when a quote's speaker is someone the article never names.
UNNAMED_SPEAKER = "quote-speaker"


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entity_for(kind: str, key: str, name: str, code: str = "") -> Entity:
    """The archive's one entity for (kind, key), made on first sight."""
    found = Entity.objects.filter(kind=kind, key=key).first()
    if found:
        return found
    slug = base = slugify(name)[:100] or slugify(key)[:100] or kind
    if Entity.objects.filter(kind=kind, slug=slug).exists():
        slug = f"{base}-{slugify(code or key)[:16]}"
    n = 2
    while Entity.objects.filter(kind=kind, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Entity.objects.create(kind=kind, key=key, name=name, slug=slug, code=code)


@transaction.atomic
def save_enrichment(story_id: int, body: str, found: nlp.Enrichment,
                    inferred: nlp.InferredDate | None = None) -> None:
    """Replace what is stored for a story with ``found`` (and keep editors' corrections)."""
    Mention.objects.filter(article_id=story_id).delete()
    Quote.objects.filter(article_id=story_id).delete()
    Topic.objects.filter(article_id=story_id).delete()
    entities = {e.key: entity_for(e.kind, e.key, e.name, e.code) for e in found.entities}
    Mention.objects.bulk_create(
        Mention(article_id=story_id, entity=entities[e.key],
                spans=[[m.start, m.end, m.text] for m in e.mentions], count=len(e.mentions),
                roles=e.roles, evidence=e.evidence)
        for e in found.entities)
    Quote.objects.bulk_create(
        Quote(article_id=story_id, position=n, start=q.start, end=q.end, text=q.text,
              kind=q.kind, speaker=entities.get(q.speaker or ""),
              found_speaker=entities.get(q.speaker or ""), cue=q.cue, how=q.how,
              confidence=q.confidence)
        for n, q in enumerate(found.quotes))
    Topic.objects.bulk_create(Topic(article_id=story_id, code=t.code, label=t.label,
                                    score=t.score) for t in found.topics)
    Enriched.objects.update_or_create(article_id=story_id, defaults={
        "model": found.model, "body_digest": body_digest(body), "vocabulary": VOCABULARY,
        "inferred_date": inferred.date if inferred else None,
        "inferred_precision": inferred.precision if inferred else "",
        "inferred_evidence": [{"source": e.source, "detail": e.detail,
                               "date": e.date.isoformat()} for e in inferred.evidence]
        if inferred else []})
    reapply(story_id)


def reapply(story_id: int) -> None:
    """Apply the story's enrichment corrections, in order, then check its speakers."""
    for c in EnrichmentCorrection.objects.filter(article_id=story_id).order_by("pk"):
        if c.target == EnrichmentCorrection.Target.SPEAKER:
            speaker = _entity_named(c.after)
            Quote.objects.filter(article_id=story_id, start=c.start, end=c.end).update(
                speaker=speaker)
        else:
            _move_mention(story_id, c)
    _check_speakers(story_id)


def _entity_named(ref: str) -> Entity | None:
    """``kind:key`` -> its entity; empty -> None (unattributed)."""
    if not ref:
        return None
    kind, _, key = ref.partition(":")
    return Entity.objects.filter(kind=kind, key=key).first()


def _move_mention(story_id: int, c: EnrichmentCorrection) -> None:
    target = _entity_named(c.after)
    for row in Mention.objects.filter(article_id=story_id):
        kept = [s for s in row.spans if not (s[0] == c.start and s[1] == c.end)]
        if len(kept) != len(row.spans) and row.entity != target:
            if kept:
                Mention.objects.filter(pk=row.pk).update(spans=kept, count=len(kept))
            else:
                row.delete()
    if target is None:
        return
    row, _ = Mention.objects.get_or_create(article_id=story_id, entity=target)
    if not any(s[0] == c.start and s[1] == c.end for s in row.spans):
        row.spans = sorted([*row.spans, [c.start, c.end, c.text]])
        row.count = len(row.spans)
        row.save()


def _check_speakers(story_id: int) -> None:
    """A finding for each quote given to someone the story never names (an editor's
    slip, or a speaker carried over from another story)."""
    Finding.objects.filter(article_id=story_id, code=UNNAMED_SPEAKER,
                           status=Finding.Status.OPEN).delete()
    named = set(Mention.objects.filter(article_id=story_id).values_list("entity_id", flat=True))
    dismissed = set(Finding.objects.filter(article_id=story_id, code=UNNAMED_SPEAKER,
                                           status=Finding.Status.DISMISSED)
                    .values_list("span_start", "message"))
    findings = []
    for quote in Quote.objects.filter(article_id=story_id, speaker__isnull=False
                                      ).select_related("speaker"):
        speaker = quote.speaker
        assert speaker is not None  # filtered above
        message = f"quote attributed to {speaker.name}, whom the story never names"
        if quote.speaker_id not in named and (quote.start, message) not in dismissed:
            findings.append(Finding(
                article_id=story_id, code=UNNAMED_SPEAKER, severity=Finding.Severity.WARNING,
                field="body", span_start=quote.start, span_end=quote.end,
                message=message,
                evidence=quote.text[:500]))
    Finding.objects.bulk_create(findings)
