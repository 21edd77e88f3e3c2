"""What waits at the desk: findings, readers' reports and proposals in one list.

:func:`queue` gives one queryset over the three tables (a UNION of small rows, newest
first), so the desk pages through them with one count and one page query however many
there are; :func:`items` then fetches the rows of one page. The API lists each kind
with the same filters (:func:`findings`, :func:`reports`, :func:`proposals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, QuerySet, Value

from morgue.archive.models import Article, Finding

from .models import Proposal, Report

__all__ = ["QueueFilters", "QueueItem", "findings", "items", "proposals", "queue", "reports"]

KINDS = ("finding", "report", "proposal")
STATUSES = ("open", "closed", "all")


@dataclass(slots=True)
class QueueFilters:
    """The desk's and the API's filters; empty means any."""

    check: str = ""
    section: str = ""
    year: int | None = None
    severity: str = ""
    status: str = "open"  # open, closed (decided), all
    kind: str = ""  # finding, report, proposal

    @property
    def findings_only(self) -> bool:
        """A check or severity filter only makes sense for findings."""
        return bool(self.check or self.severity)


@dataclass(slots=True)
class QueueItem:
    kind: str
    pk: int
    article: Article
    created: Any
    status: str
    row: Any  # the Finding, Report or Proposal


def _article_filters(qs: QuerySet, filters: QueueFilters, prefix: str = "article__") -> QuerySet:
    if filters.section:
        qs = qs.filter(**{f"{prefix}section__iexact": filters.section})
    if filters.year:
        qs = qs.filter(**{f"{prefix}published__year": filters.year})
    return qs


def _by_status(qs: QuerySet, filters: QueueFilters, open_status: str) -> QuerySet:
    """``open``: waiting for a decision; ``closed``: decided; anything else: both."""
    if filters.status == "open":
        return qs.filter(status=open_status)
    if filters.status == "closed":
        return qs.exclude(status=open_status)
    return qs


def findings(filters: QueueFilters) -> QuerySet[Finding]:
    qs = _article_filters(Finding.objects.all(), filters)
    if filters.check:
        qs = qs.filter(code=filters.check)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    return _by_status(qs, filters, Finding.Status.OPEN)


def reports(filters: QueueFilters) -> QuerySet[Report]:
    qs = _article_filters(Report.objects.all(), filters)
    if filters.findings_only:
        return qs.none()
    return _by_status(qs, filters, Report.Status.OPEN)


def proposals(filters: QueueFilters) -> QuerySet[Proposal]:
    qs = _article_filters(Proposal.objects.all(), filters, "entry__article__")
    if filters.findings_only:
        return qs.none()
    return _by_status(qs, filters, Proposal.Status.OPEN)


def queue(filters: QueueFilters) -> QuerySet:
    """(kind, id, article_id, created) rows of every matching item, newest first."""
    def rows(qs: QuerySet, kind: str, article: str, created: str) -> QuerySet:
        return (qs.order_by().annotate(kind=Value(kind, output_field=CharField()),
                                       item_article=F(article), item_created=F(created))
                .values("kind", "pk", "item_article", "item_created"))

    parts = []
    if filters.kind in ("", "finding"):
        parts.append(rows(findings(filters), "finding", "article_id", "created"))
    if filters.kind in ("", "report"):
        parts.append(rows(reports(filters), "report", "article_id", "created"))
    if filters.kind in ("", "proposal"):
        parts.append(rows(proposals(filters), "proposal", "entry__article_id",
                          "entry__created"))
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-item_created", "-pk")


def items(rows: list[dict[str, Any]]) -> list[QueueItem]:
    """The rows of one page of :func:`queue`, with their articles, in the page's order."""
    wanted: dict[str, list[int]] = {k: [] for k in KINDS}
    for r in rows:
        wanted[r["kind"]].append(r["pk"])
    found: dict[str, dict[Any, Any]] = {
        "finding": Finding.objects.in_bulk(wanted["finding"]),
        "report": Report.objects.select_related("reporter").in_bulk(wanted["report"]),
        "proposal": Proposal.objects.select_related("entry", "entry__who")
        .in_bulk(wanted["proposal"]),
    }
    articles = Article.objects.only("pk", "url", "headline", "section", "published",
                                    "corrections_head").in_bulk(
        [r["item_article"] for r in rows])
    out = []
    for r in rows:
        row = found[r["kind"]].get(r["pk"])
        if row is None:  # decided and gone meanwhile (a finding replaced by a rerun)
            continue
        out.append(QueueItem(r["kind"], r["pk"], articles[r["item_article"]],
                             r["item_created"], row.status, row))
    return out
