"""One story, published once: what `morgue verify` checks about copies.

Two ways a story ends up published twice, each a discrepancy (``kind`` "double"):

- an old address is claimed by two published articles (the legacy-URL map can send it
  to only one of them, and the other is a second copy readers reach by other links);
- two published articles are copies of one story, by the duplicate check's own rule
  (:func:`morgue.pipeline.checks.duplicate.check_duplicate` run over the published
  articles alone), unless an editor dismissed that duplicate finding.

The fix in both cases is the same: ``morgue check`` holds the copy that is not
canonical, and its addresses then redirect to the canonical one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch

from morgue.pipeline.checks import CheckOptions
from morgue.pipeline.checks.duplicate import check_duplicate

from .corrections import published_text
from .items import EXTRACTION_CODE, pipeline_article
from .models import Article, Correction, Finding

__all__ = ["claimed_twice", "published_copies"]

KIND = "double"
DUPLICATE_CODE = "duplicate"
CHUNK_SIZE = 500
NEXT_STEP = "run `morgue check` to hold the copy that is not canonical"


def claimed_twice(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(where, message) for each old address that several published articles claim."""
    for path in paths:
        yield f"legacy URL {path}", f"is claimed by several published articles: {NEXT_STEP}"


def published_copies() -> Iterator[tuple[str, str, int]]:
    """(where, message, article id) for each published article that copies another."""
    from morgue.pipeline.records import CheckItem

    published = (Article.objects.filter(status=Article.Status.PUBLISHED).select_related("capture")
                 .order_by("pk")
                 .prefetch_related(Prefetch("corrections", Correction.objects.order_by("pk")),
                                   Prefetch("findings", Finding.objects.filter(code=EXTRACTION_CODE),
                                            to_attr="extraction_findings")))

    def items() -> Iterator[CheckItem]:
        for article in published.iterator(chunk_size=CHUNK_SIZE):
            yield CheckItem(key=article.pk, article=pipeline_article(article, published_text(article)),
                            http_status=article.capture.http_status)

    found = list(check_duplicate(items, CheckOptions()))
    dismissed = set(Finding.objects.filter(code=DUPLICATE_CODE, status=Finding.Status.DISMISSED)
                    .values_list("article_id", flat=True))
    urls: dict[Any, str] = dict(Article.objects.filter(pk__in=[f.key for f in found] + [k for f in found for k in f.related])
                .values_list("pk", "url"))
    for finding in found:
        if finding.key in dismissed:
            continue  # an editor read the pair and said it is not one story
        other = finding.related[0]
        yield (f"article {finding.key} ({urls.get(finding.key, '?')})",
               f"is published, and so is article {other} ({urls.get(other, '?')}): the duplicate check "
               f"reads them as copies of one story; {NEXT_STEP}", int(finding.key))
