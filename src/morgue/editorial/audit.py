"""The audit trail: one row per thing someone did at the desk (who, what, when).

Written only by :mod:`morgue.editorial.actions`, inside the transaction of the action
itself, so an action and its record stand or fall together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from morgue.accounts.roles import is_editor

from .models import AuditEntry

__all__ = ["entry", "record", "record_many", "trail"]


def entry(action: str, who: Any, *, article_id: int | None = None,
          finding_id: int | None = None, report_id: int | None = None,
          correction_id: int | None = None, proposal_id: int | None = None,
          **detail: Any) -> AuditEntry:
    """An unsaved audit row. A reader's name is not copied into the trail (their account
    may be deleted, and with it their name); an editor's is, for the record."""
    name = user_name(who) if is_editor(who) else ""
    return AuditEntry(who=who if getattr(who, "pk", None) else None, who_name=name,
                      action=action, article_id=article_id, finding_id=finding_id,
                      report_id=report_id, correction_id=correction_id,
                      proposal_id=proposal_id, detail=detail)


def record(action: str, who: Any, **refs: Any) -> AuditEntry:
    row = entry(action, who, **refs)
    row.save()
    return row


def record_many(rows: Iterable[AuditEntry], batch_size: int = 500) -> None:
    AuditEntry.objects.bulk_create(list(rows), batch_size=batch_size)


def trail(article_id: int, limit: int = 100) -> list[AuditEntry]:
    """The newest actions on one article."""
    return list(AuditEntry.objects.filter(article_id=article_id)
                .select_related("who").order_by("-created", "-pk")[:limit])


def user_name(user: Any) -> str:
    if user is None or not getattr(user, "pk", None):
        return ""
    return (user.get_username() or "")[:150]
