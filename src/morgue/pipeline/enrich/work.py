"""What an enrichment worker does: read a batch of stories with one loaded model.

Runs in worker processes without Django; the parent process writes the results.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import EnrichOptions, enrich_text
from .records import Enrichment

__all__ = ["StoryText", "enrich_batch", "init_worker"]

_options: EnrichOptions | None = None


@dataclass(slots=True)
class StoryText:
    id: int
    body: str
    headline: str = ""
    section: str = ""


def init_worker(model: str) -> None:
    global _options
    _options = EnrichOptions(model=model)


def enrich_batch(batch: list[StoryText]) -> list[tuple[int, Enrichment]]:
    options = _options or EnrichOptions()
    return [(s.id, enrich_text(s.body, s.headline, s.section, options)) for s in batch]
