"""Bulk export of the archive, one JSON object per article.

The key names are a promise to researchers: keep them stable, add freely.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from .models import Article, Correction, Finding

# Articles fetched per query; their findings and corrections are prefetched per chunk.
CHUNK_SIZE = 500


def article_record(article: Article) -> dict[str, Any]:
    capture = article.capture
    return {
        "id": article.pk,
        "legacy_url": article.legacy_url or None,
        "source": capture.source,
        "locator": capture.locator,
        "format": capture.format,
        "url": article.url,
        "headline": article.headline or None,
        "dek": article.dek or None,
        "bylines": article.bylines,
        "dateline": article.dateline or None,
        "published": article.published.isoformat() if article.published else None,
        "section": article.section or None,
        "tags": article.tags,
        "body": article.body,
        "language": article.language or None,
        "word_count": article.word_count,
        "notice": article.notice or None,
        "publication": article.publication or None,
        "captured_at": capture.captured_at.isoformat() if capture.captured_at else None,
        "capture_sha256": capture.sha256,
        "extractor": article.extractor,
        "field_sources": article.field_sources,
        "set_aside": article.set_aside,
        "status": article.status,
        "findings": [
            {"check": f.code, "severity": f.severity, "field": f.field or None,
             "message": f.message}
            for f in article.findings.all()
        ],
        "corrections": [
            {"id": c.pk, "field": c.field, "kind": c.kind, "status": c.status,
             "before": c.before, "after": c.after, "reason": c.reason,
             "created": c.created.isoformat()}
            for c in article.corrections.all()
        ],
    }


def articles_for_export(queryset: QuerySet[Article] | None = None) -> Iterator[dict[str, Any]]:
    queryset = queryset if queryset is not None else Article.objects.all()
    queryset = (
        queryset.select_related("capture").order_by("pk")
        .prefetch_related(Prefetch("findings", Finding.objects.order_by("pk")),
                          Prefetch("corrections", Correction.objects.order_by("pk")))
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
