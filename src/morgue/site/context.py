"""What every page of the site knows: the paper, its notice, the page's canonical URL."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from . import seo


def site(request: HttpRequest) -> dict:
    return {
        "paper": settings.MORGUE_PAPER_NAME,
        "archive_notice": settings.MORGUE_ARCHIVE_NOTICE,
        "canonical": seo.absolute(request.path, request),
    }
