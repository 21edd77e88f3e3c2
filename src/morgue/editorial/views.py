"""The desk's pages and the reader's report form. Each view reads its form, calls one
function in :mod:`.actions` (or reads :mod:`.queue` / :mod:`.review`), and renders;
the rules are in the actions, which the API calls too."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from morgue.accounts.roles import is_editor
from morgue.accounts.signed_in import SignedInRequest
from morgue.archive.fieldtext import field_text
from morgue.archive.models import Article

from . import actions
from .forms import BulkForm, DecisionForm, ProposeForm, QueueForm, ReportForm
from .models import Report
from .queue import items as queue_items
from .queue import queue as queue_rows
from .review import article_review

#: Items per page of the queue.
QUEUE_PAGE = 50


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous: to the sign-in page and back. Signed in but not an editor: 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("The desk is for editors.")
        return view(request, *args, **kwargs)

    return wrapper


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _article(article_id: int) -> Article:
    return get_object_or_404(Article, pk=article_id)


# -- readers --------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def report_error(request: HttpRequest, article_id: int) -> HttpResponse:
    """The report form on a page of its own (the article page carries the same form)."""
    article = get_object_or_404(Article, pk=article_id, status=Article.Status.PUBLISHED)
    allowed = actions.can_report(request.user)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            actions.report(request.user, article, **form.cleaned_data)
        except actions.DeskError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you: your report is with the editors. "
                                      "We will email you when it is resolved.")
            return redirect("editorial:my-reports")
    status = 200 if request.method != "POST" else (403 if not allowed else 400)
    return render(request, "editorial/report_form.html",
                  {"article": article, "form": form, "allowed": allowed}, status=status)


@require_safe
@signed_in
def my_reports(request: SignedInRequest) -> HttpResponse:
    reports = (Report.objects.filter(reporter=request.user)
               .select_related("article", "correction").order_by("-created", "-pk"))
    return render(request, "editorial/my_reports.html", {"reports": reports})


# -- the desk -------------------------------------------------------------------------------

@require_safe
@editor_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(queue_rows(filters), QUEUE_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of the queue.") from None
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "editorial/queue.html", {
        "form": form, "filters": filters, "page_obj": page,
        "items": queue_items(list(page.object_list)), "params": params.urlencode(),
        "safe_codes": actions.safe_codes(),
    })


@require_safe
@editor_required
def review(request: HttpRequest, article_id: int) -> HttpResponse:
    return _review_page(request, _article(article_id))


def _review_page(request: HttpRequest, article: Article, *, status: int = 200,
                 conflict: actions.Conflict | None = None, error: str = "",
                 submitted: dict[str, Any] | None = None) -> HttpResponse:
    try:
        data = article_review(article)
    except actions.DeskError as exc:
        data, error = None, exc.message
    submitted = submitted or {}
    context = {"article": article, "review": data, "conflict": conflict, "error": error,
               "submitted": submitted}
    if conflict is not None:
        # The field the editor was deciding on, as it reads now.
        name = submitted.get("field") or next(
            (i.field for i in (data.items if data else [])
             if i.kind == submitted.get("kind") and i.pk == submitted.get("pk")), "") or "body"
        context.update(conflict_field=name, conflict_current=field_text(conflict.text, name))
    return render(request, "editorial/review.html", context, status=status)


@require_POST
@editor_required
def decide(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(article_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _review_page(request, article, status=400,
                            error=f"The form was not complete: {form.errors.as_text()}")
    decision = form.decision()
    act = actions.approve if form.cleaned_data["action"] == "approve" else actions.reject
    try:
        act(request.user, decision)
    except actions.DeskError as exc:
        return _refused(request, article, exc, form.cleaned_data)
    messages.success(request, f"{decision.kind.capitalize()} {decision.pk} "
                              f"{'approved' if act is actions.approve else 'rejected'}.")
    return redirect("editorial:review", article_id=article.pk)


@require_POST
@editor_required
def propose(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article(article_id)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        return _review_page(request, article, status=400,
                            error=f"The form was not complete: {form.errors.as_text()}")
    data = form.cleaned_data
    report = None
    if data["report"]:
        report = get_object_or_404(Report, pk=data["report"], article=article)
    try:
        actions.propose(request.user, article, field=data["field"], text=data["text"],
                        reason=data["reason"], seen_head=data["head"] or "", report=report)
    except actions.DeskError as exc:
        return _refused(request, article, exc, data)
    messages.success(request, "Correction proposed; another editor can approve it.")
    return redirect("editorial:review", article_id=article.pk)


def _refused(request: HttpRequest, article: Article, exc: actions.DeskError,
             submitted: dict[str, Any]) -> HttpResponse:
    if isinstance(exc, actions.NotFound):
        raise Http404(exc.message)
    article.refresh_from_db()
    conflict = exc if isinstance(exc, actions.Conflict) else None
    return _review_page(request, article, status=exc.status, conflict=conflict,
                        error="" if conflict else exc.message, submitted=submitted)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Pick a check with safe fixes, see what approving them all does, then confirm."""
    context: dict[str, Any] = {"safe_codes": actions.safe_codes()}
    if request.method == "POST":
        form = BulkForm(request.POST)
        if not form.is_valid():
            context["error"] = f"The form was not complete: {form.errors.as_text()}"
            return render(request, "editorial/bulk.html", context, status=400)
        result = actions.bulk_approve(request.user, form.cleaned_data["code"],
                                      upto=form.cleaned_data["upto"])
        context["result"] = result
        return render(request, "editorial/bulk.html", context)
    code = request.GET.get("code", "")
    if code:
        context["preview"] = actions.bulk_preview(request.user, code[:32])
    return render(request, "editorial/bulk.html", context)

