"""The visible text of stored captures, for the checks to compare with their articles.

What "visible text" means is said once, in :func:`morgue.pipeline.checks.items.capture_text`;
this module only feeds it the stored bytes. It is the slow part of building check items
(read, gunzip, decode, parse each original), so it runs in worker processes when asked:
no Django here, workers get plain dicts and the store's folder.
"""

from __future__ import annotations

from typing import Any

from morgue.pipeline.checks import CheckOptions, article_findings
from morgue.pipeline.checks.items import capture_text
from morgue.pipeline.records import CheckItem, Finding, RawPage
from morgue.store import BlobMissing, CaptureStore

__all__ = ["PAGE_FIELDS", "capture_texts", "checked_items"]

#: Capture columns that say how to read the bytes (what :class:`RawPage` needs).
PAGE_FIELDS = ("sha256", "source", "locator", "format", "legacy_url", "captured_at",
               "content_type", "declared_charset", "http_status", "fields")


def capture_texts(job: tuple[str, list[dict[str, Any]]]) -> list[str | None]:
    """Visible text of each capture in ``job`` = (store folder, capture columns).

    None for a capture without visible text, or whose blob is missing (`morgue verify`
    reports that).
    """
    root, pages = job
    store = CaptureStore(root)
    texts: list[str | None] = []
    for page in pages:
        try:
            content = store.get(page["sha256"])
        except BlobMissing:
            texts.append(None)
            continue
        texts.append(capture_text(RawPage(
            content=content, source=page["source"], locator=page["locator"],
            format=page["format"], legacy_url=page["legacy_url"] or None,
            captured_at=page["captured_at"], content_type=page["content_type"] or None,
            declared_charset=page["declared_charset"] or None,
            http_status=page["http_status"], fields=dict(page["fields"] or {}))))
    return texts


def checked_items(job: tuple[str, list[dict[str, Any]], list[CheckItem], CheckOptions,
                             set[str] | None]
                  ) -> tuple[list[CheckItem], list[Finding]]:
    """A partition of check items on a cluster worker: each gets its capture's visible
    text, then the per-article checks run; the items come back for the corpus checks."""
    root, pages, items, options, only = job
    findings: list[Finding] = []
    for item, text in zip(items, capture_texts((root, pages)), strict=True):
        item.capture_text = text
        findings.extend(article_findings(item, options, only))
    return items, findings
