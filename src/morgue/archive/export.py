"""Bulk export of the archive, one JSON object per article, as published.

The key names are a promise to researchers: keep them stable, add freely. Text fields
are the published text (extraction + applied corrections); ``extracted`` gives the
extraction's value of each corrected field and ``corrections`` the log that explains it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from .corrections import published_text
from .models import Article, Correction, Finding

# Articles fetched per query; their findings and corrections are prefetched per chunk.
CHUNK_SIZE = 500


def article_record(article: Article) -> dict[str, Any]:
    """The published article (extraction + applied corrections) with its record."""
    capture = article.capture
    corrections = list(article.corrections.all())
    published = published_text(article, corrections)
    return {
        "id": article.pk,
        "legacy_url": article.legacy_url or None,
        "source": capture.source,
        "locator": capture.locator,
        "format": capture.format,
        "url": article.url,
        "headline": published.headline or None,
        "dek": published.dek or None,
        "bylines": published.bylines,
        "dateline": published.dateline or None,
        "published": published.published.isoformat() if published.published else None,
        "section": published.section or None,
        "tags": published.tags,
        "body": published.body,
        "language": published.language or None,
        "word_count": published.word_count,
        "notice": published.notice or None,
        "publication": published.publication or None,
        "captured_at": capture.captured_at.isoformat() if capture.captured_at else None,
        "capture_sha256": capture.sha256,
        "extractor": article.extractor,
        "field_sources": article.field_sources,
        "set_aside": article.set_aside,
        "status": article.status,
        # What extraction gave for each field a correction changed.
        "extracted": {name: _extracted(article, name) for name in published.corrected},
        "findings": [finding_record(f) for f in article.findings.all()],
        "corrections": [correction_record(c) for c in corrections],
    }


def finding_record(f: Finding) -> dict[str, Any]:
    return {"id": f.pk, "check": f.code, "severity": f.severity, "field": f.field or None,
            "message": f.message, "span": list(f.span) if f.span else None,
            "evidence": f.evidence or None, "fix": f.proposed_fix, "blocking": f.blocking,
            "related": f.related, "status": f.status}


def correction_record(c: Correction) -> dict[str, Any]:
    return {"id": c.pk, "field": c.field, "span": list(c.span) if c.span else None,
            "kind": c.kind, "status": c.status, "before": c.before, "after": c.after,
            "reason": c.reason, "who": c.actor or (str(c.who) if c.who_id else None),
            "finding": c.finding_id, "reverts": c.reverts_id,
            "created": c.created.isoformat()}


def _extracted(article: Article, name: str) -> Any:
    value = getattr(article, name)
    return value.isoformat() if name == "published" and value else value


def articles_for_export(queryset: QuerySet[Article] | None = None) -> Iterator[dict[str, Any]]:
    queryset = queryset if queryset is not None else Article.objects.all()
    queryset = (
        queryset.select_related("capture").order_by("pk")
        .prefetch_related(Prefetch("findings", Finding.objects.order_by("pk")),
                          Prefetch("corrections",
                                   Correction.objects.select_related("who").order_by("pk")))
    )
    for article in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield article_record(article)


def write_jsonl(out: IO[str], queryset: QuerySet[Article] | None = None) -> int:
    count = 0
    for record in articles_for_export(queryset):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
