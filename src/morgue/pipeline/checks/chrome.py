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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from ..extract.corpus import normalize_line
from ..extract.lineshape import is_sentence_like, word_count
from ..records import CheckItem, Finding, Fix
from .base import CheckOptions, Items
from .chromeshape import chrome_kind, is_link_like, is_related_header
from .markup import has_markup
from .partitioned import Buckets, Partitioned, one_process, ordinal, partition_of, stable_hash
from .spans import paragraph_spans, removal_fix, runs, shorten

__all__ = ["check_chrome", "chrome_findings"]

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
    #: (stable hashes of) the sections it was seen in, up to SENTENCE_MIN_SECTIONS
    sections: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Corpus:
    #: lines seen in one story so far: line hash -> (story fingerprint, section); most lines
    #: stay here, so they cost two small ints, not a _Line
    once: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: lines seen in two stories or more
    lines: dict[int, _Line] = field(default_factory=dict)
    #: headline affix (its stable hash) -> headlines with it
    affixes: dict[int, int] = field(default_factory=dict)
    publications: set[str] = field(default_factory=set)
    headlines: int = 0
    has_sections: bool = False
    prune_below: int = 1


#: Stories whose lines one reduction counts at most (a bucket) on a cluster: about 15
#: short lines a story, 32 bytes a row in arrays and ~150 while counted; a few MB.
STORIES_PER_BUCKET = 5_000

_NO_ROWS = np.empty((0, 4), dtype=np.int64)


def check_chrome(items: Items, options: CheckOptions) -> Iterator[Finding]:
    yield from chrome_findings(one_process(items, options))


def chrome_findings(archive: Partitioned) -> Iterator[Finding]:
    """Learn, then judge, as reductions over partitions: each partition emits its short
    lines (line, story, fingerprint, section) by bucket of the line; each bucket is
    counted in reading order as one pass over the archive would count it, and sends each
    line in CORPUS_MIN_STORIES stories or more back to the partitions that hold it (a
    join, spooled per partition), so a partition is judged knowing only its own lines."""
    corpus = _Corpus()
    with Buckets(archive.buckets(STORIES_PER_BUCKET)) as rows, Buckets(0) as hits:
        for summary, emitted in archive.run(chrome_rows, archive.jobs(), rows.count):
            publications, headlines, has_sections = summary
            corpus.publications |= publications
            corpus.headlines += headlines
            corpus.has_sections = corpus.has_sections or has_sections
            rows.add_all(emitted)
        for found, affixes in archive.run(repeated_lines, (rows.read(k) for k in range(rows.count))):
            hits.add_all(found)
            corpus.affixes.update(affixes)
        for findings in archive.run(chrome_judged, archive.jobs(lambda p: hits.read(p)), corpus):
            yield from findings


def chrome_rows(job: tuple[int, list[CheckItem]], buckets: int
                ) -> tuple[tuple[set[str], int, bool], list[tuple[int, tuple[np.ndarray, np.ndarray]]]]:
    """A partition's (publications, headlines, has sections) and its rows by bucket: each
    story's distinct short lines, and its headline affixes counted."""
    p, items = job
    publications: set[str] = set()
    headlines = 0
    has_sections = False
    lines: list[tuple[int, int, int, int]] = []
    affixes: Counter[int] = Counter()
    for place, item in enumerate(items):
        article = item.article
        if article.publication:
            publications.add(normalize_line(article.publication))
        if article.headline:
            headlines += 1
            affixes.update(stable_hash(affix) for affix in _affixes(article.headline))
        if not article.paragraphs:
            continue
        # digits kept: daily reports that differ only in their figures are different stories
        fingerprint = stable_hash(" ".join(max(article.paragraphs, key=len).casefold().split()))
        section = (article.section or "").casefold()
        has_sections = has_sections or bool(section)
        section_key = stable_hash(section) if section else 0
        n = ordinal(p, place)
        lines.extend((line, n, fingerprint, section_key) for line in
                     {_line_key(para) for para in article.paragraphs if len(para) <= MAX_COUNTED_CHARS})
    line_rows = np.array(lines, dtype=np.int64).reshape(-1, 4)
    affix_rows = np.array(sorted(affixes.items()), dtype=np.int64).reshape(-1, 2)
    out = []
    for k in range(buckets):
        chosen = (line_rows[line_rows[:, 0] % buckets == k], affix_rows[affix_rows[:, 0] % buckets == k])
        if len(chosen[0]) or len(chosen[1]):
            out.append((k, chosen))
    return (publications, headlines, has_sections), out


def repeated_lines(payloads: list[tuple[np.ndarray, np.ndarray]]
                   ) -> tuple[list[tuple[int, np.ndarray]], dict[int, int]]:
    """One bucket's lines counted in the archive's reading order (copies of one story
    once): (partition, rows of (line, stories, sections)) for each partition holding a
    line in CORPUS_MIN_STORIES stories or more; and the affixes of at least
    AFFIX_MIN_HEADLINES headlines."""
    rows = np.concatenate([lines for lines, _ in payloads]) if payloads else _NO_ROWS
    rows = rows[np.argsort(rows[:, 1], kind="stable")]
    corpus = _Corpus()
    last = -1
    for line, n, fingerprint, section in rows.tolist():
        if n != last and len(corpus.once) + len(corpus.lines) > MAX_DISTINCT_LINES:
            _prune(corpus)  # as one pass does, between stories
        last = n
        _count(corpus, line, fingerprint, section)
    if len(corpus.once) + len(corpus.lines) > MAX_DISTINCT_LINES:
        _prune(corpus)
    repeated = {h: line for h, line in corpus.lines.items() if line.stories >= CORPUS_MIN_STORIES}
    found: dict[int, set[tuple[int, int, int]]] = {}
    for line, n, _, _ in rows.tolist():
        if (counted := repeated.get(line)) is not None:
            found.setdefault(partition_of(n), set()).add((line, counted.stories, len(counted.sections)))
    affixes: Counter[int] = Counter()
    for _, counted_affixes in payloads:
        for affix, count in counted_affixes.tolist():
            affixes[affix] += count
    return ([(p, np.array(sorted(lines), dtype=np.int64)) for p, lines in sorted(found.items())],
            {a: count for a, count in affixes.items() if count >= AFFIX_MIN_HEADLINES})


def chrome_judged(job: tuple[int, list[CheckItem], list[np.ndarray]], corpus: _Corpus) -> list[Finding]:
    """A partition's stories judged, knowing the repeated lines they hold."""
    _, items, found = job
    mine = _Corpus(affixes=corpus.affixes, publications=corpus.publications,
                   headlines=corpus.headlines, has_sections=corpus.has_sections)
    for rows in found:
        for line, stories, sections in rows.tolist():
            # only how many sections count, not which
            mine.lines[line] = _Line(stories, set(), set(range(sections)))
    return [finding for item in items for finding in _judge(mine, item)]


def _count(corpus: _Corpus, line_hash: int, fingerprint: int, section: int) -> None:
    """One story's line counted: a second story moves it from ``once`` to ``lines``."""
    line = corpus.lines.get(line_hash)
    if line is None:
        first = corpus.once.get(line_hash)
        if first is None:
            corpus.once[line_hash] = (fingerprint, section)
            return
        if first[0] == fingerprint:
            return  # a copy of the same story
        del corpus.once[line_hash]
        line = corpus.lines[line_hash] = _Line(1, {first[0]}, {first[1]} - {0})
    if fingerprint in line.fingerprints:
        return
    if len(line.fingerprints) < FINGERPRINTS_KEPT:
        line.fingerprints.add(fingerprint)
    line.stories += 1
    if section and len(line.sections) < SENTENCE_MIN_SECTIONS:
        line.sections.add(section)


def _line_key(paragraph: str) -> int:
    return stable_hash(normalize_line(paragraph))


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
    line = corpus.lines.get(_line_key(paragraph)) if len(paragraph) <= MAX_COUNTED_CHARS else None
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
        count = corpus.affixes.get(stable_hash(f"{name}:{norm}"), 0)
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
