"""The story text of one HTML page: a cheap candidate first, a second opinion when in doubt.

trafilatura (in its fast mode, no fallbacks) reads most pages right on its own. Its
mistakes have shapes that the page itself shows: it stops early (a story split by an
embedded widget leaves story-shaped text beside what it took), or it carries a newsletter
box, a list of related links or a copyright line at either end. So each page's
trafilatura text is first laid against the page's own lines (:func:`weigh`): which page
paragraph each of its paragraphs is, how much of it is link text, whether it reads as a
sentence, and what story-shaped text near it was left out. Only when that evidence
disagrees with trafilatura (see :func:`needs_second_opinion`) does the costly second
candidate, readability-lxml, run; then :func:`choose_body` decides per page:

1. **rescue** — readability's text is much longer and holds nearly all of trafilatura's:
   trafilatura missed part of the story, readability's text is taken; likewise when
   trafilatura's text is mostly furniture (a menu) around readability's;
2. **trim** — otherwise trafilatura's paragraphs are kept, except at either end a run of
   paragraphs that readability does not confirm *and* that look like no story text (link
   lists, short labels and prompts, chrome lines). A sentence at the edge of the story
   that readability missed (a first paragraph glued to its dateline) stays.

What is left out is returned with the reason, never dropped. :func:`restore_repeats` puts
back a paragraph the page prints twice in a row, which trafilatura removes as a duplicate.

Measured on data/zyte (181 pages, metric of data/README.md) by ``benchmarks/extraction.py``;
re-run it after changing a threshold here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .chrome import chrome_reason
from .dom import Line, owner_path
from .lineshape import is_sentence_like
from .paragraphs import html_paragraphs

__all__ = ["BodyChoice", "Evidence", "choose_body", "weigh", "needs_second_opinion",
           "readability_paragraphs", "restore_repeats", "READABILITY"]

try:  # readability-lxml is optional: without it trafilatura's text is used as it is
    from readability import Document as _ReadabilityDocument
    from readability.readability import Unparseable as _Unparseable

    READABILITY = True
except ImportError:  # pragma: no cover - exercised only where it is not installed
    READABILITY = False

#: Rescue when readability's text has at least this many times trafilatura's shingles ...
RESCUE_RATIO = 1.5
#: ... and holds at least this share of trafilatura's (so it is the same story, longer).
RESCUE_CONTAINS = 0.9
#: Take readability's text instead when at least this share of trafilatura's words are in
#: paragraphs that look like no story text (a whole menu read as the story) and
#: readability's text is inside trafilatura's (RESCUE_CONTAINS).
FURNITURE_SHARE = 0.75
#: A paragraph is confirmed by the other extractor when this share of its 4-word
#: shingles is in the other's text (short paragraphs: when their words are).
CONFIRM_SHARE = 0.5
#: Shingle length (as in the data/README.md metric).
SHINGLE = 4

#: A paragraph with at least this share of its words in links is a link list or a
#: teaser, not story text ("Also on …", "- Related headline …").
LINK_SHARE = 0.3
#: A paragraph reads as story text when it is a sentence of at least this many words;
#: shorter lines at a story's edge are labels, prompts and buttons.
STORY_WORDS = 12
#: trafilatura found fewer words than this: always ask for a second opinion.
FEW_WORDS = 60
#: Story-shaped page paragraphs (a sentence of at least MISSED_MIN_WORDS words, little
#: link text) that trafilatura left out, near what it took (within NEAR_PARAGRAPHS page
#: paragraphs of it), are counted; when they add up to this share of what it took, it
#: may have stopped early and readability is asked.
MISSED_SHARE = 0.25
MISSED_MIN_WORDS = 15
NEAR_PARAGRAPHS = 12
#: The story's container is the lowest element holding at least this share of the
#: candidate's words (as the page's lines place them); an edge paragraph outside it
#: (a copyright box, a company blurb in the footer) is no story text.
CONTAINER_SHARE = 0.7
#: A line of at most this many words that is no sentence is a label ("Comments",
#: "You may also like:", "Popular on …").
LABEL_WORDS = 6
#: Chrome lines (copyright, prompts, buttons) are at most this long (see :mod:`.chrome`).
CHROME_MAX_WORDS = 40
#: How many paragraphs at each end are looked at for edge chrome before deciding that
#: a second opinion is needed.
EDGE_PROBE = 2

REASON_UNCONFIRMED = "at the edge of the story, not confirmed by a second extractor, and no story text"

_WORDS = re.compile(r"\w+")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
_LIST_ITEM = re.compile(r"^[-•*]\s")


@dataclass(slots=True)
class BodyChoice:
    paragraphs: list[str]
    #: how they were chosen, for ``field_sources["paragraphs"]``
    how: str
    #: paragraphs of the first candidate left out, with why
    left_out: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    """What the page's own lines say about a candidate's paragraphs (see :func:`weigh`)."""

    #: per paragraph of the candidate: it looks like no story text (link list, label,
    #: prompt, chrome, a bare URL)
    not_story: list[bool] = field(default_factory=list)
    #: words of the candidate
    words: int = 0
    #: words of story-shaped page paragraphs near the candidate that it left out
    missed_words: int = 0
    #: per paragraph of the candidate: clearly page furniture (a link, a label, a chrome
    #: line, no sentence outside the story's container); what makes a second opinion worth
    #: its cost, while ``not_story`` only says what may go when it does not confirm
    furniture: list[bool] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _key(text: str, n: int = 6) -> str:
    return " ".join(_words(" ".join(text.split(None, n * 2)[:n * 2]))[:n])


def weigh(paragraphs: Sequence[str], lines: Sequence[Line], titles: Sequence[str] = ()) -> Evidence:
    """Lay a candidate's paragraphs against the page's lines. ``titles`` are what the page
    calls itself (``<title>``, og:title): a paragraph repeating one is the headline, which
    the field finders take out, not edge chrome."""
    # the page's paragraphs: words, link words, and a key of their first words
    page: dict[int, list[Line]] = {}
    for line in lines:
        if not line.caption:
            page.setdefault(line.para, []).append(line)
    order = sorted(page)
    by_key: dict[str, list[int]] = {}
    stats: dict[int, tuple[int, int, str]] = {}
    for para in order:
        text = " ".join(line.text for line in page[para])
        words = len(text.split())
        stats[para] = (words, sum(line.link_words for line in page[para]), text)
        by_key.setdefault(_key(text), []).append(para)

    evidence = Evidence()
    taken: set[int] = set()
    placed: list[tuple[int, list[lxml.html.HtmlElement]]] = []  # (words, owner path) per paragraph
    link_shares: list[float] = []
    for paragraph in paragraphs:
        words = len(paragraph.split())
        evidence.words += words
        hits = by_key.get(_key(paragraph), [])
        link_share = 0.0
        path: list[lxml.html.HtmlElement] = []
        if hits:
            para = next((h for h in hits if h not in taken), hits[0])
            taken.add(para)
            page_words, link_words, _ = stats[para]
            link_share = link_words / page_words if page_words else 0.0
            path = owner_path(page[para][0].owner)
        placed.append((words, path))
        link_shares.append(link_share)
    container = _container(placed)
    title_keys = {" ".join(_words(t)) for t in titles}
    for paragraph, (words, path), link_share in zip(paragraphs, placed, link_shares, strict=True):
        outside = container is not None and bool(path) and container not in path
        evidence.not_story.append(outside or _not_story(paragraph, words, link_share))
        headline = words <= STORY_WORDS * 3 and " ".join(_words(paragraph)) in title_keys
        sentence = is_sentence_like(paragraph)
        evidence.furniture.append(not headline and (
            _linked(paragraph, link_share) or (words <= CHROME_MAX_WORDS and chrome_reason(paragraph) is not None)
            or (not sentence and (outside or words <= LABEL_WORDS))))
    if taken:
        first, last = min(taken), max(taken)
        position = {para: i for i, para in enumerate(order)}
        lo, hi = position[first] - NEAR_PARAGRAPHS, position[last] + NEAR_PARAGRAPHS
        for para in order[max(0, lo):hi + 1]:
            if para in taken:
                continue
            words, link_words, text = stats[para]
            if (words >= MISSED_MIN_WORDS and link_words < LINK_SHARE * words and is_sentence_like(text)
                    and chrome_reason(text) is None):
                evidence.missed_words += words
    return evidence


def _container(placed: list[tuple[int, list[lxml.html.HtmlElement]]]) -> lxml.html.HtmlElement | None:
    """The lowest element holding CONTAINER_SHARE of the placed words."""
    total = sum(words for words, path in placed if path)
    if not total:
        return None
    counts: dict[lxml.html.HtmlElement, int] = {}
    depth: dict[lxml.html.HtmlElement, int] = {}
    for words, path in placed:
        for d, element in enumerate(path):
            counts[element] = counts.get(element, 0) + words
            depth[element] = d
    held = [e for e, n in counts.items() if n >= CONTAINER_SHARE * total]
    return max(held, key=depth.__getitem__) if held else None


def _linked(paragraph: str, link_share: float) -> bool:
    """A link, a list of links, or a bare URL."""
    return (link_share >= LINK_SHARE or bool(_URL_ONLY.match(paragraph))
            or (link_share > 0 and bool(_LIST_ITEM.match(paragraph))))


def _not_story(paragraph: str, words: int, link_share: float) -> bool:
    if _linked(paragraph, link_share):
        return True
    if words <= CHROME_MAX_WORDS and chrome_reason(paragraph) is not None:
        return True
    return words < STORY_WORDS or not is_sentence_like(paragraph)


def needs_second_opinion(evidence: Evidence) -> bool:
    """The page's lines disagree with the candidate: it found little, it left out
    story-shaped text near what it took, or an end of it looks like chrome."""
    if evidence.words < FEW_WORDS:
        return True
    if evidence.missed_words >= MISSED_SHARE * evidence.words:
        return True
    return any(evidence.furniture[:EDGE_PROBE] + evidence.furniture[-EDGE_PROBE:])


class _LeanReadability(_ReadabilityDocument if READABILITY else object):  # type: ignore[misc]
    """readability-lxml on a tree already parsed: no serialising and parsing again, and
    no lxml Cleaner pass (scripts, styles and comments are stripped here instead)."""

    def _parse(self, input):  # noqa: A002 - readability's own signature
        doc = copy.deepcopy(input)  # readability mutates the tree, and may parse twice
        etree.strip_elements(doc, "script", "style", "link", "noscript", with_tail=False)
        etree.strip_tags(doc, etree.Comment, etree.ProcessingInstruction)
        for element in doc.xpath("//*[@hidden]"):
            element.drop_tree()
        self.encoding = "utf-8"
        return doc


def readability_paragraphs(source: str | lxml.html.HtmlElement) -> list[str]:
    """readability-lxml's main text (of an HTML string or a parsed page) as paragraphs;
    [] when it finds none or fails."""
    if not READABILITY:
        return []
    if isinstance(source, str) and not source.strip():
        return []
    try:
        document = _ReadabilityDocument(source) if isinstance(source, str) else _LeanReadability(source)
        summary = document.summary(html_partial=True)
    # readability walks arbitrary markup; whatever it raises means "no candidate"
    except (_Unparseable, ValueError, TypeError, AttributeError, IndexError, KeyError,
            AssertionError, RecursionError):
        return []
    return html_paragraphs(summary).paragraphs if summary.strip() else []


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def choose_body(trafilatura: Sequence[str], readability: Sequence[str] | None,
                evidence: Evidence | None = None) -> BodyChoice:
    """Pick the story paragraphs from the candidates (see the module doc). ``readability``
    is None when no second opinion was asked for."""
    first, second = list(trafilatura), list(readability or [])
    if not first:
        return BodyChoice(second, "readability-lxml (trafilatura found no text)")
    if readability is None:
        return BodyChoice(first, "trafilatura (the page's lines agree)")
    if not second:
        return BodyChoice(first, "trafilatura (readability-lxml found no text)")
    s1 = _shingles("\n".join(first))
    s2 = _shingles("\n".join(second))
    shared = len(s1 & s2)
    if s1 and len(s2) >= RESCUE_RATIO * len(s1) and shared >= RESCUE_CONTAINS * len(s1):
        return BodyChoice(second, "readability-lxml (trafilatura's text was a part of it)")
    if evidence is None or len(evidence.not_story) != len(first):  # the text's shape only
        evidence = Evidence([_not_story(p, len(p.split()), 0.0) for p in first])
    not_story = evidence.not_story
    furniture = sum(len(p.split()) for p, junk in zip(first, not_story, strict=True) if junk)
    if s2 and shared >= RESCUE_CONTAINS * len(s2) and furniture >= FURNITURE_SHARE * len(" ".join(first).split()):
        return BodyChoice(second, "readability-lxml (trafilatura's text was mostly page furniture around it)")
    joined = " " + " ".join(_words("\n".join(second))) + " "
    drop = [not _confirmed(p, s2, joined) and not_story[i] for i, p in enumerate(first)]
    kept, left_out = _trim(first, drop, REASON_UNCONFIRMED)
    if not kept:
        return BodyChoice(first, "trafilatura (readability-lxml disagrees entirely)")
    return BodyChoice(kept, "trafilatura, edges checked by readability-lxml", left_out)


def _trim(paragraphs: list[str], drop: list[bool], reason: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The paragraphs without the runs at either end that ``drop`` marks."""
    lo, hi = 0, len(paragraphs) - 1
    while lo <= hi and drop[lo]:
        lo += 1
    while hi >= lo and drop[hi]:
        hi -= 1
    return paragraphs[lo:hi + 1], [(p, reason) for p in paragraphs[:lo] + paragraphs[hi + 1:]]


def _confirmed(paragraph: str, other: set[tuple[str, ...]], other_words: str) -> bool:
    shingles = _shingles(paragraph)
    if shingles:
        return len(shingles & other) >= CONFIRM_SHARE * len(shingles)
    words = _words(paragraph)
    return bool(words) and f" {' '.join(words)} " in other_words


def restore_repeats(paragraphs: list[str], page_paragraphs: Sequence[str]) -> tuple[list[str], int]:
    """Put back paragraphs the page prints twice (or more) in a row that ``paragraphs``
    has only once. Returns the paragraphs and how many were put back."""
    norms = [" ".join(_words(p)) for p in page_paragraphs]
    out: list[str] = []
    restored = 0
    j = 0
    for i, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        key = " ".join(_words(paragraph))
        if not key:
            continue
        try:
            at = norms.index(key, j)
        except ValueError:
            continue
        j = at + 1
        next_key = " ".join(_words(paragraphs[i + 1])) if i + 1 < len(paragraphs) else None
        while j < len(norms) and norms[j] == key and next_key != key:
            out.append(paragraph)
            restored += 1
            j += 1
    return out, restored
