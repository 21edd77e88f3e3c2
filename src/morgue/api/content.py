"""The one place the API reads an article's published text.

Published text is the extraction with the applied corrections, as the corrections log
(:func:`morgue.archive.corrections.published_text`) computes it; the API never reads an
Article's text fields directly. Lists fetch every article's log in one query. A log that
does not apply is the archive's fault, not the reader's: it is logged for ``morgue
verify`` and the extraction is shown, as on the site.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from morgue.archive.corrections import CorrectionError, PublishedArticle, holds
from morgue.archive.corrections import published_text as apply_log
from morgue.archive.fieldtext import FIELDS
from morgue.archive.models import Article, Correction

__all__ = ["PublishedArticle", "corrections_shown", "published_text", "published_texts"]

log = logging.getLogger(__name__)


def published_text(article: Article, corrections: Sequence[Correction] | None = None
                   ) -> PublishedArticle:
    """``article`` as readers get it; ``corrections`` is its log when already fetched."""
    try:
        return apply_log(article, corrections)
    except (CorrectionError, ValueError) as exc:  # ValueError: a BadFieldValue
        log.error("article %s: corrections do not apply (%s); showing the extraction",
                  article.pk, exc)
        return PublishedArticle(id=article.pk, **{name: getattr(article, name) for name in FIELDS})


def published_texts(articles: Iterable[Article]) -> dict[int, PublishedArticle]:
    """Published text of many articles, keyed by id, with one query for all their logs."""
    articles = list(articles)
    logs: dict[int, list[Correction]] = {a.pk: [] for a in articles}
    if articles:
        for entry in Correction.objects.filter(article_id__in=list(logs)).order_by("pk"):
            logs[entry.article_id].append(entry)
    return {a.pk: published_text(a, logs[a.pk]) for a in articles}


def corrections_shown(log: Sequence[Correction]) -> list[tuple[Correction, bool]]:
    """The corrections readers see, oldest first, each with whether it is still in force.

    Applied corrections only (a revert is itself an applied correction that ``reverts``
    another); proposed and rejected ones are the newsroom's work in progress.
    """
    return [(entry, holds(entry, log)) for entry in sorted(log, key=lambda c: c.pk)
            if entry.status == Correction.Status.APPLIED]
