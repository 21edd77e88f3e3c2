"""Everything the site keeps about a person, for them to download (/accounts/data/).

Each app that stores something about a person registers a function that returns it::

    from morgue.accounts import personal_data

    @personal_data.register
    def error_reports(user) -> dict:
        return {"error_reports": [...]}

The account's own sections are registered the same way, below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress

from . import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Contributor = Callable[["User"], dict[str, Any]]
_contributors: list[Contributor] = []


def register(fn: Contributor) -> Contributor:
    """Add ``fn(user) -> dict`` to the download; usable as a decorator. Idempotent."""
    if fn not in _contributors:
        _contributors.append(fn)
    return fn


def collect(user: User) -> dict[str, Any]:
    """One JSON-ready dict: every registered section, in registration order."""
    data: dict[str, Any] = {}
    for fn in _contributors:
        data.update(fn(user))
    return data


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


@register
def account(user: User) -> dict[str, Any]:
    return {"account": {
        "email": user.email,
        "role": roles.role_of(user),
        "joined": _when(user.date_joined),
        "last_sign_in": _when(user.last_login),
        "email_addresses": [{"email": e.email, "confirmed": e.verified, "primary": e.primary}
                            for e in EmailAddress.objects.filter(user=user)],
    }}


@register
def consents(user: User) -> dict[str, Any]:
    return {"consents": [{"document": c.document, "url": c.url, "title": c.title,
                          "version": c.version, "given_at": _when(c.given_at)}
                         for c in user.consents.order_by("given_at", "document")]}


@register
def api_tokens(user: User) -> dict[str, Any]:
    return {"api_tokens": [{"name": t.name, "starts_with": t.prefix,
                            "created": _when(t.created), "last_used": _when(t.last_used)}
                           for t in user.api_tokens.order_by("created")]}
