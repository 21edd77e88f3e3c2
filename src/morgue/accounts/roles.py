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


#: What each role's group may do, as "app_label.codename" patterns (shell-style: "*"
#: is everything, "editorial.view_*" every view permission of the editorial app). Editors
#: never delete: the corrections log and the desk's audit trail only grow; admins may.
#: Editors' apps gain models over time: the groups
#: are brought up to date after every `migrate` (:func:`sync_groups`), so a new model of
#: the editorial app is an editor's as soon as its table exists.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    READER: (),
    EDITOR: (
        "archive.view_article", "archive.change_article",  # hold and release
        "archive.view_finding", "archive.change_finding",
        "archive.view_correction", "archive.add_correction", "archive.change_correction",
        "archive.view_problem", "archive.view_capture",
        "editorial.view_*", "editorial.add_*", "editorial.change_*",
    ),
    ADMIN: ("*",),  # everything, including users, groups and flat pages
}


def set_role(user: Any, role: str) -> None:
    """Make ``role`` the only role of ``user``; admins may use Django's admin site."""
    from django.contrib.auth.models import Group

    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.remove(*user.groups.filter(name__in=ROLES).exclude(pk=group.pk))
    user.groups.add(group)
    is_staff = role == ADMIN
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


def sync_groups(apps: Any = None) -> None:
    """Create the three groups and give each the permissions :data:`ROLE_PERMISSIONS` names.

    ``apps`` is a migration's historical app registry, or None for the real one.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    everything = list(Permission.objects.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [p for p in everything
                  if _matches(patterns, p.content_type.app_label, p.codename)]
        group.permissions.set(wanted)


def _matches(patterns: tuple[str, ...], app_label: str, codename: str) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(f"{app_label}.{codename}", pattern) for pattern in patterns)
