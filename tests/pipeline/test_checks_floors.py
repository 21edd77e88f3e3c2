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
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import fault_benchmark
    finally:
        sys.path.remove(str(BENCHMARKS))
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert (pinned["seed"], pinned["files"], pinned["per_section"]) == (
        fault_benchmark.REDUCED_SEED, fault_benchmark.REDUCED_FILES, fault_benchmark.REDUCED_PER_SECTION)
    digest, found = fault_benchmark.reduced_scores()
    assert digest == pinned["corpus"], "the benchmark's stories changed: re-pin the floors on purpose"
    assert set(found) == set(pinned["floors"]), "a check was added or removed: pin its floors"
    lower = [f"{code} {metric} {found[code][metric]} < {floor}"
             for code, metrics in pinned["floors"].items() for metric, floor in metrics.items()
             if found[code][metric] < floor]
    assert lower == []
