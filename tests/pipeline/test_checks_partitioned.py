"""Corpus checks as reductions on a real Dask cluster find what one process finds.

The archive is the fault benchmark's generated one (Markov stories from Reuters, with
planted near, exact and cut copies, chrome, moved sections), cut into many small partitions and many
buckets, so pairs and repeated lines cross partitions and buckets. The cluster's
workers are separate processes: a hash salted per process would show here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from morgue.pipeline.checks import run_checks
from morgue.pipeline.checks import chrome as chrome_module
from morgue.pipeline.checks import duplicate as duplicate_module
from morgue.pipeline.checks.partitioned import Partitioned, partitioned, serial_map
from morgue.pipeline.records import CheckItem, Finding

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
#: Reuters-21578, which the generated stories are made from
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
#: Small partitions and buckets, so that copies and repeated lines cross both.
PARTITION = 37
PER_BUCKET = 60


#: Stories generated: enough for every kind of copy and a section model.
STORIES = 1200


@pytest.fixture(scope="module")
def bench_items(tmp_path_factory: pytest.TempPathFactory) -> list[CheckItem]:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared test data is not at {SHARED_DATA}")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import fault_benchmark
    finally:
        sys.path.remove(str(BENCHMARKS))
    path = tmp_path_factory.mktemp("scaled") / "articles.pickle"
    fault_benchmark.write_scaled(STORIES, path)
    return list(fault_benchmark.read_scaled(path)())


@pytest.fixture(scope="module")
def cluster_run() -> Iterator[Any]:
    from morgue.pipeline.cluster import cluster_map, connect

    with connect("local:2") as client:
        yield cluster_map(client)


@pytest.fixture(autouse=True)
def small_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duplicate_module, "STORIES_PER_BUCKET", PER_BUCKET)
    monkeypatch.setattr(duplicate_module, "GROUP_STORIES_PER_BUCKET", PER_BUCKET // 4)
    monkeypatch.setattr(chrome_module, "STORIES_PER_BUCKET", PER_BUCKET)


def _options():
    from morgue.pipeline.checks import CheckOptions

    return CheckOptions(founded=1995, latest="2024-01-01", seed=0)


def _archive(items: list[CheckItem], run: Any) -> Partitioned:
    return partitioned(lambda: iter(items), run, _options(), len(items), PARTITION)


def _plain(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return sorted((str(f.key), f.check, f.message, f.evidence, f.field or "", repr(f.span), repr(f.fix),
                   tuple(map(str, f.related)), f.blocking) for f in findings)


@pytest.mark.parametrize("code", ["duplicate", "chrome", "category"])
def test_the_cluster_finds_what_one_process_finds(bench_items: list[CheckItem], cluster_run: Any,
                                                  code: str) -> None:
    here = list(run_checks(lambda: iter(bench_items), _options(), {code}))
    archive = _archive(bench_items, cluster_run)
    assert archive.buckets(PER_BUCKET) >= 5  # many buckets, many partitions
    there = list(run_checks(lambda: iter(bench_items), _options(), {code}, articles_done=True,
                            archive=archive))
    assert len(here) >= 30, f"the fixture must trigger {code}"
    assert _plain(there) == _plain(here)
    if code == "duplicate":  # near, exact and cut copies all planted and found
        messages = " ".join(f.message for f in here)
        assert "a near copy" in messages and "an exact copy" in messages and "a shorter copy" in messages


def test_no_reduction_reads_every_story(bench_items: list[CheckItem]) -> None:
    """Each bucket a reduction reads holds a bounded share of the archive's rows: the
    signatures and lines of every story are never in one place."""
    seen: dict[str, list[int]] = {}

    def watching(fn: Any, jobs: Any, *shared: Any) -> Iterator[Any]:
        def counted() -> Iterator[Any]:
            for job in jobs:
                if fn.__name__ in ("candidate_pairs", "repeated_lines"):
                    seen.setdefault(fn.__name__, []).append(sum(len(rows) for rows, _ in job))
                yield job
        return serial_map(fn, counted(), *shared)

    archive = _archive(bench_items, watching)
    list(duplicate_module.duplicate_findings(archive))
    list(chrome_module.chrome_findings(archive))
    stories = len(bench_items)
    for name, per_row in (("candidate_pairs", 2 * len(duplicate_module._BANDS)), ("repeated_lines", None)):
        sizes = seen[name]
        assert len(sizes) == archive.buckets(PER_BUCKET) >= 5
        # hashing spreads rows evenly: no bucket has more than twice its share
        assert max(sizes) <= 2 * sum(sizes) / len(sizes), (name, sizes)
        if per_row is not None:
            assert max(sizes) <= 2 * PER_BUCKET * per_row < stories * per_row


def test_one_bucket_is_the_one_process_case() -> None:
    """No archive size known: one bucket, as a laptop run has."""
    archive = partitioned(lambda: iter([]), serial_map, _options())
    assert archive.buckets(10) == 1
    assert list(duplicate_module.duplicate_findings(archive)) == []
    assert duplicate_module.candidate_pairs([]) == []
    pairs = duplicate_module.candidate_pairs([(
        np.array([[7, 1, 100], [7, 2, 100], [7, 3, 200], [9, 3, 200], [9, 4, 300]], dtype=np.int64),
        np.array([[100, 1], [100, 2], [200, 3], [300, 4]], dtype=np.int64))])
    # 2 is an exact copy of 1: paired with it, not indexed; 1 and 3 share band 7, 3 and 4 band 9
    assert pairs == [(1, 2), (1, 3), (3, 4)]
