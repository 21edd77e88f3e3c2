"""The rules of the editors' desk, in one place: the desk's pages and the API both call
these functions, and nothing else writes a report, a proposal or a decision.

Three kinds of item wait for an editor:

- a **finding** (a check's, with or without a proposed fix): approving writes a
  ``transfer`` correction answering it; rejecting dismisses it;
- a reader's **report**: approving writes the ``editorial`` correction the editor
  wrote (the reader's suggestion is only a suggestion); rejecting closes it with a note;
- an editor's **proposal** (:class:`~.models.Proposal`): the change is a PROPOSED entry in
  the corrections log; approving writes the APPLIED entry, rejecting a REJECTED one.

Every decision may be edited (the editor gives the field's whole new text; the
correction is the part that differs) and is written through
:func:`morgue.archive.corrections.add_correction` with ``who`` = the editor, and
recorded in the audit trail, in the same transaction.

Optimistic concurrency: a decision carries the article's ``corrections_head`` as the
editor saw it. Under the article's lock (``select_for_update``; SQLite's IMMEDIATE
transactions serialise writers anyway) a different head means someone changed the
article's record meanwhile: :class:`Conflict` is raised with the current published text
and nothing is written. Bulk approval is previewed first and then applies exactly the
findings the preview counted (``upto``), re-planned against each article's text under
its lock; a fix whose text has moved on is skipped and said so, never forced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from morgue.accounts.lifecycle import is_confirmed
from morgue.accounts.roles import is_editor
from morgue.archive.corrections import (
    CorrectionError,
    PublishedArticle,
    add_correction,
    published_text,
)
from morgue.archive.fieldtext import FIELDS, LIST_FIELDS, BadFieldValue, field_text, parse_field
from morgue.archive.fixes import ArticleFix, TextGone, apply_plan, locate, plan_article
from morgue.archive.models import Article, Correction, Finding

from . import audit
from .models import AuditEntry, Proposal, Report

__all__ = ["AlreadyDecided", "BulkPreview", "BulkResult", "Change", "Conflict", "Decision",
           "DeskError", "Invalid", "NotAllowed", "NotFound", "approve", "article_of",
           "bulk_approve", "bulk_preview", "can_report", "change_between", "locate",
           "notify_reporter", "propose", "published_now", "reject", "report", "safe_codes"]

log = logging.getLogger(__name__)

ITEM_KINDS = ("finding", "report", "proposal")
#: Articles written per transaction by a bulk approval: small enough that other editors
#: (and SQLite's single writer) wait at most a second or so between batches.
BULK_BATCH = 200
#: Longest reason or note kept (a correction notice is printed under the story).
MAX_REASON = 2000
#: Longest reader's report field.
MAX_REPORT_TEXT = 10_000


# -- errors ---------------------------------------------------------------------------------

class DeskError(Exception):
    """An action the desk refuses; ``status`` and ``code`` are what the API answers."""

    status = 400
    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(DeskError):
    """The request does not make sense (no reason, no change, text not where it was)."""


class NotAllowed(DeskError):
    status, code = 403, "forbidden"


class NotFound(DeskError):
    status, code = 404, "not_found"


class AlreadyDecided(DeskError):
    """The item was approved or rejected already (by someone else, or twice)."""

    status, code = 409, "already_decided"


class Conflict(DeskError):
    """The article's record changed since the editor looked: nothing was written.

    ``text`` is the article as published now and ``head`` the log's current end, so the
    editor can look again and decide against what readers see now.
    """

    status, code = 409, "conflict"

    def __init__(self, article_id: int, head: str, text: PublishedArticle) -> None:
        super().__init__(f"another editor changed article {article_id} since you opened it; "
                         "nothing was written. Here is the current text: decide again.")
        self.article_id = article_id
        self.head = head
        self.text = text


# -- records --------------------------------------------------------------------------------

@dataclass(slots=True)
class Change:
    """One correction to be written: ``before`` at ``span`` (None: the whole field)."""

    field: str
    span: tuple[int, int] | None
    before: str
    after: str


@dataclass(slots=True)
class Decision:
    """An editor's approval or rejection of one item, as the desk or the API sends it."""

    kind: str  # "finding", "report" or "proposal"
    pk: int
    #: the article's ``corrections_head`` when the editor looked ("" for no corrections)
    seen_head: str
    reason: str = ""
    #: edited: the field's whole new text (required to approve a report)
    text: str | None = None
    #: which field ``text`` is (default: the item's own)
    field: str | None = None


@dataclass(slots=True)
class BulkPreview:
    code: str
    findings: int
    articles: int
    #: the newest finding counted; applying takes these and no later ones
    upto: int
    samples: list[ArticleFix] = field(default_factory=list)


@dataclass(slots=True)
class BulkResult:
    code: str
    articles: int = 0
    corrections: int = 0
    #: (finding id, why it was not applied)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


# -- who may do what ------------------------------------------------------------------------

def can_report(user: Any) -> bool:
    """Signed in, active, and with a confirmed email address, so we can tell them what
    became of their report."""
    return (getattr(user, "is_authenticated", False) and user.is_active
            and is_confirmed(user))


def require_editor(user: Any) -> None:
    if not is_editor(user):
        raise NotAllowed("only editors may do this")


# -- readers --------------------------------------------------------------------------------

def report(user: Any, article: Article, *, part: str, what_is_wrong: str,
           suggested_fix: str = "", source: str = "") -> Report:
    """A reader reports an error in an article."""
    if not can_report(user):
        raise NotAllowed("sign in with a confirmed email address to report an error")
    if part not in Report.Part.values:
        raise Invalid(f"part must be one of {', '.join(Report.Part.values)}")
    what_is_wrong = _clean(what_is_wrong, MAX_REPORT_TEXT)
    if not what_is_wrong:
        raise Invalid("say what is wrong")
    with transaction.atomic():
        row = Report.objects.create(
            article=article, reporter=user, part=part, what_is_wrong=what_is_wrong,
            suggested_fix=_clean(suggested_fix, MAX_REPORT_TEXT),
            source=_clean(source, MAX_REPORT_TEXT))
        audit.record(AuditEntry.Action.REPORT, user, article_id=article.pk,
                     report_id=row.pk, part=part)
    return row


# -- editors: propose, approve, reject ------------------------------------------------------

def propose(user: Any, article: Article, *, field: str, text: str, reason: str,
            seen_head: str, report: Report | None = None,
            finding: Finding | None = None) -> Proposal:
    """An editor proposes a change (the field's whole new text) for another to approve."""
    require_editor(user)
    reason = _required_reason(reason)
    with transaction.atomic():
        locked = _locked(article.pk, seen_head)
        current = published_now(locked)
        if report is not None and Report.objects.get(pk=report.pk).status != Report.Status.OPEN:
            raise AlreadyDecided(f"report {report.pk} is decided already")
        change = change_between(field, field_text(current, field), text)
        kind = Correction.Kind.TRANSFER if finding is not None else Correction.Kind.EDITORIAL
        entry = _write(locked, change, kind=kind, reason=reason, who=user, finding=finding,
                       status=Correction.Status.PROPOSED)
        proposal = Proposal.objects.create(entry=entry, report=report)
        audit.record(AuditEntry.Action.PROPOSE, user, article_id=locked.pk,
                     correction_id=entry.pk, proposal_id=proposal.pk,
                     report_id=report.pk if report else None,
                     finding_id=finding.pk if finding else None,
                     field=change.field, reason=reason)
    return proposal


def approve(user: Any, decision: Decision) -> Correction:
    """Approve an item (as proposed, or edited): write its correction, on the record."""
    require_editor(user)
    article_id = article_of(decision.kind, decision.pk)
    with transaction.atomic():
        article = _locked(article_id, decision.seen_head)
        current = published_now(article)
        if decision.kind == "finding":
            correction = _approve_finding(user, article, current, decision)
        elif decision.kind == "report":
            correction = _approve_report(user, article, current, decision)
        else:
            correction = _approve_proposal(user, article, current, decision)
    return correction


def reject(user: Any, decision: Decision) -> Correction | None:
    """Reject an item with a reason. A rejected fix or proposal goes into the log as a
    REJECTED entry (returned); a rejected report is closed and its reader told."""
    require_editor(user)
    reason = _required_reason(decision.reason)
    article_id = article_of(decision.kind, decision.pk)
    with transaction.atomic():
        article = _locked(article_id, decision.seen_head)
        entry: Correction | None = None
        refs: dict[str, Any] = {"article_id": article.pk, "reason": reason}
        if decision.kind == "finding":
            finding = _open(Finding, decision.pk, Finding.Status.OPEN)
            change = _finding_change(finding)
            if change is not None:
                entry = _write(article, change, kind=Correction.Kind.TRANSFER, reason=reason,
                               who=user, finding=finding, status=Correction.Status.REJECTED)
            Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.DISMISSED)
            refs["finding_id"] = finding.pk
        elif decision.kind == "report":
            row = _open(Report, decision.pk, Report.Status.OPEN)
            _resolve(row, Report.Status.REJECTED, user, reason)
            refs["report_id"] = row.pk
        else:
            proposal = _open(Proposal, decision.pk, Proposal.Status.OPEN)
            proposed = proposal.entry
            entry = _write(article, Change(proposed.field, proposed.span, proposed.before,
                                           proposed.after),
                           kind=proposed.kind, reason=reason, who=user,
                           finding=proposed.finding, status=Correction.Status.REJECTED)
            _decide(proposal, Proposal.Status.REJECTED, entry, user, reason)
            refs.update(proposal_id=proposal.pk, report_id=proposal.report_id)
        audit.record(AuditEntry.Action.REJECT, user, kind=decision.kind,
                     correction_id=entry.pk if entry else None, **refs)
    return entry


def _approve_finding(user: Any, article: Article, current: PublishedArticle,
                     decision: Decision) -> Correction:
    finding = _open(Finding, decision.pk, Finding.Status.OPEN)
    if decision.text is None:
        change = _finding_change(finding)
        if change is None:
            raise Invalid(f"finding {finding.pk} proposes no fix; give the corrected text")
        plan = plan_article(article, [finding])
        if plan.skipped:
            raise Invalid(plan.skipped[0][1])
        planned = plan.corrections[0]
        change = Change(planned.field, planned.span, planned.before, planned.after)
    else:
        name = decision.field or (finding.proposed_fix or {}).get("field") or finding.field
        change = change_between(name, field_text(current, _field(name)), decision.text)
    reason = _clean(decision.reason, MAX_REASON) or f"{finding.code}: {finding.message}"
    correction = _write(article, change, kind=Correction.Kind.TRANSFER, reason=reason,
                        who=user, finding=finding)
    audit.record(AuditEntry.Action.APPROVE, user, article_id=article.pk,
                 finding_id=finding.pk, correction_id=correction.pk, kind="finding",
                 edited=decision.text is not None, reason=reason)
    return correction


def _approve_report(user: Any, article: Article, current: PublishedArticle,
                    decision: Decision) -> Correction:
    row = _open(Report, decision.pk, Report.Status.OPEN)
    reason = _required_reason(decision.reason)
    name = decision.field or row.field
    if not name:
        raise Invalid("say which field to correct")
    if decision.text is None:
        raise Invalid("give the corrected text of the field")
    change = change_between(name, field_text(current, _field(name)), decision.text)
    correction = _write(article, change, kind=Correction.Kind.EDITORIAL, reason=reason,
                        who=user)
    _resolve(row, Report.Status.CORRECTED, user, reason, correction)
    audit.record(AuditEntry.Action.APPROVE, user, article_id=article.pk, report_id=row.pk,
                 correction_id=correction.pk, kind="report", edited=True, reason=reason)
    return correction


def _approve_proposal(user: Any, article: Article, current: PublishedArticle,
                      decision: Decision) -> Correction:
    proposal = _open(Proposal, decision.pk, Proposal.Status.OPEN)
    proposed = proposal.entry
    if decision.text is None:
        text = field_text(current, proposed.field)
        try:
            span = locate(text, proposed.before, proposed.span)
        except TextGone:
            raise Invalid(f"the {proposed.field} no longer holds the text this proposal "
                          "changes; edit it against the current text") from None
        change = Change(proposed.field, span, proposed.before, proposed.after)
    else:
        name = decision.field or proposed.field
        change = change_between(name, field_text(current, _field(name)), decision.text)
    reason = _clean(decision.reason, MAX_REASON) or proposed.reason
    correction = _write(article, change, kind=proposed.kind, reason=reason, who=user,
                        finding=proposed.finding)
    _decide(proposal, Proposal.Status.APPROVED, correction, user, reason)
    if proposal.report_id is not None:
        row = Report.objects.get(pk=proposal.report_id)
        if row.status == Report.Status.OPEN:
            _resolve(row, Report.Status.CORRECTED, user, reason, correction)
    audit.record(AuditEntry.Action.APPROVE, user, article_id=article.pk,
                 proposal_id=proposal.pk, report_id=proposal.report_id,
                 correction_id=correction.pk, kind="proposal",
                 edited=decision.text is not None, reason=reason)
    return correction


# -- bulk -----------------------------------------------------------------------------------

def safe_codes() -> list[tuple[str, int]]:
    """(check code, open findings with a safe fix) for every check that has some."""
    rows = (Finding.objects.filter(status=Finding.Status.OPEN, proposed_fix__safe=True)
            .values("code").annotate(n=Count("pk")).order_by("code"))
    return [(r["code"], r["n"]) for r in rows]


def _bulk_findings(code: str, upto: int | None = None) -> QuerySet[Finding]:
    found = Finding.objects.filter(status=Finding.Status.OPEN, proposed_fix__safe=True,
                                   code=code)
    return found if upto is None else found.filter(pk__lte=upto)


def bulk_preview(user: Any, code: str, *, samples: int = 5) -> BulkPreview:
    """What approving every safe fix of one check would do: counts and the first diffs."""
    require_editor(user)
    counts = _bulk_findings(code).aggregate(
        n=Count("pk"), articles=Count("article_id", distinct=True), upto=Max("pk"))
    preview = BulkPreview(code, counts["n"], counts["articles"], counts["upto"] or 0)
    first = list(_bulk_findings(code).order_by("article_id")
                 .values_list("article_id", flat=True).distinct()[:samples])
    for article in Article.objects.filter(pk__in=first).order_by("pk"):
        findings = list(_bulk_findings(code, preview.upto).filter(article=article).order_by("pk"))
        preview.samples.append(plan_article(article, findings))
    return preview


def bulk_approve(user: Any, code: str, *, upto: int, batch_size: int = BULK_BATCH,
                 progress: Callable[[BulkResult], None] | None = None) -> BulkResult:
    """Approve the safe fixes of ``code`` that a preview counted (ids up to ``upto``).

    Articles are locked and written ``batch_size`` at a time, each all or none; a fix
    that no longer applies is skipped and listed, the rest go ahead.
    """
    require_editor(user)
    started = timezone.now()
    result = BulkResult(code)
    ids = sorted(set(_bulk_findings(code, upto).values_list("article_id", flat=True)))
    for chunk in _chunks(ids, batch_size):
        with transaction.atomic():
            _bulk_batch(user, code, upto, chunk, result)
        if progress is not None:
            progress(result)
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _bulk_batch(user: Any, code: str, upto: int, ids: list[int], result: BulkResult) -> None:
    # Locked in id order (as every batch is), so two bulk approvals cannot deadlock; the
    # plan reads each article's log from the prefetch.
    articles = list(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk")
                    .prefetch_related(Prefetch("corrections",
                                               queryset=Correction.objects.order_by("pk"))))
    findings: dict[int, list[Finding]] = {pk: [] for pk in ids}
    for finding in _bulk_findings(code, upto).filter(article_id__in=ids).order_by("pk"):
        findings[finding.article_id].append(finding)
    trail: list[AuditEntry] = []
    for article in articles:
        plan = plan_article(article, findings[article.pk])
        result.skipped.extend(plan.skipped)
        if not plan.corrections:
            continue
        try:
            written = apply_plan(plan, actor="", who=user, article=article,
                                 findings={f.pk: f for f in findings[article.pk]})
        except CorrectionError as exc:
            result.skipped.extend((c.finding_id, str(exc)) for c in plan.corrections)
            continue
        result.articles += 1
        result.corrections += len(written)
        trail.extend(audit.entry(AuditEntry.Action.BULK_APPROVE, user, article_id=article.pk,
                                 finding_id=c.finding_id, correction_id=w.pk, code=code)
                     for c, w in zip(plan.corrections, written, strict=True))
    audit.record_many(trail)


# -- helpers --------------------------------------------------------------------------------

def change_between(name: str, current: str, new: str) -> Change:
    """The correction that turns ``current`` into ``new``: the words that differ, with
    the text around them left alone (a date or a list is replaced whole)."""
    name = _field(name)
    new = new.replace("\r\n", "\n").replace("\r", "\n")
    if name in LIST_FIELDS:
        new = "\n".join(line.strip() for line in new.split("\n") if line.strip())
    elif name != "body":
        new = new.strip()
    try:
        parse_field(name, new)
    except BadFieldValue as exc:
        raise Invalid(str(exc)) from exc
    if new == current:
        raise Invalid(f"the new {name} is the same as the published one")
    if name in LIST_FIELDS or name == "published" or not current:
        return Change(name, None, current, new)
    start = 0
    limit = min(len(current), len(new))
    while start < limit and current[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and current[-1 - end] == new[-1 - end]:
        end += 1
    # Widen to whole words, so the notice and the diff read as words.
    while start > 0 and not current[start - 1].isspace():
        start -= 1
    while end > 0 and not current[len(current) - end].isspace():
        end -= 1
    stop_old, stop_new = len(current) - end, len(new) - end
    if start == 0 and end == 0:
        return Change(name, None, current, new)
    return Change(name, (start, stop_old), current[start:stop_old], new[start:stop_new])


def _field(name: str | None) -> str:
    if name not in FIELDS:
        raise Invalid(f"{name!r} is not a field a correction can change; "
                      f"one of {', '.join(FIELDS)}")
    return name


def _finding_change(finding: Finding) -> Change | None:
    fix = finding.proposed_fix or {}
    if fix.get("field") not in FIELDS or fix.get("before", "") == fix.get("after", ""):
        return None
    span = fix.get("span")
    return Change(fix["field"], (int(span[0]), int(span[1])) if span else None,
                  fix.get("before", ""), fix.get("after", ""))


def article_of(kind: str, pk: int) -> int:
    models: dict[str, type[Finding | Report | Proposal]] = {
        "finding": Finding, "report": Report, "proposal": Proposal}
    model = models.get(kind)
    if model is None:
        raise Invalid(f"kind must be one of {', '.join(ITEM_KINDS)}")
    lookup = "entry__article_id" if model is Proposal else "article_id"
    found = model.objects.filter(pk=pk).values_list(lookup, flat=True).first()
    if found is None:
        raise NotFound(f"no {kind} {pk}")
    return found


def _locked(article_id: int, seen_head: str) -> Article:
    """The article, locked for this transaction; :class:`Conflict` if its log moved on."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.corrections_head != (seen_head or ""):
        raise Conflict(article.pk, article.corrections_head, published_now(article))
    return article


def published_now(article: Article) -> PublishedArticle:
    try:
        return published_text(article)
    except (CorrectionError, BadFieldValue) as exc:
        raise Invalid(f"article {article.pk}'s corrections log does not apply ({exc}); "
                      "run `morgue verify`") from exc


def _open(model: type[Finding | Report | Proposal], pk: int, open_status: str) -> Any:
    """The item as it is now (read under the article's lock); refused if decided."""
    row = model.objects.get(pk=pk)
    if row.status != open_status:
        raise AlreadyDecided(f"{model.__name__.lower()} {pk} is {row.status} already")
    return row


def _write(article: Article, change: Change, **kwargs: Any) -> Correction:
    try:
        return add_correction(article, change.field, change.before, change.after,
                              span=change.span, **kwargs)
    except CorrectionError as exc:
        raise Invalid(str(exc)) from exc


def _decide(proposal: Proposal, status: str, outcome: Correction, user: Any, note: str) -> None:
    proposal.status, proposal.outcome = status, outcome
    proposal.decided_by, proposal.decided_at, proposal.note = user, timezone.now(), note
    proposal.save(update_fields=["status", "outcome", "decided_by", "decided_at", "note"])


def _resolve(row: Report, status: str, user: Any, note: str,
             correction: Correction | None = None) -> None:
    row.status, row.resolution, row.correction = status, note, correction
    row.resolved_by, row.resolved_at = user, timezone.now()
    row.save(update_fields=["status", "resolution", "correction", "resolved_by",
                            "resolved_at"])
    transaction.on_commit(lambda: notify_reporter(row.pk))


def notify_reporter(report_id: int) -> bool:
    """Email the reader what became of their report; False when there is nobody to tell."""
    row = Report.objects.select_related("article", "reporter").get(pk=report_id)
    reader = row.reporter
    if reader is None or not reader.email:
        return False
    context = {"report": row, "reader": reader, "paper": settings.MORGUE_PAPER_NAME,
               "article_url": f"{settings.MORGUE_SITE_URL}{row.article.url}",
               "headline": row.article.headline}
    subject = render_to_string("editorial/email/report_resolved_subject.txt", context)
    body = render_to_string("editorial/email/report_resolved.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [reader.email])
    except OSError:  # the mail server is down: the report is resolved all the same
        log.exception("could not email the reader of report %s", report_id)
        return False
    return True


def _required_reason(reason: str) -> str:
    reason = _clean(reason, MAX_REASON)
    if not reason:
        raise Invalid("give a reason; it goes on the record")
    return reason


def _clean(text: str | None, limit: int) -> str:
    return (text or "").replace("\r\n", "\n").strip()[:limit]


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

