"""What a search asks and what it answers: plain records, no database in here.

The site's search page and the JSON API build a :class:`SearchQuery` and get a
:class:`SearchResult` back from :func:`morgue.search.search`, whichever database is
underneath. The query language is the one people type into search boxes (and
PostgreSQL's ``websearch_to_tsquery`` reads): words are all required, ``"a phrase"``
keeps its words together and in order, ``OR`` between two words takes either, and a
leading ``-`` excludes a word or phrase.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

SORTS = ("relevance", "newest", "oldest")
#: the most hits one call returns; pages of a result are asked for with ``offset``
MAX_LIMIT = 100
#: words and phrases read from one query; the rest is ignored (a pasted paragraph
#: should not cost more than a sentence)
MAX_TERMS = 32
#: the longest query text read, in characters
MAX_QUERY_LENGTH = 500
FACETS = ("section", "author", "year")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One search: full text ``q`` (may be empty: then it is browsing), filters, order, page.

    ``section`` and ``author`` match a name or its slug, case-insensitively ("Business",
    "business"; "Helen Marsh", "helen-marsh"). ``date_from`` / ``date_to`` are inclusive.
    ``sort`` defaults to ``relevance`` when there is a query and ``newest`` otherwise.
    Invalid values raise :class:`ValueError` with a message fit to show a user.
    """

    q: str = ""
    section: str | None = None
    author: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str | None = None
    offset: int = 0
    limit: int = 20

    def __post_init__(self) -> None:
        q = (self.q or "").strip()[:MAX_QUERY_LENGTH]
        object.__setattr__(self, "q", q)
        for name in ("section", "author"):
            value = getattr(self, name)
            object.__setattr__(self, name, value.strip() if value and value.strip() else None)
        sort = self.sort or ("relevance" if q else "newest")
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if sort == "relevance" and not q:
            sort = "newest"  # nothing to rank by
        object.__setattr__(self, "sort", sort)
        if not isinstance(self.offset, int) or self.offset < 0:
            raise ValueError("offset must be a whole number, 0 or more")
        if not isinstance(self.limit, int) or not 0 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be a whole number from 0 to {MAX_LIMIT}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, dt.date):
                raise ValueError(f"{name} must be a date")
            if isinstance(value, dt.datetime):
                object.__setattr__(self, name, value.date())
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")

    @property
    def terms(self) -> ParsedQuery:
        return parse(self.q)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching article. ``snippet`` is safe HTML: escaped text, ``<mark>`` on matches."""

    article_id: int
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits, how many matched in all, and facet counts over all that matched.

    ``facets`` has the keys ``section``, ``author`` and ``year``, each a list of
    ``(value, count)``: sections and authors by count, most first; years newest first.
    """

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# --- the query language -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase (several words that must follow each other)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Required groups (each group: any one of its terms) and excluded terms."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is required: such a query matches nothing."""
        return not self.groups

    def words(self) -> list[str]:
        return [w for group in self.groups for term in group for w in term.words]


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+(?:['’.,]\w+)*", re.UNICODE)


def parse(text: str) -> ParsedQuery:
    """Read a query the way websearch_to_tsquery does: words, "phrases", OR, -excluded."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    count = 0
    for match in _TOKEN.finditer(text[:MAX_QUERY_LENGTH]):
        if count >= MAX_TERMS:
            break
        minus, phrase, bare = match.groups()
        if phrase is None and bare == "OR":
            join_next = bool(groups)
            continue
        if phrase is None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        raw = phrase if phrase is not None else bare
        words = tuple(_WORD.findall(raw))
        if not words:
            continue
        count += 1
        term = Term(words)
        if minus:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))
