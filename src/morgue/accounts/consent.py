"""Agreeing to the site's terms of use and privacy policy, and which wording it was.

The documents are the flat pages at /terms/ and /privacy/ (``morgue.site``). A version
is a short SHA-256 of a page's title and content: editing the page makes a new version,
and each :class:`~morgue.accounts.models.Consent` says which one a person agreed to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.utils import timezone

from .models import Consent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The documents agreed to at sign-up, and the flat page holding each.
DOCUMENT_URLS: dict[str, str] = {Consent.TERMS: "/terms/", Consent.PRIVACY: "/privacy/"}
#: Hex digits kept of the SHA-256: enough to tell any two wordings apart.
VERSION_CHARS = 12


@dataclass(frozen=True, slots=True)
class DocumentVersion:
    document: str
    url: str
    title: str
    version: str


def version_of(title: str, content: str) -> str:
    return hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:VERSION_CHARS]


def current_versions() -> list[DocumentVersion]:
    """The documents as they read now (a missing page is versioned as empty)."""
    pages = {p.url: p for p in FlatPage.objects.filter(url__in=DOCUMENT_URLS.values(),
                                                       sites=settings.SITE_ID)}
    versions = []
    for document, url in DOCUMENT_URLS.items():
        page = pages.get(url)
        title, content = (page.title, page.content) if page else ("", "")
        versions.append(DocumentVersion(document, url, title, version_of(title, content)))
    return versions


def record_consent(user: User, at: datetime | None = None) -> list[Consent]:
    """Record that ``user`` agreed to the current version of every document."""
    at = at or timezone.now()
    return Consent.objects.bulk_create(
        Consent(user=user, document=v.document, url=v.url, title=v.title,
                version=v.version, given_at=at)
        for v in current_versions())
