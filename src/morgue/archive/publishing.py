"""Releasing articles for publishing under the `when-released` policy (MORGUE_PUBLISH).

Under that policy every article is held until an editor releases it; the release is a
:class:`~morgue.archive.models.Release` row (who, when), and :func:`update_held` then
publishes it unless an open blocking finding still holds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from .checking import update_held
from .models import Article, Finding, Release

__all__ = ["release_articles", "releasable"]


def releasable() -> list[int]:
    """Held stories nobody released yet that no open blocking finding holds."""
    blocking = Finding.objects.filter(article=OuterRef("pk"), status=Finding.Status.OPEN,
                                      blocking=True)
    return list(Article.objects.filter(status=Article.Status.HELD, part_of__isnull=True,
                                       release__isnull=True)
                .exclude(Exists(blocking)).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def release_articles(article_ids: Iterable[int], actor: str = "", who: Any = None
                     ) -> tuple[int, int]:
    """Release these stories (every page of each); (newly released, published now)."""
    wanted = set(article_ids)
    pages = set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    pages |= set(Article.objects.filter(part_of_id__in=wanted).values_list("pk", flat=True))
    done = set(Release.objects.filter(article_id__in=pages).values_list("article_id", flat=True))
    Release.objects.bulk_create(Release(article_id=pk, actor=actor, who=who)
                                for pk in sorted(pages - done))
    newly = len(wanted & (pages - done))
    _, published = update_held()
    return newly, published
