"""``chrome``: site furniture saved inside a story, learned from the archive itself.

Two passes over the archive. The first counts, for every short paragraph, in how many
different stories it appears (copies of one story count once), across how many
sections, and which prefixes and suffixes headlines share. The second flags, in each
body:

- paragraphs whose shape says what they are (:mod:`.chromeshape`: sign-in prompts,
  copyright and terms lines, "ADVERTISEMENT", most-read and related-link boxes, share
  buttons, photo credits, pagination), and the headline-shaped links under a related box;
- paragraphs that repeat across stories and are not sentences ("Wire Archive | Energy",
  "Click for alerts"): whatever they say, a line stamped on many different stories is the
  template's;
- repeated *sentences* only when they name the site or talk to its reader ("Reporting
  you can trust", "Wire Archive is the world's largest…"), or are spread over several
  sections and share no words with the story around them, since ordinary prose repeats
  too ("Terms were not disclosed." is in 18 Reuters takeover stories); those fixes wait
  for an editor.

Headlines that share a prefix or suffix with the paper's own name ("The Evening Ledger:
…") are flagged as well. Each run of flagged paragraphs is one finding whose fix
removes the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..extract.corpus import normalize_line
from ..extract.lineshape import is_sentence_like, word_count
from ..records import CheckItem, Finding, Fix
from .base import CheckOptions, Items
from .chromeshape import chrome_kind, is_link_like, is_related_header
from .markup import has_markup
from .spans import paragraph_spans, removal_fix, runs, shorten

__all__ = ["check_chrome"]

#: Only paragraphs up to this long are counted: chrome lines are short, story
#: paragraphs long and unique (same bound as extraction's corpus hints).
MAX_COUNTED_CHARS = 300
#: A non-sentence line in at least this many different stories is the template's.
#: Three: two stories may share a heading by chance; on the Reuters benchmark no
#: non-sentence story line repeats in three different stories outside tables.
CORPUS_MIN_STORIES = 3
#: A repeated sentence must be in at least this many stories ...
SENTENCE_MIN_STORIES = 4
#: ... in at least this many sections (when the archive has them) ...
SENTENCE_MIN_SECTIONS = 3
#: ... and share at most this share of its words with the rest of its story.
SENTENCE_MAX_OVERLAP = 0.2
#: Distinct stories remembered per line, to count copies of one story once.
FINGERPRINTS_KEPT = 8
#: Memory bound on distinct lines (about 100 bytes each when seen once); the rarest are
#: pruned when it is passed (lossy counting, as in extraction's corpus hints).
MAX_DISTINCT_LINES = 1_000_000
#: A related-links list under a box header has at most this many items.
RELATED_MAX_ITEMS = 12
#: A headline affix ("The Evening Ledger:") shared by at least this many headlines ...
AFFIX_MIN_HEADLINES = 3
#: ... that names the paper (some article's ``publication``) or is on this share of them.
AFFIX_MIN_SHARE = 0.5
AFFIX_MAX_WORDS = 6

_AFFIX = re.compile(r"^(?P<prefix>[^:|]{2,60}):\s+\S|\S\s+(?:\||-|–|—)\s+(?P<suffix>[^|–—-]{2,60})$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_QUOTES = re.compile(r"[\"“”«»„]")
_ADDRESS = re.compile(r"\b(?:you|your|yours|our|ours|we|us)\b", re.I)


@dataclass(slots=True)
class _Line:
    stories: int = 0
    fingerprints: set[int] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Corpus:
    #: lines seen in one story so far: line hash -> (story fingerprint, section); most lines
    #: stay here, so they cost two small ints, not a _Line
    once: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: lines seen in two stories or more
    lines: dict[int, _Line] = field(default_factory=dict)
    affixes: dict[str, int] = field(default_factory=dict)
    publications: set[str] = field(default_factory=set)
    headlines: int = 0
    has_sections: bool = False
    prune_below: int = 1


def check_chrome(items: Items, options: CheckOptions) -> Iterator[Finding]:
    corpus = _Corpus()
    for item in items():
        _learn(corpus, item)
    for item in items():
        yield from _judge(corpus, item)


def _learn(corpus: _Corpus, item: CheckItem) -> None:
    article = item.article
    if article.publication:
        corpus.publications.add(normalize_line(article.publication))
    if article.headline:
        corpus.headlines += 1
        for affix in _affixes(article.headline):
            corpus.affixes[affix] = corpus.affixes.get(affix, 0) + 1
    if not article.paragraphs:
        return
    # digits kept: daily reports that differ only in their figures are different stories
    fingerprint = hash(" ".join(max(article.paragraphs, key=len).casefold().split()))
    section = (article.section or "").casefold()
    corpus.has_sections = corpus.has_sections or bool(section)
    for line_hash in {hash(normalize_line(p)) for p in article.paragraphs if len(p) <= MAX_COUNTED_CHARS}:
        line = corpus.lines.get(line_hash)
        if line is None:
            first = corpus.once.get(line_hash)
            if first is None:
                corpus.once[line_hash] = (fingerprint, section)
                continue
            if first[0] == fingerprint:
                continue  # a copy of the same story
            del corpus.once[line_hash]
            line = corpus.lines[line_hash] = _Line(1, {first[0]}, {first[1]} - {""})
        if fingerprint in line.fingerprints:
            continue
        if len(line.fingerprints) < FINGERPRINTS_KEPT:
            line.fingerprints.add(fingerprint)
        line.stories += 1
        if section and len(line.sections) < SENTENCE_MIN_SECTIONS:
            line.sections.add(section)
    if len(corpus.once) + len(corpus.lines) > MAX_DISTINCT_LINES:
        _prune(corpus)


def _prune(corpus: _Corpus) -> None:
    """Lossy counting: drop the rarest lines (first those seen once) to bound memory. A
    chrome line is in many stories, so it is never among the rarest for long."""
    corpus.once.clear()
    while len(corpus.lines) > MAX_DISTINCT_LINES // 2:
        for key in [k for k, v in corpus.lines.items() if v.stories <= corpus.prune_below]:
            del corpus.lines[key]
        corpus.prune_below += 1


def _judge(corpus: _Corpus, item: CheckItem) -> Iterator[Finding]:
    article = item.article
    yield from _headline_affix(corpus, item)
    paragraphs = article.paragraphs
    flagged: dict[int, tuple[str, bool]] = {}
    related_left = 0
    for i, paragraph in enumerate(paragraphs):
        if related_left and is_link_like(paragraph) and not is_sentence_like(paragraph):
            flagged[i] = ("link in a related-stories list", True)
            related_left -= 1
            continue
        related_left = RELATED_MAX_ITEMS if is_related_header(paragraph) else 0
        verdict = _paragraph_reason(corpus, paragraphs, i)
        if verdict is not None:
            flagged[i] = verdict
    spans = paragraph_spans(paragraphs)
    for first, last in runs(sorted(flagged)):
        reasons = sorted({flagged[i][0] for i in range(first, last + 1)})
        safe = all(flagged[i][1] for i in range(first, last + 1))
        text = "\n\n".join(paragraphs[first: last + 1])
        where = f"paragraph {first + 1}" if first == last else f"paragraphs {first + 1}-{last + 1}"
        yield Finding(
            key=item.key, check="chrome", severity="warning", field="body",
            span=(spans[first][0], spans[last][1]), evidence=shorten(text),
            message=f"site furniture in the story ({where}: {'; '.join(reasons)}): “{shorten(text, 80)}”",
            fix=removal_fix(paragraphs, first, last, safe=safe))


def _paragraph_reason(corpus: _Corpus, paragraphs: list[str], i: int) -> tuple[str, bool] | None:
    """(why it is chrome, whether removing it is safe), or None for story text."""
    paragraph = paragraphs[i]
    if not any(c.isalnum() for c in paragraph):
        return None  # "___", "* * *", "-": the story's own rules and separators
    kind = chrome_kind(paragraph)
    line = corpus.lines.get(hash(normalize_line(paragraph))) if len(paragraph) <= MAX_COUNTED_CHARS else None
    stories = line.stories if line is not None else 0
    if kind is not None:
        return (kind if stories < CORPUS_MIN_STORIES else f"{kind}, in {stories} stories"), True
    if stories < CORPUS_MIN_STORIES or line is None or has_markup(paragraph):
        return None  # (code and shortcodes that repeat are the markup check's)
    if not is_sentence_like(paragraph):
        return f"the same line is in {stories} different stories", True
    if _speaks_for_site(corpus, paragraph):
        return f"the same sentence, about the site or to its reader, is in {stories} stories", False
    if stories < SENTENCE_MIN_STORIES:
        return None
    if corpus.has_sections and len(line.sections) < SENTENCE_MIN_SECTIONS:
        return None
    if _overlap(paragraph, paragraphs, i) > SENTENCE_MAX_OVERLAP:
        return None
    return f"the same sentence is in {stories} stories across sections, unrelated to this one", False


def _speaks_for_site(corpus: _Corpus, paragraph: str) -> bool:
    """Names the publication, or talks to the reader ("you", "our") outside a quotation:
    promotions do, story sentences do not."""
    if _QUOTES.search(paragraph):
        return False
    norm = normalize_line(paragraph)
    if any(pub and pub in norm for pub in corpus.publications):
        return True
    return bool(_ADDRESS.search(paragraph))


def _overlap(paragraph: str, paragraphs: list[str], i: int) -> float:
    words = {w.casefold() for w in _WORD.findall(paragraph)}
    if not words:
        return 0.0
    rest = {w.casefold() for j, p in enumerate(paragraphs) if j != i for w in _WORD.findall(p)}
    return len(words & rest) / len(words)


def _affixes(headline: str) -> list[str]:
    match = _AFFIX.search(headline.strip())
    if not match:
        return []
    found = []
    for name in ("prefix", "suffix"):
        value = match[name]
        if value and word_count(value) <= AFFIX_MAX_WORDS:
            found.append(f"{name}:{normalize_line(value)}")
    return found


def _headline_affix(corpus: _Corpus, item: CheckItem) -> Iterator[Finding]:
    headline = (item.article.headline or "").strip()
    match = _AFFIX.search(headline) if headline else None
    if match is None or headline != item.article.headline:
        return
    for name in ("prefix", "suffix"):
        value = match[name]
        if not value:
            continue
        norm = normalize_line(value)
        count = corpus.affixes.get(f"{name}:{norm}", 0)
        share = count / max(corpus.headlines, 1)
        if count < AFFIX_MIN_HEADLINES or not (norm in corpus.publications or share >= AFFIX_MIN_SHARE):
            continue
        if name == "prefix":
            end = match.end("prefix")
            rest = headline[end:]
            cut = (0, end + len(rest) - len(rest.lstrip(": ")))
        else:
            start = match.start("suffix")
            head = headline[:start].rstrip(" |-–—")
            cut = (len(head), len(headline))
        before = headline[cut[0]:cut[1]]
        yield Finding(
            key=item.key, check="chrome", severity="warning", field="headline", span=cut,
            evidence=before,
            message=f"the headline carries the site's name “{value.strip()}”, as {count} headlines do",
            fix=Fix(field="headline", before=before, after="", span=cut, safe=True))
