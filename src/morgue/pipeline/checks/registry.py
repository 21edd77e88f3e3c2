"""The check registry: every check declares its code, scope and what it looks for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..records import CheckItem, Finding


@dataclass(slots=True)
class CheckOptions:
    #: the paper's first year, for date-out-of-range; None means "not known"
    founded: int | None = None
    #: the newest date an article can have (default: today)
    latest: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    description: str
    scope: str  # "article" or "corpus"
    article_fn: Callable[[CheckItem, CheckOptions], Iterable[Finding]] | None = None
    corpus_fn: Callable[[Callable[[], Iterable[CheckItem]], CheckOptions],
                        Iterable[Finding]] | None = None

    def run(self, item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
        assert self.article_fn is not None
        yield from self.article_fn(item, options)

    def run_corpus(self, items: Callable[[], Iterable[CheckItem]],
                   options: CheckOptions) -> Iterator[Finding]:
        assert self.corpus_fn is not None
        yield from self.corpus_fn(items, options)


def _missing_headline(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    if not (item.article.headline or "").strip():
        yield Finding(key=item.key, check="missing-headline", severity="warning",
                      field="headline", message="the article has no headline")


# Built-in checks, in the order they run. (A first check; the rest are being written.)
CHECKS: list[Check] = [
    Check("missing-headline", "No headline was found for the article.", "article",
          article_fn=_missing_headline),
]
