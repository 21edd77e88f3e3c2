"""Users, articles and findings for the editorial tests (tests/test_editorial_*.py)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from morgue.accounts.roles import EDITOR, READER
from morgue.archive.checking import check_archive
from morgue.archive.models import Article, Finding

from .archive_rows import CHROME, MOJIBAKE, make_article

_numbers = itertools.count(1)
CURLY = "\u2019"


def make_user(role: str = READER, *, name: str | None = None, verified: bool = True) -> Any:
    """A user in the role's group (made here if the accounts migration has not)."""
    name = name or f"{role}{next(_numbers)}"
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "not-used")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def make_editor(name: str | None = None) -> Any:
    return make_user(EDITOR, name=name)


def damaged_articles(store_root: Path, count: int = 1, **kwargs: Any) -> list[Article]:
    """Articles with mojibake twice and site chrome at the end, then checked once (a
    rerun replaces open findings). Needs the ``stand_in_checks`` fixture."""
    articles = [make_article(store_root, paragraphs=[
        f"The mayor{MOJIBAKE}s plan for the harbor{MOJIBAKE}s channel passed.",
        "Work starts in the spring.", CHROME], **kwargs) for _ in range(count)]
    check_archive()
    for article in articles:
        article.refresh_from_db()
    return articles


def open_findings(article: Article, code: str) -> list[Finding]:
    return list(article.findings.filter(code=code, status=Finding.Status.OPEN).order_by("pk"))


def head(article: Article) -> str:
    return Article.objects.get(pk=article.pk).corrections_head
