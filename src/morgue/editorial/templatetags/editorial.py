"""``{% report_error article %}``: the reader's "Report an error" box on an article page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from ..actions import can_report
from ..forms import ReportForm

register = template.Library()


@register.inclusion_tag("editorial/_report_error.html", takes_context=True)
def report_error(context: template.Context, article: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    allowed = signed_in and can_report(user)
    login_url = ""
    if not signed_in:
        login_url = (f"{resolve_url(settings.LOGIN_URL)}?"
                     f"{urlencode({'next': f'{article.url}#report-error'})}")
    return {"article": article, "can_report": allowed, "signed_in": signed_in,
            "login_url": login_url, "form": ReportForm() if allowed else None,
            "csrf_token": context.get("csrf_token")}
