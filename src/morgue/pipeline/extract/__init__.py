"""Extraction: one capture (a :class:`RawPage`) in, one :class:`Article` out.

Dispatch is on what the page is: HTML (mirror, WARC, ARC) goes to a site profile's
template when one matches (:mod:`morgue.pipeline.profiles`), else to :mod:`.html`;
plain text (text dumps) to :mod:`.textdump`, CMS export records to :mod:`.exports`.
Given :class:`CorpusHints` learned from many pages of the same source, lines repeated
across most of them are set aside as chrome. :func:`stitch` joins the pages of stories
printed over several pages. Extraction never raises for bad content: each candidate
(a site profile, then the page on its own, then the plain text of the document) runs
guarded, a candidate that fails is a warning naming it, and the next one reads the page;
what could not be done is in ``Article.warnings``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..decode import decode
from ..records import Article, RawPage
from .corpus import CorpusHints, learn_corpus_hints
from .exports import extract_export
from .html import extract_html
from .kinds import page_kind
from .pages import stitch
from .plaintext import document_paragraphs
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
        return _extract_html_guarded(page, hints, profiles)
    return Article(
        legacy_url=page.legacy_url,
        extractor="none",
        warnings=[f"not an article: content type {page.content_type or 'unknown'}"],
    )


#: field_sources["paragraphs"] when every extractor failed or found nothing
PLAIN_TEXT = "plain text of the document (no extractor could read the page)"


def _extract_html_guarded(page: RawPage, hints: CorpusHints | None,
                          profiles: Sequence[Profile] | None) -> Article:
    """An HTML page through the candidates in turn (see the module doc)."""
    failures: list[str] = []
    article = None
    if profiles:
        from ..profiles import extract_with_profiles

        article = _attempt("reading with the site profile", failures,
                           lambda: extract_with_profiles(page, list(profiles), hints))
    if article is None:
        article = _attempt("per-page extraction", failures, lambda: extract_html(page, hints))
    if article is None or not article.paragraphs:
        plain = _attempt("reading the plain text", failures, lambda: _plain_text(page))
        if plain:
            article = article or Article(legacy_url=page.legacy_url, extractor="plain text")
            article.paragraphs = plain
            article.field_sources["paragraphs"] = PLAIN_TEXT
            article.warnings = [w for w in article.warnings if w != "no article text found"]
    if article is None:
        article = Article(legacy_url=page.legacy_url, extractor="none")
    article.warnings[:0] = failures
    return article


def _attempt(stage: str, failures: list[str], run):
    try:
        return run()
    # One page's failure in one candidate becomes a warning naming it; the next
    # candidate reads the page (a run is never stopped by one page).
    except Exception as exc:  # noqa: BLE001
        failures.append(f"{stage} failed: {type(exc).__name__}: {str(exc)[:200]}")
        return None


def _plain_text(page: RawPage) -> list[str]:
    return document_paragraphs(decode(page.content, page.declared_charset, html=True).text)
