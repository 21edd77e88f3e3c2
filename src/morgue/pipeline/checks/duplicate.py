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
from itertools import combinations
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .dates import date_problem
from .notarticle import not_article_reason
from .partitioned import Buckets, Partitioned, bucket_count, one_process, ordinal, partition_of, stable_hash
from .spans import shorten
from .textnorm import normalized_words

__all__ = ["canonical_order", "check_duplicate", "duplicate_findings"]

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

#: Stories whose rows one reduction reads at most (a bucket) on a cluster: 29 rows of 24
#: bytes each (14 bands of 4 values per signature, and the exact digest), ~3.5 MB.
STORIES_PER_BUCKET = 5_000
#: Stories in candidate groups judged by one reduction: each comes with its shingle sets
#: (~12 KB for a 150-word story), so fewer than the LSH rows' bucket.
GROUP_STORIES_PER_BUCKET = 1_000
#: The bands of the LSH indexes (datasketch's choice for the threshold), so a bucket
#: proposes exactly the pairs an index would.
_BANDS = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges

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
    yield from duplicate_findings(one_process(items, options))


def duplicate_findings(archive: Partitioned) -> Iterator[Finding]:
    """The check as three map/reduce rounds over the archive's partitions (see the module
    docstring): signatures into LSH band buckets, candidate pairs out of each bucket;
    candidates grouped (union-find over ordinals, small); each candidate group's stories
    read again and judged together."""
    options = archive.options
    pairs: set[tuple[int, int]] = set()
    with Buckets(archive.buckets(STORIES_PER_BUCKET)) as bands:
        for emitted in archive.run(signature_rows, archive.jobs(), options, bands.count):
            bands.add_all(emitted)
        for found in archive.run(candidate_pairs, (bands.read(k) for k in range(bands.count))):
            pairs.update(found)
    if not pairs:
        return
    roots = _components(pairs)
    by_partition: dict[int, dict[int, int]] = {}
    for n, root in roots.items():
        by_partition.setdefault(partition_of(n), {})[n] = root
    by_root: dict[int, list[tuple[int, int]]] = {}
    for pair in sorted(pairs):
        by_root.setdefault(roots[pair[0]], []).append(pair)
    del pairs, roots
    involved = sum(len(wanted) for wanted in by_partition.values())
    with Buckets(bucket_count(involved if archive.stories else None, GROUP_STORIES_PER_BUCKET)) as groups:
        for root, group_pairs in by_root.items():
            groups.add(root % groups.count, ("pairs", root, group_pairs))
        del by_root
        jobs = archive.jobs(lambda p: by_partition.get(p, {}))
        for docs in archive.run(group_docs, jobs, options, groups.count):
            groups.add_all(docs)
        for findings in archive.run(group_findings, (groups.read(k) for k in range(groups.count))):
            yield from findings


def signature_rows(job: tuple[int, list[CheckItem]], options: CheckOptions, buckets: int
                   ) -> list[tuple[int, tuple[np.ndarray, np.ndarray]]]:
    """A partition's LSH rows, by bucket: (band key, ordinal, digest) per band of each
    story's two signatures, and (digest, ordinal) per story for its exact copies."""
    p, items = job
    bands: list[tuple[int, int, int]] = []
    exacts: list[tuple[int, int]] = []
    seen: set[int | str] = set()
    for place, item in enumerate(items):
        words = _words(item)
        if words is None or item.key in seen:
            continue
        seen.add(item.key)
        n = ordinal(p, place)
        digest = stable_hash(" ".join(words))
        exacts.append((digest, n))
        for kind, shingles in ((0, _shingles(words)), (1, _shingles(words[:LEAD_WORDS]))):
            values = _minhash(shingles).hashvalues
            bands.extend((_band_key(kind, band, values[start:end]), n, digest)
                         for band, (start, end) in enumerate(_BANDS))
    band_rows = np.array(bands, dtype=np.int64).reshape(-1, 3)
    exact_rows = np.array(exacts, dtype=np.int64).reshape(-1, 2)
    out = []
    for k in range(buckets):
        chosen = (band_rows[band_rows[:, 0] % buckets == k], exact_rows[exact_rows[:, 0] % buckets == k])
        if len(chosen[0]) or len(chosen[1]):
            out.append((k, chosen))
    return out


def candidate_pairs(payloads: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[int, int]]:
    """The candidate pairs of one bucket's rows, as the two LSH indexes of one process would
    propose them: an exact copy pairs with the first story with its words and is not
    indexed; stories sharing a band of either signature pair up."""
    bands = np.concatenate([b for b, _ in payloads]) if payloads else np.empty((0, 3), np.int64)
    exacts = np.concatenate([e for _, e in payloads]) if payloads else np.empty((0, 2), np.int64)
    pairs: set[tuple[int, int]] = set()
    exacts = exacts[np.lexsort((exacts[:, 1], exacts[:, 0]))]
    for start, stop in _runs(exacts[:, 0]):
        first = int(exacts[start, 1])
        pairs.update((first, int(n)) for n in exacts[start + 1: stop, 1])
    bands = bands[np.lexsort((bands[:, 1], bands[:, 2], bands[:, 0]))]
    # an exact copy shares every band of the first story with its words: keep that one
    kept = np.ones(len(bands), dtype=bool)
    kept[1:] = (bands[1:, 0] != bands[:-1, 0]) | (bands[1:, 2] != bands[:-1, 2])
    bands = bands[kept]
    for start, stop in _runs(bands[:, 0]):
        pairs.update(combinations(sorted(int(n) for n in bands[start:stop, 1]), 2))
    return sorted(pairs)


def group_docs(job: tuple[int, list[CheckItem], dict[int, int]], options: CheckOptions,
               buckets: int) -> list[tuple[int, tuple[str, int, int, _Doc]]]:
    """The stories of a partition that are in a candidate group, with their shingles, by
    the bucket of their group."""
    p, items, wanted = job
    out = []
    for place, item in enumerate(items):
        n = ordinal(p, place)
        root = wanted.get(n)
        if root is None:
            continue
        words = _words(item) or []
        doc = _doc(item, len(words), options)
        doc.shingles = frozenset(_shingles(words))
        doc.lead = frozenset(_shingles(words[:LEAD_WORDS]))
        doc.headline = item.article.headline or ""
        out.append((root % buckets, ("doc", root, n, doc)))
    return out


def group_findings(payloads: list[tuple[Any, ...]]) -> list[Finding]:
    """Judge each candidate group of one bucket: verify its pairs, group, pick the canonical."""
    docs: dict[int, dict[int, _Doc]] = {}
    pairs: dict[int, list[tuple[int, int]]] = {}
    for kind, root, *rest in payloads:
        if kind == "doc":
            docs.setdefault(root, {})[rest[0]] = rest[1]
        else:
            pairs[root] = rest[0]
    findings: list[Finding] = []
    for root in sorted(pairs):
        group = docs.get(root, {})
        findings.extend(_findings(group, _groups(group, pairs[root])))
    return findings


def _components(pairs: set[tuple[int, int]]) -> dict[int, int]:
    """Each story in a pair -> the lowest ordinal of its group of candidates."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def _runs(values: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of two or more equal values in sorted ``values``."""
    if len(values) < 2:
        return []
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    starts = np.concatenate(([0], cuts))
    stops = np.concatenate((cuts, [len(values)]))
    long = stops - starts >= 2
    return list(zip(starts[long].tolist(), stops[long].tolist(), strict=True))


def _band_key(kind: int, band: int, values: np.ndarray) -> int:
    return int.from_bytes(hashlib.blake2b(bytes((kind, band)) + values.tobytes(),
                                          digest_size=8).digest(), "big") >> 1


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


def _groups(docs: dict[int, _Doc], pairs: list[tuple[int, int]]
            ) -> dict[int, list[tuple[int, str, float]]]:
    """Group root -> [(member, kind, similarity to the member it joined through)]."""
    parent = {n: n for n in docs}

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


def _mark_lost_text(docs: dict[int, _Doc], members: list[int]) -> None:
    """Mark copies whose text a copy much longer than them holds (see :data:`LOST_MIN_SHARE`)."""
    longest = max(members, key=lambda n: (docs[n].words, -n))
    whole = docs[longest]
    for n in members:
        doc = docs[n]
        doc.lost_text = (n != longest and doc.words <= (1 - LOST_MIN_SHARE) * whole.words
                         and _contained(doc.shingles, whole.shingles) >= CONTAINED_MIN)


def _findings(docs: dict[int, _Doc], groups: dict[int, list[tuple[int, str, float]]]) -> Iterator[Finding]:
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
