"""The text fields a check reads, each with its paragraphs' offsets in the field's text.

Checks that look for bad characters or markup read the headline, the dek and the body;
a finding's span is in that field's own text (``Article.body`` for the body).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..records import Article
from .spans import paragraph_spans

__all__ = ["Segment", "segments"]


@dataclass(slots=True, frozen=True)
class Segment:
    """A piece of a field's text: the whole headline, or one body paragraph."""

    field: str
    text: str
    #: where ``text`` starts in the field's text
    offset: int
    #: index of the paragraph for the body, else None
    paragraph: int | None = None


def segments(article: Article) -> Iterator[Segment]:
    if article.headline:
        yield Segment("headline", article.headline, 0)
    if article.dek:
        yield Segment("dek", article.dek, 0)
    for i, (start, _) in enumerate(paragraph_spans(article.paragraphs)):
        yield Segment("body", article.paragraphs[i], start, i)
