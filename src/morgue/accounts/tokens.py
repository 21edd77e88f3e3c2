"""API tokens for editors' programs: issue one, find the user a key belongs to.

A key is 32 random bytes, shown once; the database keeps only its SHA-256, so a copy of
the database gives nobody a working key. (A slow password hash is not needed: the keys
are random, not guessable words.)
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Every key starts with this, so a leaked one is recognisable (e.g. by secret scanners).
KEY_PREFIX = "morgue_"
#: Characters of the key kept in clear to tell keys apart in lists.
SHOWN_CHARS = len(KEY_PREFIX) + 4
#: ``last_used`` is written at most this often per key, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, name: str = "") -> str:
    """Make a new key for ``user`` and return it; it cannot be shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:SHOWN_CHARS], key_hash=_hash(key))
    return key


def user_for_token(key: str) -> User | None:
    """The active user ``key`` belongs to, or None for an unknown key or inactive user."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=_hash(key), user__is_active=True).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def revoke_tokens(user: User) -> int:
    """Delete every key of ``user``; returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted

