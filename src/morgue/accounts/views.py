"""A signed-in person's own pages: the account, their data, deleting the account.

Sign-up, sign-in, sign-out, confirmation and passwords are allauth's views (urls.py).
"""

from __future__ import annotations

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import lifecycle, personal_data, roles
from .forms import DeleteAccountForm
from .signed_in import SignedInRequest


@never_cache
@login_required
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/home.html", {
        "role": roles.role_of(user),
        "confirmed": lifecycle.is_confirmed(user),
        "consents": user.consents.order_by("-given_at", "document"),
        "may_delete": lifecycle.may_delete_self(user),
    })


@never_cache
@login_required
@require_GET
def data(request: SignedInRequest) -> HttpResponse:
    body = json.dumps({"exported": timezone.now(), **personal_data.collect(request.user)},
                      cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-archive-account.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not lifecycle.may_delete_self(user):
        return render(request, "accounts/delete.html", {"may_delete": False}, status=403)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST":
        # Password guesses count against the same limit as allauth's re-authentication.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            return ratelimit.respond_429(request)
        if form.is_valid():
            lifecycle.delete_account(user)
            logout(request)
            messages.success(request, "Your account and everything it held are deleted.")
            return redirect("home")
    return render(request, "accounts/delete.html", {"form": form, "may_delete": True})
