"""How much of a source a profile reads: pages per template, fields found per template.

What ``morgue profile show --on SOURCE`` prints, and what ingest uses to decide whether
a source has enough pages of a template no profile matches to learn one first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract.html import HtmlPage, parse_page
from ..extract.kinds import page_kind
from ..records import Article, RawPage
from .apply import apply_template, match_template
from .model import FIELDS, Profile

__all__ = ["Coverage", "coverage", "unmatched_pages"]


@dataclass(slots=True)
class Coverage:
    pages: int = 0
    #: "profile/template" -> pages it matched
    matched: Counter[str] = field(default_factory=Counter)
    #: "profile/template" -> field -> pages where the template's rule found it
    found: dict[str, Counter[str]] = field(default_factory=dict)
    unmatched: int = 0
    #: a few legacy URLs of pages no template matched
    unmatched_examples: list[str] = field(default_factory=list)


def coverage(profiles: list[Profile], pages: Iterable[RawPage], examples: int = 5) -> Coverage:
    result = Coverage()
    for page in pages:
        if page_kind(page) != "html":
            continue
        result.pages += 1
        parsed = parse_page(page, Article())
        matched = match_template(parsed.root, profiles) if parsed is not None else None
        if matched is None or parsed is None:
            result.unmatched += 1
            if len(result.unmatched_examples) < examples:
                result.unmatched_examples.append(page.legacy_url or page.locator)
            continue
        profile, template = matched
        key = f"{profile.name}/{template.name}"
        result.matched[key] += 1
        counts = result.found.setdefault(key, Counter())
        article = apply_template(page, parsed, profile, template)
        if article is None:
            continue
        counts["body"] += 1
        for name in FIELDS:
            if article.field_sources.get(name, "").startswith("profile "):
                counts[name] += 1
    return result


def unmatched_pages(profiles: list[Profile], pages: Iterable[RawPage]) -> list[RawPage]:
    """The HTML pages no template of ``profiles`` matches."""
    out: list[RawPage] = []
    for page in pages:
        if page_kind(page) != "html":
            continue
        parsed: HtmlPage | None = parse_page(page, Article())
        if parsed is not None and profiles and match_template(parsed.root, profiles) is not None:
            continue
        out.append(page)
    return out
