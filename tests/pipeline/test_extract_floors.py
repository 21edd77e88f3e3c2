"""Extraction may not get worse: the reduced, seeded benchmark run against pinned floors.

Like trafilatura's evaluation gate: ``benchmarks/extraction_floors.json`` holds the
numbers the reduced run of ``benchmarks/extraction.py`` reached (zyte body F1 on its
first pages; every field of a small Reuters site, page by page and with a learned
profile). A change that lowers one fails here; raising a floor, or lowering one on
purpose, is ``python benchmarks/extraction.py --pin``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
REUTERS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "reuters21578"


@pytest.fixture(scope="module")
def extraction():
    if not REUTERS.is_dir():
        pytest.skip(f"the Reuters-21578 data is not at {REUTERS}")
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
    reached = extraction.reduced_run()
    dropped = {name: (reached.get(name), floor) for name, floor in pinned["floors"].items()
               if name in reached and reached[name] < floor}
    assert not dropped, f"below the pinned floors (reached, floor): {dropped}"
    if extraction.ZYTE.is_dir():
        assert "zyte_f1" in reached
