"""``duplicate``: the same story under several URLs or captures, exact or near.

Two passes over the archive, never all pairs:

1. each story's body becomes a set of word shingles and a MinHash signature (datasketch);
   a MinHash LSH index, queried before each insert, proposes candidate pairs; exact
   copies meet through a hash of their normalised words;
2. only stories in a candidate pair are read again, and their true Jaccard similarity
   decides. Pairs at or over :data:`NEAR_MIN_JACCARD` join groups (union-find).

In each group one story is **canonical** (:func:`canonical_order`), chosen only from what
fixes and reruns do not change, so the choice is the same on every run:

1. a copy whose date is plausible; then an undated one; never one whose date is a
   placeholder, out of range or a capture stamp (``date-out-of-range``'s reasons);
2. the original HTML page, then a CMS export record, then a text dump;
3. the earliest published, then the earliest captured;
4. the longest body, then the lowest key.

Length comes last on purpose: site chrome and escaped entities make a damaged copy
longer, and ``morgue fix`` shortens it again, so length alone would move the canonical
copy between runs. The others get a blocking finding with ``related=[canonical]``: held
back, to be redirected to the canonical URL. Pages that are not articles (every 404 of a
site looks like every other) and bodies under :data:`MIN_WORDS` are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .dates import date_problem
from .notarticle import not_article_reason
from .spans import shorten

__all__ = ["check_duplicate", "canonical_order"]

#: Word shingle length. 3-word shingles keep near copies with a few words changed above
#: the threshold (a changed word breaks 3 shingles, not 5), while different stories on
#: the same topic share few 3-word runs (Reuters follow-ups: Jaccard below 0.4).
SHINGLE_WORDS = 3
#: Near duplicates have at least this Jaccard similarity of shingles. Calibrated on the
#: fault benchmark: planted near copies (a few words edited, a paragraph added or
#: dropped) score 0.75-0.97; the closest distinct Reuters stories score under 0.55.
NEAR_MIN_JACCARD = 0.7
#: The LSH index proposes pairs from this (lower) estimated similarity, so that MinHash
#: noise does not lose true pairs; pass 2 verifies them exactly.
LSH_THRESHOLD = 0.5
#: Permutations per signature: 64 keeps the index small (100k stories: ~25 MB of
#: signatures) with estimates within ±0.06 — enough, since candidates are verified.
NUM_PERM = 64
#: Bodies shorter than this are not compared: briefs and stubs share too much by chance.
MIN_WORDS = 25

_WORD = re.compile(r"\w+")

#: How far a copy's date can be trusted, best first.
DATE_PLAUSIBLE, DATE_MISSING, DATE_IMPLAUSIBLE = 0, 1, 2
#: Where a copy was read from (``Article.extractor``), best first: the page as readers saw
#: it, then a CMS export's record, then a text dump (which lost its date and byline).
SOURCE_RANKS = (("trafilatura", 0), ("html", 0), ("export", 1), ("textdump", 2))
SOURCE_UNKNOWN = 3


@dataclass(slots=True)
class _Doc:
    key: int | str
    published: dt.date | None
    words: int
    date_rank: int = DATE_MISSING
    source_rank: int = SOURCE_UNKNOWN
    captured: float | None = None
    headline: str = ""
    shingles: frozenset[int] = field(default_factory=frozenset)


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
    return _Doc(item.key, published, words, date_rank, source, captured)


def canonical_order(doc: _Doc) -> tuple[object, ...]:
    """Sort key: the canonical copy of a group sorts first (see the module docstring)."""
    key_order = (0, doc.key, "") if isinstance(doc.key, int) else (1, 0, str(doc.key))
    return (doc.date_rank, doc.source_rank, doc.published or dt.date.max,
            (0, doc.captured) if doc.captured is not None else (1, 0.0), -doc.words, key_order)


def check_duplicate(items: Items, options: CheckOptions) -> Iterator[Finding]:
    docs: list[_Doc] = []
    index: dict[int | str, int] = {}
    pairs: set[tuple[int, int]] = set()
    exact: dict[bytes, int] = {}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
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
        signature = _minhash(_shingles(words))
        for other in lsh.query(signature):
            pairs.add((other, n))
        lsh.insert(n, signature, check_duplication=False)
    del lsh, exact
    if not pairs:
        return
    involved = {i for pair in pairs for i in pair}
    for item in items():
        n = index.get(item.key, -1)
        if n in involved:
            words = _words(item) or []
            docs[n].shingles = frozenset(_shingles(words))
            docs[n].headline = item.article.headline or ""
    groups = _groups(docs, pairs)
    yield from _findings(docs, groups)


def _words(item: CheckItem) -> list[str] | None:
    article = item.article
    if article.word_count < MIN_WORDS or not_article_reason(item) is not None:
        return None
    return _WORD.findall(article.body.casefold())


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


def _groups(docs: list[_Doc], pairs: set[tuple[int, int]]) -> dict[int, list[tuple[int, float]]]:
    """Group root -> [(member, similarity to the member it joined through)]."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    similarity: dict[int, float] = {}
    for a, b in sorted(pairs):
        score = _jaccard(docs[a].shingles, docs[b].shingles)
        if score < NEAR_MIN_JACCARD:
            continue
        similarity[a] = max(similarity.get(a, 0.0), score)
        similarity[b] = max(similarity.get(b, 0.0), score)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[tuple[int, float]]] = {}
    for i in similarity:
        groups.setdefault(find(i), []).append((i, similarity[i]))
    return groups


def _findings(docs: list[_Doc], groups: dict[int, list[tuple[int, float]]]) -> Iterator[Finding]:
    for members in groups.values():
        ordered = sorted(members, key=lambda m: canonical_order(docs[m[0]]))
        canonical = docs[ordered[0][0]]
        for n, score in ordered[1:]:
            doc = docs[n]
            kind = "an exact copy" if score >= 1.0 else f"a near copy (similarity {score:.2f})"
            yield Finding(
                key=doc.key, check="duplicate", severity="warning", blocking=True,
                related=[canonical.key], evidence=shorten(canonical.headline or str(canonical.key)),
                message=(f"{kind} of article {canonical.key} “{shorten(canonical.headline, 60)}”, "
                         f"which is kept as canonical ({_why(canonical, doc)}); "
                         "hold this one back and redirect its URL there"))


def _why(canonical: _Doc, doc: _Doc) -> str:
    """The first rule of :func:`canonical_order` that set the two apart."""
    if canonical.date_rank != doc.date_rank:
        return ("this copy's date cannot be right" if doc.date_rank == DATE_IMPLAUSIBLE
                else "this copy has no date")
    if canonical.source_rank != doc.source_rank:
        return {0: "the original page", 1: "the CMS record"}.get(canonical.source_rank, "a better source")
    if canonical.published != doc.published:
        return "published first"
    if canonical.captured != doc.captured:
        return "captured first"
    if canonical.words > doc.words:
        return "longer text"
    return "lowest key"
