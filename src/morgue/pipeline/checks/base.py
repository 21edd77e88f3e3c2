"""What every check is: a code, a scope, a function; and the options they all share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import CheckItem, Finding

if TYPE_CHECKING:
    from .partitioned import Partitioned

__all__ = ["Check", "CheckOptions", "Items"]

#: What corpus checks receive: a callable returning a fresh iterable of items per call.
Items = Callable[[], Iterable[CheckItem]]


@dataclass(slots=True)
class CheckOptions:
    #: the paper's first year, for date-out-of-range; None means "not known"
    founded: int | None = None
    #: the newest date an article can have (default: today)
    latest: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: seed for the checks that learn a model (category), so a rerun gives the same findings
    seed: int = 0

    def latest_date(self) -> dt.date:
        """``latest`` as a date (ISO ``YYYY-MM-DD``), or today."""
        if self.latest:
            return dt.date.fromisoformat(self.latest[:10])
        return dt.date.today()


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    description: str
    scope: str  # "article" or "corpus"
    article_fn: Callable[[CheckItem, CheckOptions], Iterable[Finding]] | None = None
    corpus_fn: Callable[[Items, CheckOptions], Iterable[Finding]] | None = None
    #: the corpus check as reductions over partitions (run on a cluster's workers); its
    #: ``corpus_fn`` is the one-process case of the same code
    partitioned_fn: Callable[[Partitioned], Iterable[Finding]] | None = None

    def run(self, item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
        assert self.article_fn is not None
        yield from self.article_fn(item, options)

    def run_corpus(self, items: Items, options: CheckOptions,
                   archive: Partitioned | None = None) -> Iterator[Finding]:
        """Over ``archive``'s partitions where the check can, else in this process."""
        if archive is not None and self.partitioned_fn is not None:
            yield from self.partitioned_fn(archive)
            return
        assert self.corpus_fn is not None
        yield from self.corpus_fn(items, options)
