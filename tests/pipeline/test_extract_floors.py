"""Extraction may not get worse: the reduced, seeded benchmark run against pinned floors.

Like trafilatura's evaluation gate: ``benchmarks/extraction_floors.json`` holds the
numbers the reduced run of ``benchmarks/extraction.py`` reached (zyte body F1 on its
first pages; every field of a small Reuters site, page by page and with a learned
profile; the publication day on the first htmldate-eval pages). A change that lowers
one fails here, and so does a metric that is no longer measured (or measured but not
pinned); raising a floor, or lowering one on purpose, is
``python benchmarks/extraction.py --pin``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
REUTERS, ZYTE, HTMLDATE_EVAL = DATA / "reuters21578", DATA / "zyte", DATA / "htmldate-eval"


@pytest.fixture(scope="module")
def extraction():
    for data in (REUTERS, ZYTE, HTMLDATE_EVAL):
        if not data.is_dir():
            pytest.skip(f"the benchmark data is not at {data}")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import extraction as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def test_floors_hold(extraction) -> None:
    pinned = json.loads((BENCHMARKS / "extraction_floors.json").read_text(encoding="utf-8"))
    assert pinned["corpus"] == extraction.corpus_hash(), \
        "the benchmark data changed: re-measure and re-pin with `python benchmarks/extraction.py --pin`"
    problems = floor_problems(pinned["floors"], extraction.reduced_run())
    assert not problems, problems


def floor_problems(floors: dict[str, float], reached: dict[str, float]) -> list[str]:
    """What is wrong with a run against the pinned floors: a metric gone, one below its
    floor, one measured but not pinned."""
    problems = [f"no longer measured: {name}" for name in sorted(set(floors) - set(reached))]
    problems += [f"below its floor: {name} {reached[name]:.4f} < {floor}" for name, floor in floors.items()
                 if name in reached and reached[name] < floor]
    problems += [f"measured but not pinned: {name}" for name in sorted(set(reached) - set(floors))]
    return problems


def test_a_gate_fails_when_a_metric_disappears_or_drops() -> None:
    floors = {"zyte_f1": 0.97, "dates_day": 0.9}
    assert floor_problems(floors, {"zyte_f1": 0.98, "dates_day": 0.91}) == []
    assert floor_problems(floors, {"zyte_f1": 0.98}) == ["no longer measured: dates_day"]
    assert floor_problems(floors, {"zyte_f1": 0.96, "dates_day": 0.91}) == ["below its floor: zyte_f1 0.9600 < 0.97"]
    assert floor_problems(floors, {**floors, "new": 1.0}) == ["measured but not pinned: new"]
