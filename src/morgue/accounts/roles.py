"""The three roles, as Django groups: reader, editor, admin.

Every signed-up account is a reader; editors review findings and readers' reports and
approve corrections; admins also manage accounts and the site's pages. Code asks these
functions, never group names, so the rule lives in one place.
"""

from __future__ import annotations

from typing import Any

READER = "reader"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (READER, EDITOR, ADMIN)


def role_of(user: Any) -> str | None:
    """The highest role of ``user``; None for anonymous or deactivated accounts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, EDITOR):
        if role in names:
            return role
    return READER


def is_editor(user: Any) -> bool:
    """May review findings and reports and write corrections (editors and admins)."""
    return role_of(user) in (EDITOR, ADMIN)


def is_admin(user: Any) -> bool:
    return role_of(user) == ADMIN
