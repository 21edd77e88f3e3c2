"""Last steps every extractor shares: a leading byline paragraph, the dateline, warnings."""

from __future__ import annotations

from ..records import Article, SetAside
from .bylines import byline_from_line, split_bylines
from .chrome import navigation_reason
from .dateline import split_dateline

__all__ = ["finish_article", "HEADLINE_NAVIGATION"]

#: A byline printed as a body paragraph is one of the first this many paragraphs.
LEADING_BYLINE_PARAGRAPHS = 2

REASON_BYLINE_MOVED = "byline line, moved to bylines"
#: The start of the warning when the headline reads like site navigation ("Skip to main
#: content"); checks find it in ``Article.warnings``, or ask
#: :func:`.chrome.navigation_reason` of a headline themselves.
HEADLINE_NAVIGATION = "headline reads like navigation"


def finish_article(article: Article) -> None:
    """Move a leading "By …" paragraph to bylines, split the dateline, warn about gaps."""
    _take_leading_byline(article)
    if article.paragraphs:
        dateline, rest = split_dateline(article.paragraphs[0])
        if dateline is not None:
            article.dateline = dateline
            article.paragraphs[0] = rest
            article.field_sources["dateline"] = "first paragraph"
    if article.headline is None:
        article.warnings.append("no headline found")
    elif (reason := navigation_reason(article.headline)) is not None:
        # never published silently: the checks report it (see HEADLINE_NAVIGATION)
        article.warnings.append(f"{HEADLINE_NAVIGATION} ({reason}): {article.headline!r}")
    if not article.paragraphs:
        article.warnings.append("no article text found")
    if article.published is None:
        article.warnings.append("no publication date found")


def _take_leading_byline(article: Article) -> None:
    for i, paragraph in enumerate(article.paragraphs[:LEADING_BYLINE_PARAGRAPHS]):
        names = byline_from_line(paragraph)
        if names is None:
            continue
        if not article.bylines:
            article.bylines = split_bylines(names)
            article.field_sources["bylines"] = "By line in the text"
        del article.paragraphs[i]
        article.set_aside.append(SetAside(paragraph, REASON_BYLINE_MOVED))
        return
