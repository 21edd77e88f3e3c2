"""The type of a request that ``login_required`` let through, for the type checker."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class SignedInRequest(HttpRequest):
    """A request whose user is a real account (never AnonymousUser)."""

    user: User
