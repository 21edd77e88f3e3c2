"""The API's parameters and answers, as schemas; the OpenAPI description is made from them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator, model_validator

#: a page never holds more than this many articles (or this many authors)
MAX_LIMIT = 100
MAX_AUTHOR_LIMIT = 1000
DEFAULT_LIMIT = 20
#: longer query texts are not searches but mistakes (or attacks on the ranker)
MAX_QUERY_LENGTH = 500
MAX_NAME_LENGTH = 255
MAX_CURSOR_LENGTH = 1000


def _clean(value: str | None) -> str | None:
    """Trimmed text, None when empty; refuses control characters (no database keeps a NUL)."""
    if value is None:
        return None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValueError("must not contain control characters")
    return value.strip() or None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    # pydantic would also read numbers as Unix times and dates with a time of day; a
    # date filter is a day, written one way.
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        return value.strip()
    if value is None or value == "":
        return None
    raise ValueError("must be a date written YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class ArticleListParams(Schema):
    q: str = Field("", max_length=MAX_QUERY_LENGTH, description=(
        "Full-text query, as typed into a search box: every word is required (and "
        "matches its variants: dredge, dredging), \"a phrase\" keeps its words in order, "
        "OR between two words takes either, -word excludes. Ranked by relevance unless "
        "`sort` says otherwise."),
        examples=["harbor", '"harbor dredging" OR channel', "storm -snow"])
    section: str | None = Field(None, max_length=MAX_NAME_LENGTH, description=(
        "Only articles of this section, by name or slug (see /api/sections)."),
        examples=["Local", "business"])
    author: str | None = Field(None, max_length=MAX_NAME_LENGTH, description=(
        "Only articles by this author, by name or slug (see /api/authors)."),
        examples=["Ann Lee", "ann-lee"])
    date_from: Day | None = Field(None, description="Published on or after (YYYY-MM-DD).")
    date_to: Day | None = Field(None, description="Published on or before (YYYY-MM-DD).")
    sort: Literal["relevance", "newest", "oldest"] | None = Field(None, description=(
        "Order of results: `relevance` (the default with q), `newest` (the default "
        "without q) or `oldest`. Without q, relevance means newest."))
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Articles per page.")
    cursor: str | None = Field(None, max_length=MAX_CURSOR_LENGTH, description=(
        "Where the page starts: the `cursor` of the previous answer. Leave out for the "
        "first page. Only valid with the same q, filters and sort."))

    # "after": the schema's limits (maxLength) hold for what was sent, then it is trimmed;
    # trimming first let 250 no-break spaces past a limit of 255 the schema promises
    @field_validator("q", mode="after")
    @classmethod
    def _q(cls, value: str) -> str:
        return _clean(value) or ""

    @field_validator("section", "author", "cursor", mode="after")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return _clean(value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> ArticleListParams:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from ({self.date_from}) is after date_to ({self.date_to})")
        return self


class AuthorListParams(Schema):
    prefix: str = Field("", max_length=MAX_NAME_LENGTH,
                        description="Only names starting with this (any case).")
    limit: int = Field(100, ge=1, le=MAX_AUTHOR_LIMIT, description="Authors per page.")
    cursor: str | None = Field(None, max_length=MAX_CURSOR_LENGTH,
                               description="The `cursor` of the previous answer.")

    @field_validator("prefix", mode="after")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return _clean(value) or ""

    @field_validator("cursor", mode="after")
    @classmethod
    def _cursor(cls, value: str | None) -> str | None:
        return _clean(value)


class FacetCount(Schema):
    value: str
    count: int


class ArticleBase(Schema):
    id: int
    url: str = Field(description="The article's page on the archive site.")
    api_url: str
    headline: str
    dek: str
    bylines: list[str]
    published: dt.date | None
    section: str
    word_count: int


class ArticleSummary(ArticleBase):
    score: float | None = Field(None, description="Relevance (searches only; higher is better).")
    snippet: str | None = Field(None, description=(
        "Safe HTML: where the query matched, escaped, with the matches in <mark>; "
        "without q, the start of the story."))


class ArticleList(Schema):
    items: list[ArticleSummary]
    total: int = Field(description="Articles matching, over all pages.")
    limit: int
    sort: str
    next: str | None = Field(description="URL of the next page; null on the last page.")
    cursor: str | None = Field(description="Cursor of the next page; null on the last page.")
    facets: dict[str, list[FacetCount]] = Field(description=(
        "Counts of all matches: `section` and `author` (most first, the top 15), "
        "`year` (every year, newest first)."))


class CorrectionOut(Schema):
    id: int
    kind: str = Field(description="`transfer` (damage from the move) or `editorial`.")
    field: str
    before: str
    after: str
    reason: str
    status: str = Field(description="`applied` while in force, `reverted` once undone.")
    created: dt.datetime
    reverts: int | None = Field(None, description="The correction this one undoes.")


class EntityOut(Schema):
    key: str = Field(description="The same for the same thing across the archive: a "
                     "person's full name, a place's gazetteer code, an organisation's name.")
    name: str
    slug: str
    code: str | None = Field(None, description='A place\'s gazetteer code: "GE" (a country), '
                             '"US-GA" (a US state), "geonames:ID" (a city).')
    count: int = Field(description="Mentions in the story.")
    spans: list[list[int]] = Field(description="[start, end] of each mention in `body`.")
    roles: list[str] = Field(description="Roles the story gives a person.")


class QuoteOut(Schema):
    start: int
    end: int
    text: str
    kind: str = Field(description="`direct` (a sentence or more) or `partial` (a fragment).")
    speaker: str | None = Field(None, description="Who said it; null: unattributed.")
    speaker_key: str | None = Field(None, description='"person:KEY" of the speaker.')
    cue: str | None = Field(None, description="The story's words that name the speaker.")
    how: str | None = Field(None, description=(
        "How the speaker was found: name, pronoun, continuation, echo, title, paragraph."))
    confidence: float


class TopicOut(Schema):
    code: str = Field(description='IPTC Media Topic QCode, e.g. "medtop:11000000".')
    label: str
    score: float


class DateEvidenceOut(Schema):
    source: str
    detail: str
    date: dt.date


class InferredDateOut(Schema):
    date: dt.date
    precision: str
    label: str = Field(description='As the site shows it: "about March 2008".')
    evidence: list[DateEvidenceOut]


class ArticleOut(ArticleBase):
    published_precision: str = Field(description=(
        '"day", or "month" when only year and month are known (published is then the 1st).'))
    outlet: str = Field(description='The outlet or wire credited beside the bylines ("CNN").')
    dateline: str
    tags: list[str]
    body: str = Field(description="Published text: paragraphs separated by one blank line.")
    paragraphs: list[str]
    language: str
    notice: str = Field(description="The archive notice the page carried.")
    publication: str
    legacy_urls: list[str] = Field(description="Old-site URLs that redirect to this article.")
    captured_at: dt.datetime | None
    modified: dt.datetime | None = Field(description="When the last correction was made.")
    corrections: list[CorrectionOut]
    people: list[EntityOut] = Field(description="People the story names (enrichment).")
    places: list[EntityOut]
    organisations: list[EntityOut]
    quotes: list[QuoteOut] = Field(description="What the story quotes, and who said it.")
    topics: list[TopicOut]
    inferred_date: InferredDateOut | None = Field(None, description=(
        "For an undated story: a month the evidence suggests. Never its date."))


class SectionOut(Schema):
    name: str
    slug: str = Field(description="What `section` filters by in URLs (the name works too).")
    count: int
    articles: str = Field(description="API URL listing the section's articles.")


class SectionList(Schema):
    items: list[SectionOut]


class AuthorOut(Schema):
    name: str
    slug: str = Field(description="What `author` filters by in URLs (the name works too).")
    count: int
    articles: str = Field(description="API URL listing the author's articles.")


class AuthorList(Schema):
    items: list[AuthorOut]
    total: int
    next: str | None
    cursor: str | None


class ErrorDetail(Schema):
    location: str = Field(description="Where the parameter was: `query` or `path`.")
    param: str | None
    message: str


class Error(Schema):
    status: int
    error: str = Field(description="A short code, e.g. `invalid_parameters`, `not_found`.")
    message: str = Field(description="What went wrong, for a person to read.")
    details: list[ErrorDetail] | None = None
