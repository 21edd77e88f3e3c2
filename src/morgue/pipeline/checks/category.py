"""``category``: a story filed under a section its text does not fit.

Every paper's sections differ, so the model is learned from the archive itself, in the
confident-learning way (cleanlab's ``CleanLearning``, written out so each step is
visible and bounded):

1. TF-IDF features (word unigrams and bigrams, hashed: no vocabulary held in memory), a
   linear SVM per fold and **out-of-fold** scores: each story is judged by a model that
   never saw it. One sigmoid per section (Platt scaling), fitted on those out-of-fold
   scores, turns them into class probabilities;
2. cleanlab's ``find_label_issues`` marks the likely mislabelled stories, which are left
   out of training (and of the calibration) in a second out-of-fold round (a few wrong
   labels otherwise teach the model that wrong is right);
3. on the second round's probabilities, ``find_label_issues`` estimates from the
   confident joint how many labels are wrong and ranks stories by self-confidence; those
   whose likeliest section is another one are flagged, with that section proposed, and
   so are stories the model contradicts outright (see :data:`CONTRADICTED_GIVEN_PROB`).

The proposed section is never applied by itself: an editor decides. The model runs only
when the archive has at least two sections with :data:`MIN_SECTION_STORIES` stories each;
stories in smaller sections, very short ones and pages that are not articles are left out.

A second rule needs no section to learn from (:mod:`.topics`): a story that reads like
sport, the arts or the weather (IPTC topics other desks rarely print) filed under a
section whose name or stories say another topic (business, politics…), with little of that topic in its text, is flagged too — "this reads
like sport, filed under Business" — with the archive's section for its topic proposed,
or none when the archive has no such section or only a few stories in it. It catches
what the model cannot: the right section missing from the archive, or thin in it.

Calibrated on the Reuters fault benchmark (7 sections, 2,800 stories, 5% moved): a single
round of TF-IDF + logistic regression with cleanlab's default filter gives precision
0.85 / recall 0.89; the two rounds with the SVM give 0.948-0.977 / 0.941-0.970 on seeds 1, 2,
3 and 7 (see docs/benchmarks.md). Calibrating on the out-of-fold scores replaced
scikit-learn's ``CalibratedClassifierCV`` (three more SVMs per fold, each calibrated on a
third of the fold): 3-4 times less CPU and half the added memory (a 42-section, 3,000-story
archive: 57 s and 630 MB before, 13 s and 290 MB after), and probabilities that are not
squeezed towards the middle in a small archive, where a third of a fold is a handful of
stories per section (Platt's targets are (n+1)/(n+2)). Re-run
benchmarks/fault_benchmark.py after changing any constant.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..records import CheckItem, Finding, Fix
from .base import CheckOptions, Items
from .notarticle import not_article_reason
from .partitioned import Buckets, Partitioned, one_process
from .topics import IPTC_CODES, LABELS, learned_topics, name_topics, topic_profile

__all__ = ["category_findings", "check_category", "out_of_fold_probabilities"]

#: A section is learned only from at least this many stories (5 folds need a few each).
MIN_SECTION_STORIES = 20
#: Stories with fewer words are not judged: too little text to say what it is about.
MIN_WORDS = 20
#: Only the first this-many words are read: the top of a story says what it is about,
#: and the cap bounds memory (about 400 features a story; 100k stories: ~300 MB). 150,
#: 250 and 400 score alike on the benchmark, whose stories average 150 words.
MAX_WORDS = 250
FOLDS = 5
#: Each fold's model is trained on at most this many stories (a stratified sample), so a
#: 100k-story archive costs about what a 25k one does; smaller archives use them all.
MAX_TRAIN_STORIES = 20_000
#: Hashed feature space; 2^18 loses nothing measurable against 2^20 on the benchmark and
#: makes each SVM fit about 4 times faster.
N_FEATURES = 2 ** 18
#: SVM regularisation (lower = smoother); 0.5 was best of 0.1-2 on the benchmark.
SVM_C = 0.5
#: Guard rails over cleanlab's ranking: the proposed section must be at least this likely
#: and the filed one at most this likely. They rarely bind (about 1 in 100 flags).
MIN_SUGGESTED_PROB = 0.4
MAX_GIVEN_PROB = 0.3
#: cleanlab's count of wrong labels includes the archive's own borderline filings, so a
#: few clearly moved stories fall past it; a story whose filed section is at most
#: CONTRADICTED_GIVEN_PROB likely and another at least CONTRADICTED_LIKELY_PROB is flagged
#: too. With out-of-fold calibration 0.05 cost 2-4 points of precision on four benchmark
#: seeds; 0.02 keeps precision at 0.95-0.98 and still adds 1-3 points of recall.
CONTRADICTED_GIVEN_PROB = 0.02
CONTRADICTED_LIKELY_PROB = 0.8
#: The topic rule: a section's topic is learned from its stories when at least this many
#: of them read like one topic, and at least SECTION_TOPIC_SHARE of those like the same one.
SECTION_TOPIC_MIN_STORIES = 5
SECTION_TOPIC_SHARE = 0.6
#: A story is flagged only when its filed section's topic has at most this share of its
#: topic words (a sports story about a stadium's financing is Business enough) ...
FILED_TOPIC_MAX_SHARE = 0.15
#: ... and when at most this share (1 in 20) of the section's own topical stories read like the
#: story's topic (a Business section that often runs sports-business stories is left be).
SECTION_OFTEN_SHARE = 0.05
#: The story topics the rule asserts: ones other desks rarely print. Health, science,
#: politics, crime and business stories cross sections by design: on data/zyte all 4 flags
#: the rule made with them were such crossings (a plague under Science, a clinical product
#: under Business News, a president's health under Politics), none a misfiling.
STORY_TOPICS = frozenset({"sport", "arts", "weather"})


def check_category(items: Items, options: CheckOptions) -> Iterator[Finding]:
    yield from category_findings(one_process(items, options))


def category_findings(archive: Partitioned) -> Iterator[Finding]:
    """The check as rounds over partitions: each partition's stories hashed into term
    counts (spooled per partition); document frequencies summed; each fold's SVM trained
    on its (bounded) sample of stories and every partition scored by the fold that left it
    out; the calibration and cleanlab on the scores (a few numbers a story); the topic rule
    judged per partition from per-section counts."""
    keys: list[int | str] = []
    labels: list[str] = []
    strongest: list[str | None] = []
    with _Features(archive) as features:
        for p, (found, counts) in enumerate(archive.run(category_rows, archive.jobs())):
            features.add(p, counts)
            for key, label, topic in found:
                keys.append(key)
                labels.append(label)
                strongest.append(topic)
        counts = Counter(labels)
        sections = sorted(s for s, n in counts.items() if n >= MIN_SECTION_STORIES)
        flagged: set[int | str] = set()
        if len(sections) >= 2:
            keep = np.array([i for i, label in enumerate(labels) if label in sections])
            features.keep(keep)
            given = np.array([sections.index(labels[i]) for i in keep])
            for finding in _findings([keys[i] for i in keep], given, features, sections, archive.options.seed):
                flagged.add(finding.key)
                yield finding
    del keys
    yield from _topic_rule(archive, labels, strongest, flagged)


def category_rows(job: tuple[int, list[CheckItem]]) -> tuple[list[tuple[int | str, str, str | None]], Any]:
    """A partition's stories the model may read: (key, section, topic read) each, and
    their hashed term counts (one row each)."""
    _, items = job
    found = []
    texts = []
    for item in items:
        text = _text(item)
        if text is None:
            continue
        found.append((item.key, (item.article.section or "").strip(), topic_profile(text).strongest))
        texts.append(text)
    return found, _hashed(texts)


def _text(item: CheckItem) -> str | None:
    """The words the model reads of a story, or None when it is not judged."""
    article = item.article
    if not article.section or article.word_count < MIN_WORDS or not_article_reason(item):
        return None
    return " ".join(f"{article.headline or ''} {article.body}".split()[:MAX_WORDS])


def _topic_rule(archive: Partitioned, labels: list[str], strongest: list[str | None],
                flagged: set[int | str]) -> Iterator[Finding]:
    """The topic rule (see the module docstring) over the partitions, for stories the model
    did not flag, from each section's counts of what its stories read like."""
    by_section: dict[str, Counter[str | None]] = {}
    for label, topic in zip(labels, strongest, strict=True):
        by_section.setdefault(label, Counter())[topic] += 1
    topics = {label: name_topics(label) or learned_topics(found.elements(), SECTION_TOPIC_MIN_STORIES,
                                                          SECTION_TOPIC_SHARE)
              for label, found in by_section.items()}
    if not any(topics.values()):
        return
    sizes = {label: sum(found.values()) for label, found in by_section.items()}
    sections = _SectionTopics(topics, by_section, sizes, flagged)
    for findings in archive.run(topic_judged, archive.jobs(), sections):
        yield from findings


@dataclass(slots=True)
class _SectionTopics:
    #: section -> the topics its name or stories say
    topics: dict[str, set[str]]
    #: section -> what its stories read like (None: no topic clearly), counted
    read: dict[str, Counter[str | None]]
    sizes: dict[str, int]
    #: stories the model flagged already
    flagged: set[int | str]


def topic_judged(job: tuple[int, list[CheckItem]], sections: _SectionTopics) -> list[Finding]:
    findings = []
    for item in job[1]:
        text = _text(item)
        if text is None or item.key in sections.flagged:
            continue
        label = (item.article.section or "").strip()
        profile = topic_profile(text)
        topic, filed = profile.strongest, sections.topics[label]
        if topic not in STORY_TOPICS or not filed or topic in filed:
            continue
        if any(profile.shares.get(t, 0.0) > FILED_TOPIC_MAX_SHARE for t in filed):
            continue
        read = sections.read[label]
        others = sum(n for t, n in read.items() if t is not None) - 1  # the section's other stories
        if others >= SECTION_TOPIC_MIN_STORIES and read[topic] - 1 > SECTION_OFTEN_SHARE * others:
            continue
        homes = sorted((s for s, t in sections.topics.items() if topic in t),
                       key=lambda s: (-sections.sizes[s], s))
        where = (f"; the archive's section for it is “{homes[0]}”" if homes
                 else "; the archive has no section for it")
        findings.append(Finding(
            key=item.key, check="category", severity="warning", field="section", evidence=label,
            message=(f"filed under “{label}”, but its text reads like {LABELS[topic]} (IPTC "
                     f"{IPTC_CODES[topic]}: {profile.shares[topic]:.0%} of its topic words, such as "
                     f"{', '.join(profile.examples)}){where}; an editor should decide"),
            fix=Fix(field="section", before=label, after=homes[0], safe=False) if homes else None))
    return findings


def _hashed(texts: list[str]):  # -> scipy.sparse.csr_matrix of term counts
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import HashingVectorizer

    if not texts:  # a partition without a story to model (the vectorizer refuses none)
        return csr_matrix((0, N_FEATURES), dtype=np.float32)

    return HashingVectorizer(n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm=None,
                             token_pattern=r"(?u)\b[^\W\d_]{2,}\b", dtype=np.float32).transform(texts)


class _Features:
    """The term counts of the stories the model reads, spooled per partition, and the
    model's rounds over them: a story's row is read back only by the task that needs it."""

    def __init__(self, archive: Partitioned) -> None:
        self.run = archive.run
        self._spool = Buckets(0)
        #: partition -> (first story's index, stories) among those the model reads
        self._spans: list[tuple[int, int]] = []
        #: story index -> its place among the kept stories (-1: its section is too small)
        self._kept = np.empty(0, dtype=np.int64)
        self._idf: np.ndarray | None = None

    def add(self, partition: int, counts: Any) -> None:
        start = self._spans[-1][0] + self._spans[-1][1] if self._spans else 0
        self._spans.append((start, counts.shape[0]))
        self._spool.add(partition, counts)

    def keep(self, kept: np.ndarray) -> None:
        """Only the stories at ``kept`` (story indexes, ascending) are modelled; their
        document frequencies give the TF-IDF weights."""
        total = self._spans[-1][0] + self._spans[-1][1] if self._spans else 0
        self._kept = np.full(total, -1, dtype=np.int64)
        self._kept[kept] = np.arange(len(kept))
        df = np.zeros(N_FEATURES, dtype=np.int64)
        for found in self.run(document_frequencies, self._jobs()):
            df += found
        self._idf = _idf(df, len(kept))

    def _jobs(self, per_row: np.ndarray | None = None) -> Iterator[tuple[Any, np.ndarray, Any]]:
        """(term counts, local rows of kept stories, ``per_row`` of those) per partition."""
        for p, (start, size) in enumerate(self._spans):
            kept = self._kept[start: start + size]
            rows = np.flatnonzero(kept >= 0)
            if len(rows):
                counts = self._spool.read(p)[0]
                yield counts, rows, None if per_row is None else per_row[kept[rows]]

    def fit(self, trains: list[np.ndarray], labels: np.ndarray, seed: int) -> list[Any]:
        """One linear SVM per fold, on the kept stories at ``trains[fold]``."""
        assert self._idf is not None
        member = np.zeros((len(trains), len(labels)), dtype=bool)
        for fold, train in enumerate(trains):
            member[fold, train] = True
        with Buckets(len(trains)) as folds:
            for rows in self.run(fold_rows, self._jobs(member.T), self._idf):
                for fold, chosen in enumerate(rows):
                    if chosen.shape[0]:
                        folds.add(fold, chosen)
            jobs = ((folds.read(fold), labels[train], seed) for fold, train in enumerate(trains))
            return list(self.run(fit_fold, jobs))

    def scores(self, models: list[Any], fold_of: np.ndarray, n_classes: int) -> np.ndarray:
        """Each kept story's score per section from its fold's model."""
        assert self._idf is not None
        scores = np.empty((len(fold_of), n_classes))
        jobs = self._jobs(np.column_stack([np.arange(len(fold_of)), fold_of]))
        for where, found in self.run(fold_scores, jobs, self._idf, models, n_classes):
            scores[where] = found
        return scores

    def __enter__(self) -> _Features:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spool.close()


def document_frequencies(job: tuple[Any, np.ndarray, Any]) -> np.ndarray:
    counts, rows, _ = job
    return np.bincount(counts[rows].indices, minlength=N_FEATURES)


def fold_rows(job: tuple[Any, np.ndarray, np.ndarray], idf: np.ndarray) -> list[Any]:
    """A partition's TF-IDF rows of the stories each fold trains on."""
    counts, rows, member = job
    features = _tfidf(counts[rows], idf)
    return [features[np.flatnonzero(member[:, fold])] for fold in range(member.shape[1])]


def fit_fold(job: tuple[list[Any], np.ndarray, int]) -> Any:
    from scipy.sparse import vstack
    from sklearn.svm import LinearSVC

    parts, labels, seed = job
    return LinearSVC(C=SVM_C, random_state=seed).fit(vstack(parts, format="csr"), labels)


def fold_scores(job: tuple[Any, np.ndarray, np.ndarray], idf: np.ndarray, models: list[Any],
                n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """(kept places, scores) of a partition's stories, each from the fold that left it out;
    a section a fold never saw scores -1 ("not it")."""
    counts, rows, where_fold = job
    features = _tfidf(counts[rows], idf)
    scores = np.full((len(rows), n_classes), -1.0)
    for fold, model in enumerate(models):
        mine = np.flatnonzero(where_fold[:, 1] == fold)
        if not len(mine):
            continue
        decision = model.decision_function(features[mine])
        if decision.ndim == 1:  # two sections: one score, for the second
            decision = np.column_stack([-decision, decision])
        scores[np.ix_(mine, model.classes_)] = decision
    return where_fold[:, 0], scores


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed inverse document frequencies, as scikit-learn's TfidfTransformer computes
    them for float32 counts (so one process and a cluster weigh alike)."""
    frequencies = df.astype(np.float32) + 1.0
    idf = np.full_like(frequencies, fill_value=n + 1, dtype=np.float32)
    idf /= frequencies
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def _tfidf(counts: Any, idf: np.ndarray) -> Any:
    """Sublinear TF-IDF, L2-normalised rows (TfidfTransformer(sublinear_tf=True))."""
    from sklearn.preprocessing import normalize

    features = counts.copy()
    np.log(features.data, features.data)
    features.data += 1.0
    features.data *= idf[features.indices]
    return normalize(features, norm="l2", copy=False)


def out_of_fold_probabilities(features: _Features, labels: np.ndarray, seed: int = 0,
                              train_mask: np.ndarray | None = None) -> np.ndarray:
    """Class probabilities for each story from a model trained on the other folds (and,
    with ``train_mask``, only on the stories it allows).

    One linear SVM per fold gives every story an out-of-fold score per section; one
    sigmoid per section (Platt scaling), fitted on the out-of-fold scores of the stories
    the model may learn from, turns scores into probabilities. The scores are already
    out of fold, so no inner cross-validation is needed to calibrate.
    """
    scores = out_of_fold_scores(features, labels, seed, train_mask)
    trusted = np.ones(len(labels), dtype=bool) if train_mask is None else train_mask
    n_classes = scores.shape[1]
    probs = np.empty_like(scores)
    for k in range(n_classes):
        a, b = _platt(scores[trusted, k], labels[trusted] == k)
        probs[:, k] = 1.0 / (1.0 + np.exp(a * scores[:, k] + b))
    probs /= probs.sum(axis=1, keepdims=True)
    return probs


def out_of_fold_scores(features: _Features, labels: np.ndarray, seed: int = 0,
                       train_mask: np.ndarray | None = None) -> np.ndarray:
    """Each story's SVM score per section (one-vs-rest), from the fold that left it out."""
    from sklearn.model_selection import StratifiedKFold

    n_classes = int(labels.max()) + 1
    rng = random.Random(seed)
    fold_of = np.empty(len(labels), dtype=np.int64)
    trains = []
    for fold, (train, test) in enumerate(StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
                                         .split(np.zeros(len(labels)), labels)):
        fold_of[test] = fold
        if train_mask is not None:
            train = train[train_mask[train]]
        if len(train) > MAX_TRAIN_STORIES:
            train = np.array(sorted(rng.sample(list(train), MAX_TRAIN_STORIES)))
        trains.append(train)
    return features.scores(features.fit(trains, labels, seed), fold_of, n_classes)


def _platt(scores: np.ndarray, positive: np.ndarray) -> tuple[float, float]:
    """Platt's sigmoid ``1 / (1 + exp(a*score + b))`` fitted to the labels, with his
    smoothed targets (as scikit-learn's ``CalibratedClassifierCV(method="sigmoid")``)."""
    from scipy.optimize import minimize
    from scipy.special import expit, xlogy

    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    target = np.where(positive, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))

    def loss(ab: np.ndarray) -> float:
        p = expit(-(ab[0] * scores + ab[1]))
        return float(-(xlogy(target, p) + xlogy(1.0 - target, 1.0 - p)).sum())

    def grad(ab: np.ndarray) -> np.ndarray:
        p = expit(-(ab[0] * scores + ab[1]))
        d = target - p  # d loss / d (a*score + b)
        return np.array([float(d @ scores), float(d.sum())])

    prior = np.log((n_neg + 1.0) / (n_pos + 1.0))
    found = minimize(loss, np.array([0.0, prior]), jac=grad, method="L-BFGS-B")
    return float(found.x[0]), float(found.x[1])


def _findings(keys: list[int | str], given: np.ndarray, features: _Features, sections: list[str],
              seed: int) -> Iterator[Finding]:
    from cleanlab.filter import find_label_issues

    first = out_of_fold_probabilities(features, given, seed)
    suspects = find_label_issues(labels=given, pred_probs=first, filter_by="prune_by_noise_rate")
    probs = out_of_fold_probabilities(features, given, seed + 1, train_mask=~suspects)
    issues = find_label_issues(labels=given, pred_probs=probs, filter_by="low_self_confidence")
    for i in range(len(keys)):
        likely = int(np.argmax(probs[i]))
        p_given, p_likely = float(probs[i, given[i]]), float(probs[i, likely])
        if likely == given[i]:
            continue
        ranked = issues[i] and p_likely >= MIN_SUGGESTED_PROB and p_given <= MAX_GIVEN_PROB
        contradicted = p_given <= CONTRADICTED_GIVEN_PROB and p_likely >= CONTRADICTED_LIKELY_PROB
        if not (ranked or contradicted):
            continue
        filed, suggested = sections[given[i]], sections[likely]
        yield Finding(
            key=keys[i], check="category", severity="warning", field="section", evidence=filed,
            message=(f"filed under “{filed}”, but its text reads like “{suggested}” "
                     f"(probability {p_likely:.2f} against {p_given:.2f}, from a model of the "
                     f"archive's own {len(keys)} stories); an editor should decide"),
            fix=Fix(field="section", before=filed, after=suggested, safe=False))
