"""What the review page shows for one article: its published text, every open item with
the change it proposes as a side-by-side diff, and the article's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from morgue.archive.corrections import PublishedArticle
from morgue.archive.fieldtext import FIELDS, field_text
from morgue.archive.fixes import TextGone, locate, plan_article
from morgue.archive.models import Article, Correction, Finding

from . import audit
from .actions import published_now
from .diffs import DiffRow, side_by_side
from .models import AuditEntry, Proposal, Report

__all__ = ["ReviewItem", "Review", "article_review"]


@dataclass(slots=True)
class ReviewItem:
    kind: str
    pk: int
    row: Any
    field: str  # "" when the item names none (a report about "other")
    #: the field's text now and with the proposed change (same when none is proposed)
    current: str = ""
    proposed: str = ""
    diff: list[DiffRow] = dataclass_field(default_factory=list)
    #: why the proposed change cannot be applied as it is (edit it instead)
    problem: str = ""

    @property
    def has_change(self) -> bool:
        return bool(self.diff) and not self.problem


@dataclass(slots=True)
class Review:
    article: Article
    text: PublishedArticle
    head: str
    items: list[ReviewItem]
    log: list[Correction]
    trail: list[AuditEntry]
    fields: tuple[str, ...] = FIELDS

    @property
    def texts(self) -> list[tuple[str, str]]:
        """(field, its published text) for every field."""
        return [(name, field_text(self.text, name)) for name in self.fields]


def article_review(article: Article) -> Review:
    text = published_now(article)
    items: list[ReviewItem] = []
    for finding in article.findings.filter(status=Finding.Status.OPEN).order_by("pk"):
        items.append(_finding_item(article, text, finding))
    for report in (Report.objects.filter(article=article, status=Report.Status.OPEN)
                   .select_related("reporter").order_by("pk")):
        name = report.field or ""
        current = field_text(text, name) if name else ""
        items.append(ReviewItem("report", report.pk, report, name, current, current))
    for proposal in (Proposal.objects.filter(entry__article=article, status=Proposal.Status.OPEN)
                     .select_related("entry", "entry__who").order_by("pk")):
        items.append(_proposal_item(text, proposal))
    log = list(Correction.objects.filter(article=article).select_related("who").order_by("-pk"))
    return Review(article, text, article.corrections_head, items, log, audit.trail(article.pk))


def _finding_item(article: Article, text: PublishedArticle, finding: Finding) -> ReviewItem:
    fix = finding.proposed_fix or {}
    name = fix.get("field") or finding.field
    if name not in FIELDS:
        return ReviewItem("finding", finding.pk, finding, "")
    current = field_text(text, name)
    item = ReviewItem("finding", finding.pk, finding, name, current, current)
    if not fix:
        return item
    plan = plan_article(article, [finding])
    if plan.skipped:
        item.problem = plan.skipped[0][1]
    elif name in plan.texts:
        item.proposed = plan.texts[name][1]
        item.diff = side_by_side(current, item.proposed, name)
    return item


def _proposal_item(text: PublishedArticle, proposal: Proposal) -> ReviewItem:
    entry = proposal.entry
    current = field_text(text, entry.field)
    item = ReviewItem("proposal", proposal.pk, proposal, entry.field, current, current)
    try:
        span = locate(current, entry.before, entry.span)
    except TextGone:
        item.problem = (f"the {entry.field} no longer holds the text this proposal changes "
                        "(changed since it was proposed)")
        return item
    if span is None:
        item.proposed = entry.after
    else:
        item.proposed = current[:span[0]] + entry.after + current[span[1]:]
    item.diff = side_by_side(current, item.proposed, entry.field)
    return item
