"""A reader's reports, for the accounts app's "your personal data" export."""

from __future__ import annotations

from typing import Any

from .models import Report


def reports_of(user: Any) -> dict[str, Any]:
    """Everything a reader told us in their error reports, and what became of them."""
    rows = Report.objects.filter(reporter=user).select_related("article").order_by("pk")
    return {"error_reports": [
        {"id": r.pk, "article": r.article.url, "part": r.part,
         "what_is_wrong": r.what_is_wrong, "suggested_fix": r.suggested_fix,
         "source": r.source, "status": r.status, "resolution": r.resolution,
         "created": r.created.isoformat(),
         "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None}
        for r in rows]}
