"""CMS export records (JSON Lines, CSV, WordPress WXR): the fields are given, only tidied.

``RawPage.fields`` holds headline, dek, bylines, published (as written), section, tags,
body_html or body_text, legacy_url and language after the source's column mapping.
HTML bodies become paragraphs (tags dropped, breaks kept); dates are parsed, and an
unreadable or ambiguous one is left empty with a warning rather than guessed.
"""

from __future__ import annotations

import re
from typing import Any

from ..records import Article, RawPage, SetAside
from .bylines import split_bylines
from .dates import parse_date
from .finish import finish_article
from .paragraphs import html_paragraphs, text_paragraphs

__all__ = ["extract_export"]

#: Separators in a tags or bylines string ("politics, world; Georgia").
_LIST_SEPARATORS = re.compile(r"\s*[,;|]\s*")

REASON_CAPTION = "image caption"


def extract_export(page: RawPage) -> Article:
    """Build an article from the fields a CMS export gave; never raises for bad content."""
    fields = page.fields
    article = Article(extractor=f"export ({page.format})")
    sources = article.field_sources
    origin = f"export:{page.format}"

    if headline := _text(fields.get("headline")):
        article.headline = headline
        sources["headline"] = origin
    if dek := _text(fields.get("dek")):
        article.dek = " ".join(html_paragraphs(dek).paragraphs) if "<" in dek else dek
        sources["dek"] = origin
    if bylines := _bylines(fields.get("bylines")):
        article.bylines = bylines
        sources["bylines"] = origin
    if raw_date := _text(fields.get("published")):
        date, problem = parse_date(raw_date)
        if date is not None:
            article.published = date
            sources["published"] = origin
        else:
            article.warnings.append(f"published date {problem}; left empty")
    if section := _text(fields.get("section")):
        article.section = section
        sources["section"] = origin
    if tags := _list(fields.get("tags")):
        article.tags = tags
        sources["tags"] = origin
    if language := _text(fields.get("language")):
        article.language = language
        sources["language"] = origin
    article.legacy_url = _text(fields.get("legacy_url")) or page.legacy_url

    _body(fields, article, origin)
    finish_article(article)
    return article


def _body(fields: dict[str, Any], article: Article, origin: str) -> None:
    body_html = _text(fields.get("body_html"))
    body_text = _text(fields.get("body_text"))
    if body_html:
        extracted = html_paragraphs(body_html)
        article.paragraphs = extracted.paragraphs
        article.set_aside.extend(SetAside(c, REASON_CAPTION) for c in extracted.captions)
        article.field_sources["paragraphs"] = f"{origin} body_html"
    elif body_text:
        article.paragraphs = text_paragraphs(body_text)
        article.field_sources["paragraphs"] = f"{origin} body_text"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value]
    elif value is None:
        items = []
    else:
        items = _LIST_SEPARATORS.split(str(value).strip())
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def _bylines(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        names: list[str] = []
        for item in value:
            for name in split_bylines(str(item)):
                if name not in names:
                    names.append(name)
        return names
    text = _text(value)
    return split_bylines(text) if text else []
