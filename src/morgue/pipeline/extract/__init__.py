"""Extraction: one capture (a :class:`RawPage`) in, one :class:`Article` out.

Dispatch is on what the page is: HTML (mirror, WARC, ARC) goes to a site profile's
template when one matches (:mod:`morgue.pipeline.profiles`), else to :mod:`.html`;
plain text (text dumps) to :mod:`.textdump`, CMS export records to :mod:`.exports`.
Given :class:`CorpusHints` learned from many pages of the same source, lines repeated
across most of them are set aside as chrome. :func:`stitch` joins the pages of stories
printed over several pages. Extraction never raises for bad content: what it could not
do is in ``Article.warnings``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..records import Article, RawPage
from .corpus import CorpusHints, learn_corpus_hints
from .exports import extract_export
from .html import extract_html
from .kinds import page_kind
from .pages import stitch
from .slug import article_path, article_slug
from .textdump import extract_textdump

if TYPE_CHECKING:
    from ..profiles import Profile

# trafilatura and htmldate log an ERROR for every empty or odd page; what matters of it
# is in Article.warnings and the ingest's problems, so their logs would only be noise.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

__all__ = [
    "CorpusHints",
    "learn_corpus_hints",
    "extract_article",
    "stitch",
    "article_slug",
    "article_path",
]


def extract_article(page: RawPage, hints: CorpusHints | None = None,
                    profiles: Sequence[Profile] | None = None) -> Article:
    """Extract the article a page holds; ``hints`` come from :func:`learn_corpus_hints`,
    ``profiles`` from :func:`morgue.pipeline.profiles.learn_profile` (or a profile file)."""
    kind = page_kind(page)
    if kind == "export":
        return extract_export(page)
    if kind == "text":
        return extract_textdump(page, hints)
    if kind == "html":
        if profiles:
            from ..profiles import extract_with_profiles

            return extract_with_profiles(page, list(profiles), hints)
        return extract_html(page, hints)
    return Article(
        legacy_url=page.legacy_url,
        extractor="none",
        warnings=[f"not an article: content type {page.content_type or 'unknown'}"],
    )
