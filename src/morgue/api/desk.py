"""The editors' desk over HTTP: list findings, reports and proposals; propose, approve and
reject corrections. Authenticated by an editor's API token (``Authorization: Bearer
<key>``). Every rule is :mod:`morgue.editorial.actions`'s, exactly as at the desk.

Each decision carries ``head``: the article's ``corrections_head`` as the client last
read it (from a list item or ``GET /desk/articles/{id}``). If the article's record has
moved on, the answer is 409 ``conflict`` with the current ``head`` and text, and nothing
is written; read, decide again.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import field_validator

from morgue.accounts.roles import is_editor
from morgue.archive.checking import finding_codes
from morgue.archive.fieldtext import FIELDS, field_text
from morgue.archive.models import Article, Correction, Finding
from morgue.editorial import actions
from morgue.editorial.models import Proposal, Report
from morgue.editorial.queue import QueueFilters, findings, proposals, reports

from .errors import error_response
from .schemas import Error

MAX_ID = 2**63 - 1
MAX_PAGE = 200


class NotSignedIn(Exception):
    """No token, or one that opens no account (401)."""


class EditorToken(HttpBearer):
    """An editor's (or admin's) API token; a reader's token is refused with 403."""

    def __call__(self, request: HttpRequest) -> Any:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise NotSignedIn("send an editor's API token: 'Authorization: Bearer <key>'")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from morgue.accounts.tokens import user_for_token

        user = user_for_token(token)
        if user is None:
            raise NotSignedIn("this token is unknown or revoked, or its account is inactive")
        if not is_editor(user):
            raise actions.NotAllowed("this token is a reader's; the desk is for editors")
        return user


class EditorRequest(HttpRequest):
    """A request :class:`EditorToken` let through: ``auth`` is the editor's account."""

    auth: Any


router = Router(auth=EditorToken(), tags=["desk"])
ERRORS: dict[int, type] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
                           422: Error}


def install(api: Any) -> None:
    """Answer the desk's refusals as the rest of the API does (JSON, one shape)."""

    @api.exception_handler(NotSignedIn)
    def not_signed_in(request: HttpRequest, exc: NotSignedIn) -> HttpResponse:
        response = error_response(401, "unauthorized", str(exc))
        response["WWW-Authenticate"] = 'Bearer realm="morgue desk"'
        return response

    @api.exception_handler(actions.DeskError)
    def refused(request: HttpRequest, exc: actions.DeskError) -> HttpResponse:
        body: dict[str, Any] = {"status": exc.status, "error": exc.code, "message": exc.message}
        if isinstance(exc, actions.Conflict):
            body["article"] = exc.article_id
            body["head"] = exc.head
            body["current"] = {name: field_text(exc.text, name) for name in FIELDS}
        return JsonResponse(body, status=exc.status)


# -- schemas --------------------------------------------------------------------------------

class ArticleRef(Schema):
    id: int
    url: str
    headline: str
    head: str = Field(description="the article's corrections_head: send it with a decision")


class FindingOut(Schema):
    id: int
    article: ArticleRef
    code: str
    severity: str
    field: str
    message: str
    evidence: str
    proposed_fix: dict[str, Any] | None
    status: str
    created: dt.datetime


class ReportOut(Schema):
    id: int
    article: ArticleRef
    part: str
    what_is_wrong: str
    suggested_fix: str
    source: str
    status: str
    resolution: str
    correction: int | None
    created: dt.datetime


class CorrectionOut(Schema):
    id: int
    article: int
    kind: str
    status: str
    field: str
    span: list[int] | None
    before: str
    after: str
    reason: str
    who: str
    created: dt.datetime


class ProposalOut(Schema):
    id: int
    article: ArticleRef
    status: str
    report: int | None
    entry: CorrectionOut
    outcome: int | None


class Page(Schema):
    total: int
    limit: int
    offset: int


class FindingPage(Page):
    items: list[FindingOut]


class ReportPage(Page):
    items: list[ReportOut]


class ProposalPage(Page):
    items: list[ProposalOut]


class ArticleText(Schema):
    id: int
    url: str
    head: str
    text: dict[str, str] = Field(description="every correctable field's published text")


class ListParams(Schema):
    section: str | None = Field(None, max_length=255)
    year: int | None = Field(None, ge=1, le=9999)
    status: str = Field("open", pattern="^(open|closed|all)$")
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=10_000_000)


class FindingParams(ListParams):
    check: str | None = Field(None, max_length=32)
    severity: str | None = Field(None, pattern="^(info|warning|error)$")

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str | None) -> str | None:
        if value:
            finding_codes([value])  # an UnknownCheck (ValueError) names every code
        return value


class ProposeIn(Schema):
    head: str = Field("", max_length=64)
    field: str = Field(..., pattern="^(" + "|".join(FIELDS) + ")$")
    text: str = Field(..., max_length=1_000_000, description="the field's whole new text")
    reason: str = Field(..., min_length=1, max_length=actions.MAX_REASON)
    report: int | None = Field(None, ge=1, le=MAX_ID)


class ApproveIn(Schema):
    head: str = Field("", max_length=64)
    reason: str = Field("", max_length=actions.MAX_REASON)
    text: str | None = Field(None, max_length=1_000_000, description=(
        "edited: the field's whole new text (required for a report)"))
    field: str | None = Field(None, pattern="^(" + "|".join(FIELDS) + ")$")


class RejectIn(Schema):
    head: str = Field("", max_length=64)
    reason: str = Field(..., min_length=1, max_length=actions.MAX_REASON)


class DecisionOut(Schema):
    correction: CorrectionOut | None
    head: str


class ProposalCreated(Schema):
    proposal: ProposalOut
    head: str


class ItemKind(str, Enum):
    findings = "findings"
    reports = "reports"
    proposals = "proposals"


_KIND = {ItemKind.findings: "finding", ItemKind.reports: "report",
         ItemKind.proposals: "proposal"}


# -- shaping --------------------------------------------------------------------------------

def _article(article: Article) -> dict[str, Any]:
    return {"id": article.pk, "url": article.url, "headline": article.headline,
            "head": article.corrections_head}


def _correction(c: Correction) -> dict[str, Any]:
    return {"id": c.pk, "article": c.article_id, "kind": c.kind, "status": c.status,
            "field": c.field, "span": list(c.span) if c.span else None, "before": c.before,
            "after": c.after, "reason": c.reason,
            "who": c.who.get_username() if c.who else c.actor, "created": c.created}


def _finding(f: Finding) -> dict[str, Any]:
    return {"id": f.pk, "article": _article(f.article), "code": f.code, "severity": f.severity,
            "field": f.field, "message": f.message, "evidence": f.evidence,
            "proposed_fix": f.proposed_fix, "status": f.status, "created": f.created}


def _report(r: Report) -> dict[str, Any]:
    return {"id": r.pk, "article": _article(r.article), "part": r.part,
            "what_is_wrong": r.what_is_wrong, "suggested_fix": r.suggested_fix,
            "source": r.source, "status": r.status, "resolution": r.resolution,
            "correction": r.correction_id, "created": r.created}


def _proposal(p: Proposal) -> dict[str, Any]:
    return {"id": p.pk, "article": _article(p.entry.article), "status": p.status,
            "report": p.report_id, "entry": _correction(p.entry), "outcome": p.outcome_id}


def _filters(params: ListParams, **more: Any) -> QueueFilters:
    return QueueFilters(section=params.section or "", year=params.year, status=params.status,
                        **more)


def _page(qs: Any, params: ListParams, shape: Any) -> dict[str, Any]:
    rows = qs[params.offset:params.offset + params.limit]
    return {"items": [shape(r) for r in rows], "total": qs.count(), "limit": params.limit,
            "offset": params.offset}


def _head(article_id: int) -> str:
    return Article.objects.filter(pk=article_id).values_list("corrections_head", flat=True)[0]


# -- endpoints ------------------------------------------------------------------------------

@router.get("/findings", response={200: FindingPage, **ERRORS}, url_name="desk-findings",
            summary="Findings waiting at the desk")
def list_findings(request: HttpRequest, params: Query[FindingParams]) -> dict[str, Any]:
    """Findings of the checks, newest first, filtered like the desk's queue."""
    filters = _filters(params, check=params.check or "", severity=params.severity or "")
    qs = findings(filters).select_related("article").order_by("-created", "-pk")
    return _page(qs, params, _finding)


@router.get("/reports", response={200: ReportPage, **ERRORS}, url_name="desk-reports",
            summary="Readers' reports")
def list_reports(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    """Readers' error reports, newest first."""
    qs = reports(_filters(params)).select_related("article").order_by("-created", "-pk")
    return _page(qs, params, _report)


@router.get("/proposals", response={200: ProposalPage, **ERRORS}, url_name="desk-proposals",
            summary="Proposed corrections")
def list_proposals(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    """Corrections editors proposed, waiting for (or past) a decision."""
    qs = (proposals(_filters(params)).select_related("entry", "entry__article", "entry__who")
          .order_by("-entry__created", "-pk"))
    return _page(qs, params, _proposal)


@router.get("/articles/{article_id}", response={200: ArticleText, **ERRORS},
            url_name="desk-article", summary="An article's published text and head")
def get_article_text(request: HttpRequest,
                     article_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """The text every decision is made against, and the head to send with it."""
    article = get_object_or_404(Article, pk=article_id)
    text = actions.published_now(article)
    return {"id": article.pk, "url": article.url, "head": article.corrections_head,
            "text": {name: field_text(text, name) for name in FIELDS}}


@router.post("/articles/{article_id}/proposals", response={201: ProposalCreated, **ERRORS},
             url_name="desk-propose", summary="Propose a correction")
def propose(request: EditorRequest, body: ProposeIn,
            article_id: int = Path(..., ge=1, le=MAX_ID)) -> Status:
    """Propose a change to one field (its whole new text) for an editor to approve."""
    article = get_object_or_404(Article, pk=article_id)
    report = None
    if body.report is not None:
        report = get_object_or_404(Report, pk=body.report, article=article)
    proposal = actions.propose(request.auth, article, field=body.field, text=body.text,
                               reason=body.reason, seen_head=body.head, report=report)
    proposal = Proposal.objects.select_related("entry", "entry__article", "entry__who").get(
        pk=proposal.pk)
    return Status(201, {"proposal": _proposal(proposal), "head": _head(article.pk)})


@router.post("/{kind}/{item_id}/approve", response={200: DecisionOut, **ERRORS},
             url_name="desk-approve", summary="Approve a finding's fix, a report or a proposal")
def approve(request: EditorRequest, kind: ItemKind, body: ApproveIn,
            item_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """Write the correction: as proposed, or with `text` (the field's whole new text).
    A report always needs `text` and a `reason` (the reader is told)."""
    correction = actions.approve(request.auth, actions.Decision(
        kind=_KIND[kind], pk=item_id, seen_head=body.head, reason=body.reason,
        text=body.text, field=body.field))
    return {"correction": _correction(correction), "head": _head(correction.article_id)}


@router.post("/{kind}/{item_id}/reject", response={200: DecisionOut, **ERRORS},
             url_name="desk-reject", summary="Reject a finding's fix, a report or a proposal")
def reject(request: EditorRequest, kind: ItemKind, body: RejectIn,
           item_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    """Reject with a reason: a fix or a proposal is logged as rejected, a report closed."""
    decision = actions.Decision(kind=_KIND[kind], pk=item_id, seen_head=body.head,
                                reason=body.reason)
    article_id = actions.article_of(decision.kind, decision.pk)
    entry = actions.reject(request.auth, decision)
    return {"correction": _correction(entry) if entry else None, "head": _head(article_id)}
