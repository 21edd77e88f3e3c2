"""Results go into docs/benchmarks.md, each benchmark's between its own pair of markers,
so a rerun replaces its own section and leaves the others alone."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def write_section(name: str, block: str, heading: str = "", command: str = "") -> None:
    """Put ``block`` between the markers called ``name`` (it may carry them itself),
    after the ``command`` that produced it; where the doc has none yet, append it at the
    end under ``heading``."""
    begin, end = markers(name)
    if command:
        block = f"Command: `{command}`\n\n{block}"
    if not block.startswith(begin):
        block = f"{begin}\n{block.rstrip()}\n{end}"
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if begin in doc and end in doc:
        head, rest = doc.split(begin, 1)
        doc = head + block.rstrip("\n") + rest.split(end, 1)[1]
    else:
        title = f"{heading}\n\n" if heading else ""
        doc = doc.rstrip("\n") + f"\n\n{title}{block.rstrip()}\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(doc, encoding="utf-8")
