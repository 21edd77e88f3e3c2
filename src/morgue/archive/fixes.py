"""`morgue fix`: turn the checks' safe proposals into transfer corrections.

Per article, the open findings with a safe proposed fix are planned against the
article's published text as it is now: whole-field fixes first, then span fixes from
the end of the field backwards (so an earlier span is not moved by a later fix). A fix
whose text is no longer at its span is looked for once more in the field; found exactly
once, it is applied there, otherwise it is skipped and stays open. Each planned change
is written through the corrections log, which checks again that it applies.
"""

from __future__ import annotations

import difflib
from contextlib import nullcontext
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .corrections import CorrectionError, add_correction, published_text
from .fieldtext import FIELDS, field_text
from .models import Article, Correction, Finding

__all__ = ["ArticleFix", "FixSummary", "PlannedCorrection", "fix_archive", "plan_fixes"]

#: Who `morgue fix` says made its corrections.
FIX_ACTOR = "morgue fix"


@dataclass(slots=True)
class PlannedCorrection:
    finding_id: int
    check: str
    message: str
    field: str
    span: tuple[int, int] | None
    before: str
    after: str


@dataclass(slots=True)
class ArticleFix:
    """What fixing one article would change: the corrections, in order, and the texts."""

    article_id: int
    headline: str
    url: str
    corrections: list[PlannedCorrection] = field(default_factory=list)
    #: (finding id, why it was not applied)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: field -> (published text now, text after the fixes), for changed fields only
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)

    def diff(self, context: int = 1) -> str:
        """A unified diff per changed field, lines as they are in the text."""
        parts: list[str] = []
        for name, (old, new) in self.texts.items():
            parts.extend(difflib.unified_diff(
                old.splitlines(), new.splitlines(), f"article {self.article_id} {name}",
                f"article {self.article_id} {name} (fixed)", n=context, lineterm=""))
        return "\n".join(parts)


@dataclass(slots=True)
class FixSummary:
    articles: int = 0
    corrections: int = 0
    skipped: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    #: articles whose fixes the log refused (changed meanwhile), with the reason
    refused: list[tuple[int, str]] = field(default_factory=list)


def fixable_findings(only: Iterable[str] | None = None):
    """Open findings whose proposed fix is marked safe."""
    findings = Finding.objects.filter(status=Finding.Status.OPEN, proposed_fix__safe=True)
    if only:
        findings = findings.filter(code__in=list(only))
    return findings


def plan_fixes(only: Iterable[str] | None = None) -> Iterator[ArticleFix]:
    """What `fix` would change, one article at a time; writes nothing."""
    only = list(only) if only else None
    # Ids first: the articles are then read (and on `fix`, written) one by one, never
    # while a cursor over the findings is still open.
    article_ids = sorted(set(fixable_findings(only).values_list("article_id", flat=True)))
    for article_id in article_ids:
        article = Article.objects.get(pk=article_id)
        findings = list(fixable_findings(only).filter(article_id=article_id).order_by("pk"))
        plan = plan_article(article, findings)
        if plan.corrections or plan.skipped:
            yield plan


def plan_article(article: Article, findings: list[Finding]) -> ArticleFix:
    published = published_text(article)
    plan = ArticleFix(article.pk, published.headline, article.url)
    texts = {name: field_text(published, name) for name in FIELDS}
    originals = dict(texts)
    for finding in _in_apply_order(findings):
        fix = finding.proposed_fix or {}
        name, before, after = fix.get("field"), fix.get("before", ""), fix.get("after", "")
        if name not in texts:
            plan.skipped.append((finding.pk, f"{name!r} is not a field a correction can change"))
            continue
        if before == after:
            plan.skipped.append((finding.pk, "the proposed fix changes nothing"))
            continue
        try:
            span = locate(texts[name], before, fix.get("span"))
        except TextGone:
            plan.skipped.append((finding.pk, f"the {name} no longer holds the text to fix "
                                 "(changed since the check ran; run `morgue check`)"))
            continue
        text = texts[name]
        texts[name] = after if span is None else text[:span[0]] + after + text[span[1]:]
        plan.corrections.append(PlannedCorrection(finding.pk, finding.code, finding.message,
                                                  name, span, before, after))
    plan.texts = {n: (originals[n], texts[n]) for n in FIELDS if texts[n] != originals[n]}
    return plan


def _in_apply_order(findings: list[Finding]) -> list[Finding]:
    def key(f: Finding) -> tuple[int, int, int]:
        span = (f.proposed_fix or {}).get("span")
        if not span:
            return (0, 0, f.pk)  # whole-field fixes first
        return (1, -int(span[0]), f.pk)  # then from the end of the text backwards
    return sorted(findings, key=key)


class TextGone(LookupError):
    """The text a change was made against is no longer there (or is there twice)."""


def locate(text: str, before: str, span: Sequence[int] | None) -> tuple[int, int] | None:
    """Where ``before`` is now in ``text``: at ``span`` or, having moved, found once; None
    for the whole field. Raises TextGone when it cannot be found (gone, or there more
    than once)."""
    if not span:
        if text == before:
            return None
        raise TextGone(before)
    start, end = int(span[0]), int(span[1])
    if text[start:end] == before and end - start == len(before):
        return (start, end)
    if before and text.count(before) == 1:
        start = text.index(before)
        return (start, start + len(before))
    raise TextGone(before)


def fix_archive(only: Iterable[str] | None = None, *, dry_run: bool = False,
                show: Callable[[ArticleFix], None] | None = None,
                actor: str = FIX_ACTOR) -> FixSummary:
    """Apply every safe proposal (or, with ``dry_run``, only say what would change).

    ``show`` is called with each article's plan before it is applied (the CLI prints its
    diff). The checks are not rerun here; the caller reruns them so findings describe
    the new published text.
    """
    summary = FixSummary()
    by_check: Counter[str] = Counter()
    for plan in plan_fixes(only):
        if show is not None:
            show(plan)
        summary.skipped += len(plan.skipped)
        if not plan.corrections:
            continue
        if not dry_run:
            try:
                apply_plan(plan, actor)
            except CorrectionError as exc:
                summary.refused.append((plan.article_id, str(exc)))
                continue
        summary.articles += 1
        summary.corrections += len(plan.corrections)
        by_check.update(c.check for c in plan.corrections)
    summary.by_check = dict(by_check.most_common())
    return summary


def apply_plan(plan: ArticleFix, actor: str = FIX_ACTOR, *, who: Any = None,
               article: Article | None = None,
               findings: dict[int, Finding] | None = None) -> list[Correction]:
    """Write one article's planned corrections; all or none. ``who`` is the editor when
    a person approved them; ``article`` and ``findings`` (by id) when already loaded."""
    if article is None:
        article = Article.objects.get(pk=plan.article_id)
    if findings is None:
        findings = Finding.objects.in_bulk([c.finding_id for c in plan.corrections])
    # One correction is atomic on its own; a savepoint more would only cost a round trip.
    with transaction.atomic() if len(plan.corrections) > 1 else nullcontext():
        return [
            add_correction(article, c.field, c.before, c.after, span=c.span,
                           kind=Correction.Kind.TRANSFER, reason=f"{c.check}: {c.message}",
                           who=who, actor=actor, finding=findings[c.finding_id])
            for c in plan.corrections
        ]
