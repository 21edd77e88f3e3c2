"""``duplicate``: the same story under several URLs or captures — exact, near, or cut short.

Copies are compared on their normalised words (:mod:`.textnorm`: mojibake undone,
entities and tags dropped, accents, apostrophes, punctuation, whitespace and case
ignored), so a garbled copy and a clean one pair up before ``morgue fix`` repairs
either, and stay paired after. Two passes over the archive, never all pairs:

1. each story's words become a set of word shingles with a MinHash signature
   (datasketch), and its first :data:`LEAD_WORDS` words a second one; two MinHash LSH
   indexes, queried before each insert, propose candidate pairs: stories alike as a
   whole, and stories that begin alike (a copy cut short and its whole). Exact copies
   meet through a hash of their words;
2. only stories in a candidate pair are read again, and their true shingle sets decide:
   a **near copy** shares at least :data:`NEAR_MIN_JACCARD` of its shingles with the
   other (Jaccard); a **shorter copy** begins the same way and at least
   :data:`CONTAINED_MIN` of its shingles are in the other (a truncated copy and its
   whole). Pairs join groups (union-find).

In each group one story is **canonical** (:func:`canonical_order`), chosen by evidence
that ``morgue fix`` does not change, so the choice is the same on every run:

1. the whole text before a copy that lost some: one whose shingles are contained in a
   copy at least 1/(1-:data:`LOST_MIN_SHARE`) times longer, or with characters lost in
   a charset conversion (U+FFFD) — nothing can restore those;
2. never a copy whose date is a placeholder, out of range or a capture stamp
   (``date-out-of-range``'s reasons) while another has none of those;
3. the crawled page, then a CMS export record, then a text dump;
4. a dated copy before an undated one; the earliest published, then the earliest captured;
5. the longest body, then the lowest key.

Repairable damage (mojibake, entities, leaked chrome) does not count: the garbled crawl
of a story is still the page readers saw, and ``fix`` repairs it in place. Length comes
last on purpose: chrome and entities make a damaged copy longer and ``fix`` shortens it
again. The others get a blocking finding with ``related=[canonical]``: held back, their
addresses redirected to the canonical URL. Pages that are not articles (every 404 of a
site looks like every other) and bodies under :data:`MIN_WORDS` are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .dates import date_problem
from .notarticle import not_article_reason
from .spans import shorten
from .textnorm import normalized_words

__all__ = ["check_duplicate", "canonical_order"]

#: Word shingle length. 3-word shingles keep near copies with a few words changed above
#: the threshold (a changed word breaks 3 shingles, not 5), while different stories on
#: the same topic share few 3-word runs (Reuters follow-ups: Jaccard below 0.4).
SHINGLE_WORDS = 3
#: Near duplicates have at least this Jaccard similarity of shingles. Calibrated on the
#: fault benchmark: planted near copies (a few words edited, a paragraph added or
#: dropped) score 0.75-0.97; the closest distinct Reuters stories score under 0.55.
NEAR_MIN_JACCARD = 0.7
#: The LSH indexes propose pairs from this (lower) estimated similarity, so that MinHash
#: noise does not lose true pairs; pass 2 verifies them exactly.
LSH_THRESHOLD = 0.5
#: Permutations per signature: 64 keeps the index small (100k stories: ~25 MB of
#: signatures per index) with estimates within ±0.06 — enough, since candidates are verified.
NUM_PERM = 64
#: Bodies shorter than this are not compared: briefs and stubs share too much by chance.
MIN_WORDS = 25
#: A story's lead, for finding a copy cut short: its first this-many words. A dump cut at
#: a buffer size or a page missing its second half still has them all.
LEAD_WORDS = 60
#: A shorter copy has at least this share of its shingles in the longer one, and the two
#: leads are alike (Jaccard >= LSH_THRESHOLD). Follow-up stories that reuse a paragraph
#: of background share 10-40% of their shingles; a truncated copy shares all but the
#: shingles across its cut (and any chrome it carries).
CONTAINED_MIN = 0.9
#: A copy "lost text" when a copy containing it is longer by at least this share of the
#: longer one's words: a cut paragraph or more, not a line of chrome that ``fix`` removes
#: (which would move the canonical copy between runs).
LOST_MIN_SHARE = 0.15

#: How far a copy's date can be trusted, best first.
DATE_PLAUSIBLE, DATE_MISSING, DATE_IMPLAUSIBLE = 0, 1, 2
#: Where a copy was read from (``Article.extractor``), best first: the page as readers saw
#: it, then a CMS export's record, then a text dump (which lost its date and byline).
SOURCE_RANKS = (("trafilatura", 0), ("html", 0), ("export", 1), ("textdump", 2))
SOURCE_UNKNOWN = 3
_LOST_CHARACTER = "\ufffd"


@dataclass(slots=True)
class _Doc:
    key: int | str
    published: dt.date | None
    words: int
    date_rank: int = DATE_MISSING
    source_rank: int = SOURCE_UNKNOWN
    captured: float | None = None
    #: characters lost in a charset conversion (U+FFFD) in the body
    lost_characters: bool = False
    headline: str = ""
    shingles: frozenset[int] = field(default_factory=frozenset)
    lead: frozenset[int] = field(default_factory=frozenset)
    #: set per group: another copy holds this one's text and more (a cut copy)
    lost_text: bool = False


def _doc(item: CheckItem, words: int, options: CheckOptions) -> _Doc:
    article = item.article
    published = article.published
    if published is None:
        date_rank = DATE_MISSING
    elif date_problem(item, options) is not None:
        date_rank, published = DATE_IMPLAUSIBLE, None
    else:
        date_rank = DATE_PLAUSIBLE
    extractor = (article.extractor or "").casefold()
    source = next((rank for prefix, rank in SOURCE_RANKS if extractor.startswith(prefix)), SOURCE_UNKNOWN)
    captured = item.captured_at.timestamp() if item.captured_at is not None else None
    return _Doc(item.key, published, words, date_rank, source, captured,
                lost_characters=_LOST_CHARACTER in article.body)


def canonical_order(doc: _Doc) -> tuple[object, ...]:
    """Sort key: the canonical copy of a group sorts first (see the module docstring)."""
    key_order = (0, doc.key, "") if isinstance(doc.key, int) else (1, 0, str(doc.key))
    return (doc.lost_text or doc.lost_characters, doc.date_rank == DATE_IMPLAUSIBLE, doc.source_rank,
            doc.date_rank, doc.published or dt.date.max,
            (0, doc.captured) if doc.captured is not None else (1, 0.0), -doc.words, key_order)


def check_duplicate(items: Items, options: CheckOptions) -> Iterator[Finding]:
    docs: list[_Doc] = []
    index: dict[int | str, int] = {}
    pairs: set[tuple[int, int]] = set()
    exact: dict[bytes, int] = {}
    whole = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    leads = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for item in items():
        words = _words(item)
        if words is None or item.key in index:
            continue
        n = len(docs)
        index[item.key] = n
        docs.append(_doc(item, len(words), options))
        digest = hashlib.blake2b(" ".join(words).encode(), digest_size=12).digest()
        if digest in exact:
            pairs.add((exact[digest], n))
            continue
        exact[digest] = n
        for lsh, signature in ((whole, _minhash(_shingles(words))),
                               (leads, _minhash(_shingles(words[:LEAD_WORDS])))):
            pairs.update((other, n) for other in lsh.query(signature))
            lsh.insert(n, signature, check_duplication=False)
    del whole, leads, exact
    if not pairs:
        return
    involved = {i for pair in pairs for i in pair}
    for item in items():
        n = index.get(item.key, -1)
        if n in involved:
            words = _words(item) or []
            docs[n].shingles = frozenset(_shingles(words))
            docs[n].lead = frozenset(_shingles(words[:LEAD_WORDS]))
            docs[n].headline = item.article.headline or ""
    groups = _groups(docs, pairs)
    yield from _findings(docs, groups)


def _words(item: CheckItem) -> list[str] | None:
    article = item.article
    if article.word_count < MIN_WORDS or not_article_reason(item) is not None:
        return None
    return normalized_words(article.body)


def _shingles(words: list[str]) -> set[int]:
    k = SHINGLE_WORDS
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i: i + k]).encode()) for i in range(len(words) - k + 1)}


def _minhash(shingles: set[int]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, hashfunc=int)
    signature.update_batch(list(shingles))
    return signature


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _contained(part: frozenset[int], whole: frozenset[int]) -> float:
    """Share of ``part``'s shingles that are in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def _similarity(a: _Doc, b: _Doc) -> tuple[str, float] | None:
    """("near", Jaccard) or ("shorter", containment of the shorter in the longer), or None."""
    jaccard = _jaccard(a.shingles, b.shingles)
    if jaccard >= NEAR_MIN_JACCARD:
        return "near", jaccard
    short, long = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    contained = _contained(short.shingles, long.shingles)
    if contained >= CONTAINED_MIN and _jaccard(short.lead, long.lead) >= LSH_THRESHOLD:
        return "shorter", contained
    return None


def _groups(docs: list[_Doc], pairs: set[tuple[int, int]]) -> dict[int, list[tuple[int, str, float]]]:
    """Group root -> [(member, kind, similarity to the member it joined through)]."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, tuple[str, float]] = {}
    for a, b in sorted(pairs):
        found = _similarity(docs[a], docs[b])
        if found is None:
            continue
        for i in (a, b):
            if i not in best or found[1] > best[i][1]:
                best[i] = found
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[tuple[int, str, float]]] = {}
    for i, (kind, score) in best.items():
        groups.setdefault(find(i), []).append((i, kind, score))
    return groups


def _mark_lost_text(docs: list[_Doc], members: list[int]) -> None:
    """Mark copies whose text a copy much longer than them holds (see :data:`LOST_MIN_SHARE`)."""
    longest = max(members, key=lambda n: (docs[n].words, -n))
    whole = docs[longest]
    for n in members:
        doc = docs[n]
        doc.lost_text = (n != longest and doc.words <= (1 - LOST_MIN_SHARE) * whole.words
                         and _contained(doc.shingles, whole.shingles) >= CONTAINED_MIN)


def _findings(docs: list[_Doc], groups: dict[int, list[tuple[int, str, float]]]) -> Iterator[Finding]:
    for members in groups.values():
        _mark_lost_text(docs, [m[0] for m in members])
        ordered = sorted(members, key=lambda m: canonical_order(docs[m[0]]))
        canonical = docs[ordered[0][0]]
        for n, kind, score in ordered[1:]:
            doc = docs[n]
            found = _similarity(doc, canonical) or (kind, score)
            yield Finding(
                key=doc.key, check="duplicate", severity="warning", blocking=True,
                related=[canonical.key], evidence=shorten(canonical.headline or str(canonical.key)),
                message=(f"{_kind(doc, canonical, found)} of article {canonical.key} "
                         f"“{shorten(canonical.headline, 60)}”, which is kept as canonical "
                         f"({_why(canonical, doc)}); hold this one back and redirect its URL there"))


def _kind(doc: _Doc, canonical: _Doc, found: tuple[str, float]) -> str:
    kind, score = found
    if kind == "shorter" or doc.lost_text:
        return (f"a shorter copy ({doc.words} of {canonical.words} words; "
                f"{_contained(doc.shingles, canonical.shingles):.0%} of its text is in the other)")
    if score >= 1.0:
        return "an exact copy"
    return f"a near copy (similarity {score:.2f})"


def _why(canonical: _Doc, doc: _Doc) -> str:
    """The first rule of :func:`canonical_order` that set the two apart."""
    if doc.lost_text and not canonical.lost_text:
        return "the whole text; this copy lost some"
    if doc.lost_characters and not canonical.lost_characters:
        return "no characters lost; this copy lost some in a charset conversion"
    if doc.date_rank == DATE_IMPLAUSIBLE and canonical.date_rank != DATE_IMPLAUSIBLE:
        return "this copy's date cannot be right"
    if canonical.source_rank != doc.source_rank:
        return {0: "the original page", 1: "the CMS record"}.get(canonical.source_rank, "a better source")
    if canonical.date_rank != doc.date_rank:
        return "this copy has no date"
    if canonical.published != doc.published:
        return "published first"
    if canonical.captured != doc.captured:
        return "captured first"
    if canonical.words > doc.words:
        return "longer text"
    return "lowest key"
