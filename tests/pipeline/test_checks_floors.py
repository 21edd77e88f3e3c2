"""The transfer checks must not get worse: a reduced fault benchmark against pinned floors.

Like trafilatura's eval gate: ``benchmarks/fault_floors.json`` holds, per check code, the
precision and recall the reduced, seeded run of ``benchmarks/fault_benchmark.py`` reached,
and a digest of the stories it used. Raising a floor is ``--pin``; lowering one takes
``--pin --allow-lower``, on purpose.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
FLOORS = BENCHMARKS / "fault_floors.json"
REUTERS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reuters21578"


def test_fault_benchmark_floors() -> None:
    if not REUTERS.is_dir():
        pytest.skip(f"Reuters-21578 is not at {REUTERS} (shared data missing)")
    fault_benchmark = fault_benchmark_module()
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert (pinned["seed"], pinned["files"], pinned["per_section"]) == (
        fault_benchmark.REDUCED_SEED, fault_benchmark.REDUCED_FILES, fault_benchmark.REDUCED_PER_SECTION)
    digest, found = fault_benchmark.reduced_scores()
    assert digest == pinned["corpus"], "the benchmark's stories changed: re-pin the floors on purpose"
    assert set(found) == set(pinned["floors"]), "a check was added or removed: pin its floors"
    assert fault_benchmark.below_floors(pinned["floors"], found) == []


def test_real_page_floors() -> None:
    """Faults planted into real pages of many sites, scored on the held-back half."""
    if not (fault_benchmark_module().fault_pages.ZYTE.is_dir()):
        pytest.skip("data/zyte is not there (shared data missing)")
    module = fault_benchmark_module()
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert pinned["pages_per_set"] == module.REDUCED_PAGES
    found = module.reduced_page_scores()
    assert set(found) == set(pinned["pages"]), "a check was added or removed: pin its floors"
    assert module.below_floors(pinned["pages"], found) == []


def test_a_floor_whose_metric_disappeared_fails() -> None:
    module = fault_benchmark_module()
    floors = {"markup": {"precision": 0.9, "recall": 0.9}, "truncated": {"recall": 0.8}}
    found = {"markup": {"precision": 1.0}, "truncated": {"recall": 0.85}}
    assert module.below_floors(floors, found) == ["markup recall missing (floor 0.9)"]
    assert module.below_floors(floors, {"markup": {"precision": 1.0, "recall": 0.5}}) == [
        "markup recall 0.5 < 0.9", "truncated recall missing (floor 0.8)"]


def fault_benchmark_module():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import fault_benchmark
    finally:
        sys.path.remove(str(BENCHMARKS))
    return fault_benchmark
