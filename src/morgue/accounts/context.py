"""What every page knows about the person reading it (the site header uses it)."""

from __future__ import annotations

from django.http import HttpRequest

from . import roles


def account(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"is_editor": roles.is_editor(user) if user is not None else False}
