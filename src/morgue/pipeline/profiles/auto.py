"""Before ingest reads a site: learn a profile for the templates no profile covers yet.

The good path is the default one: when a source holds enough pages of a template that
no profile in the archive home matches, :func:`profiles_for_source` learns one from a
sample of those pages, saves it beside the others, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..records import RawPage
from .coverage import unmatched_pages
from .learn import learn_profile, sample_pages
from .model import Profile, save_profile

__all__ = ["ProfilePlan", "profiles_for_source", "AUTO_LEARN_MIN_PAGES"]

#: A template is learned before ingest when the sample holds at least this many of its
#: pages that no profile matches: enough for rules to agree on, more than a handful of
#: section fronts and error pages.
AUTO_LEARN_MIN_PAGES = 20
#: Pages sampled before ingest: half of what `morgue profile learn` reads, so the first
#: ingest of a site waits ~10 s, not ~20 s, before its first page.
AUTO_SAMPLE = 100


@dataclass(slots=True)
class ProfilePlan:
    profiles: list[Profile]
    #: profiles learned for this source, with where they were saved
    learned: list[tuple[Profile, Path]] = field(default_factory=list)


def profiles_for_source(pages: Iterable[RawPage], profiles: list[Profile], folder: Path | None, *,
                        sample: int = AUTO_SAMPLE, min_pages: int = AUTO_LEARN_MIN_PAGES,
                        source: str = "") -> ProfilePlan:
    """The profiles to read a source with, after learning one for its uncovered
    templates (saved in ``folder``; not saved when ``folder`` is None)."""
    plan = ProfilePlan(list(profiles))
    chosen = sample_pages(pages, sample)
    uncovered = unmatched_pages(plan.profiles, chosen)
    if len(uncovered) < min_pages:
        return plan
    learned = learn_profile(uncovered, sample=len(uncovered), min_pages=min_pages, source=source)
    if not learned.templates:
        return plan
    taken = {p.name for p in plan.profiles}
    base = learned.name
    n = 1
    while learned.name in taken or (folder is not None and (folder / f"{learned.name}.yaml").exists()):
        n += 1
        learned.name = f"{base}-{n}"
    for i, template in enumerate(learned.templates, start=1):
        template.name = f"{learned.name}-{i}"
    path = Path(folder) / f"{_file_name(learned.name)}.yaml" if folder is not None else None
    if path is not None:
        save_profile(learned, path)
    plan.profiles.append(learned)
    plan.learned.append((learned, path or Path(learned.name)))
    return plan


def _file_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "profile"
