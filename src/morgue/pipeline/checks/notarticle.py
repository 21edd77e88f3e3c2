"""``not-an-article``: pages captured as if they were stories — error pages, login and
paywall walls, section or index pages, empty pages. Blocking: such a page is held back
from the site (never deleted) until someone decides.

Each rule needs the page to be *short* or *shapeless* as well as to say the words: a
long story about a website's "page not found" errors, or about subscriptions, is still
a story. Index pages are told best by what they list: the check is corpus-wide, and a
first pass collects every headline and dek of the archive, so a page whose lines are
other stories' headlines is an index page whatever its shape; by shape alone only a
strict rule applies. :func:`not_article_reason` (without the headlines) is shared with
the checks that leave these pages out: ``duplicate`` (every 404 page of a site looks like
every other), ``category`` and the missing-field checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract.corpus import normalize_line
from ..extract.lineshape import is_sentence_like, is_title_like, word_count
from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .chromeshape import chrome_kind, is_related_header
from .spans import shorten

__all__ = ["Titles", "check_not_article", "not_article_reason"]

_TRAILING_NOTE = re.compile(r"\s*(?:\([^()]{1,40}\)|\s[-–—|]\s[^-–—|]{1,30})\s*$")
_TITLE_PARTS = re.compile(r"\s*(?::|\||\s[-–—]\s)\s*")

#: A body under this many words is empty: not even a brief (the shortest wire briefs in
#: Reuters-21578 run to about 20 words).
EMPTY_MAX_WORDS = 8
#: Error wording counts on pages up to this long; error pages say one or two sentences.
ERROR_MAX_WORDS = 80
#: Paywall/login wording counts on pages up to this long (a teaser paragraph plus the
#: wall); a story is longer.
WALL_MAX_WORDS = 150
#: An index page lists at least this many other stories' headlines (or deks) ...
INDEX_MIN_LISTED = 3
#: ... making up at least this share of its lines (the rest: teasers, dates, links).
INDEX_MIN_LISTED_SHARE = 0.3
#: ... and at most this share of its words are narrative of its own (not a listed
#: headline, nor the teaser right under one).
INDEX_MAX_OWN_NARRATIVE = 0.3
#: Headlines shorter than this are not matched ("Sports", "Local" head many pages) ...
INDEX_TITLE_MIN_WORDS = 3
#: ... and a listed line is at most this long (a headline plus a date or a source).
INDEX_TITLE_MAX_WORDS = 30
#: By shape alone (an archive that does not hold the listed stories): at least this many
#: lines, under a title of at most INDEX_MAX_HEADLINE_WORDS words ("Local", "Top
#: stories"), at least INDEX_MIN_TITLE_SHARE of them headline-shaped with on average
#: INDEX_ITEM_MIN_WORDS words and few numbers (standings and calendars are tables, not
#: indexes), and no sentence of NARRATIVE_MIN_WORDS words anywhere. On data/zyte, whose
#: 181 pages are all articles, list-heavy stories (deals, recipes, standings) have a
#: narrative paragraph or a long title; none is flagged.
INDEX_MIN_PARAGRAPHS = 5
INDEX_MAX_HEADLINE_WORDS = 5
INDEX_MIN_TITLE_SHARE = 0.6
INDEX_ITEM_MIN_WORDS = 4
INDEX_MAX_NUMERIC_SHARE = 0.15
NARRATIVE_MIN_WORDS = 25

_ERROR_CUES = tuple(re.compile(p, re.I) for p in (
    r"\b(?:page|story|article|content|file|document|item|post)s? (?:you (?:are|were) looking for |you requested )?"
    r"(?:was |is |could |cannot |can[’']t )?(?:not |n[’']t )(?:be )?(?:found|exist|available)",
    r"\b(?:404|410|500|502|503)\b",
    r"\bno longer (?:available|exists|online|on (?:our|the) site)\b",
    r"\b(?:has|have|may have) been (?:removed|deleted|moved|taken down|archived)\b",
    r"\bcouldn[’']t find\b|\bcould not find\b|\bcan[’']t find\b|\bcannot find\b",
    r"\bdoes(?:n[’']t| not) exist\b",
    r"\b(?:access denied|forbidden|internal server error|service (?:temporarily )?unavailable|bad gateway|"
    r"an error (?:has )?occurred|something went wrong)\b",
    r"\b(?:check the (?:address|url|spelling|link)|try (?:searching|again|our search)|"
    r"go (?:back )?to (?:the|our) home ?page|return to (?:the|our) home ?page)\b",
    r"^(?:oops|sorry|error|not found)\b",
))
_WALL_CUES = tuple(re.compile(p, re.I) for p in (
    r"\bsubscri(?:be|ber|bers|ption|ptions)\b",
    r"\b(?:log|sign)[ -]?(?:in|on)\b",
    r"\bregist(?:er|ered|ration)\b",
    r"\bto (?:continue|keep|finish) reading\b|\bread (?:the full|the rest|this|more of this)\b",
    r"\b(?:premium|members?[- ]only|exclusive (?:to|for) (?:subscribers|members))\b",
    r"\bfree (?:trial|account)\b|\bunlimited (?:access|digital|articles)\b",
    r"\balready (?:a (?:subscriber|member)|have an account|registered)\b",
    r"\b(?:paywall|digital access|full access)\b",
))
_WALL_ACTION = re.compile(
    r"\b(?:to (?:continue|keep|finish) reading|subscribe (?:now|today|to (?:read|continue|access|get))|"
    r"(?:log|sign) ?in to (?:read|continue|access|view)|already a (?:subscriber|member)|"
    r"(?:for|available to) (?:subscribers|members)(?: only)?|create a free account to|"
    r"register (?:now |for free )?to (?:read|continue))\b", re.I)
#: A sign-in form flattened to text: a password field beside an address or user name field.
_LOGIN_FORM = (re.compile(r"\b(?:password|passwort|mot de passe|contraseña)\b", re.I),
               re.compile(r"\b(?:e-?mail|username|user name|benutzername)\b", re.I))


def check_not_article(items: Items, options: CheckOptions) -> Iterator[Finding]:
    titles = Titles()
    for item in items():
        titles.add(item)
    for item in items():
        reason = not_article_reason(item, titles)
        if reason is None:
            continue
        article = item.article
        evidence = " / ".join(x for x in (article.headline, article.body) if x)
        yield Finding(
            key=item.key, check="not-an-article", severity="error", blocking=True,
            evidence=shorten(evidence), message=f"not an article: {reason}; held back from the site")


class Titles:
    """Hashes of every headline and dek in the archive (and their parts around ": " or
    " | "), so a page listing them can be told for an index page."""

    def __init__(self) -> None:
        self.hashes: set[int] = set()

    def add(self, item: CheckItem) -> None:
        for text in (item.article.headline, item.article.dek):
            if text:
                for part in {text, *_TITLE_PARTS.split(text)}:
                    if word_count(part) >= INDEX_TITLE_MIN_WORDS:
                        self.hashes.add(hash(normalize_line(part)))

    def __contains__(self, text: str) -> bool:
        bare = _TRAILING_NOTE.sub("", text)  # "Headline (March 7, 2003)", "Headline - 3 hours ago"
        return hash(normalize_line(text)) in self.hashes or hash(normalize_line(bare)) in self.hashes


def not_article_reason(item: CheckItem, titles: Titles | None = None) -> str | None:
    """Why this capture is not a story (error page, wall, index, empty), or None.

    With ``titles`` (the archive's headlines), a page whose lines are other stories'
    headlines is an index page even when its shape alone would not say so.
    """
    article = item.article
    words = article.word_count
    status = item.http_status
    if status is not None and status >= 400:
        return f"the server answered HTTP {status}"
    headline = article.headline or ""
    text = f"{headline}\n{article.body}"
    if words < EMPTY_MAX_WORDS:
        return "an empty page" if words == 0 else f"an almost empty page ({words} words)"
    if words <= ERROR_MAX_WORDS and _count(_ERROR_CUES, text) >= 2:
        return "an error page (“page not found” or similar) captured as a story"
    if words <= WALL_MAX_WORDS and (_WALL_ACTION.search(text) or all(c.search(text) for c in _LOGIN_FORM)) \
            and _count(_WALL_CUES, text) >= 2:
        return "a login or subscription wall, not the story behind it"
    if titles is not None and (listed := _listed_titles(article.paragraphs, titles)):
        return f"a section or index page: {listed} of its lines are other stories' headlines"
    if _is_index_shaped(headline, article.paragraphs):
        return "a section or index page: a list of headlines, not a story"
    if all(chrome_kind(p) for p in article.paragraphs):
        return "only site furniture (prompts, links, notices), no story text"
    return None


def _count(cues: tuple[re.Pattern[str], ...], text: str) -> int:
    return sum(1 for cue in cues if cue.search(text))


def _listed_titles(paragraphs: list[str], titles: Titles) -> int:
    """How many lines are other stories' headlines, if the page is a list of them: a
    story with a related-links box lists a few too, but has narrative of its own (long
    sentences that are not the teaser right under a listed headline)."""
    short = [INDEX_TITLE_MIN_WORDS <= word_count(p) <= INDEX_TITLE_MAX_WORDS for p in paragraphs]
    if sum(short) < INDEX_MIN_LISTED:
        return 0  # the fast path: a story has few headline-length lines
    listed = [ok and p in titles for ok, p in zip(short, paragraphs)]
    in_box = False
    for i, p in enumerate(paragraphs):  # links in a story's "Related stories" box are chrome
        if is_related_header(p):
            in_box = True
        elif listed[i] and in_box:
            listed[i] = False
        else:
            in_box = False
    count = sum(listed)
    if count < INDEX_MIN_LISTED or count < INDEX_MIN_LISTED_SHARE * len(paragraphs):
        return 0
    total = sum(word_count(p) for p in paragraphs)
    own = sum(word_count(p) for i, p in enumerate(paragraphs)
              if not listed[i] and not (i > 0 and listed[i - 1])
              and word_count(p) >= NARRATIVE_MIN_WORDS and is_sentence_like(p))
    return count if own <= INDEX_MAX_OWN_NARRATIVE * total else 0


def _is_index_shaped(headline: str, paragraphs: list[str]) -> bool:
    """Judged by shape alone: a short, section-like title over a list of headline-like
    lines (several words, few numbers) and no narrative paragraph at all."""
    if len(paragraphs) < INDEX_MIN_PARAGRAPHS or word_count(headline) > INDEX_MAX_HEADLINE_WORDS:
        return False
    if not any(c.islower() for p in paragraphs for c in p):
        return False  # scripts without case (CJK): line shape says nothing
    if any(word_count(p) >= NARRATIVE_MIN_WORDS and is_sentence_like(p) for p in paragraphs):
        return False
    items = [p for p in paragraphs if is_title_like(p) and not is_sentence_like(p)]
    if len(items) < INDEX_MIN_TITLE_SHARE * len(paragraphs):
        return False
    tokens = [t for p in items for t in p.split()]
    numeric = sum(1 for t in tokens if any(c.isdigit() for c in t))
    return len(tokens) >= INDEX_ITEM_MIN_WORDS * len(items) and numeric <= INDEX_MAX_NUMERIC_SHARE * len(tokens)
