"""Transfer checks: find what went wrong in the move, one named check per kind of fault.

Each check has a stable code (``encoding``, ``chrome``, ``duplicate``…), looks at one
article at a time or at the whole archive, and yields :class:`Finding` records with the
evidence and, where a safe one exists, a proposed :class:`Fix`. Checks never change an
article: fixes become corrections in the archive's log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..records import CheckItem, Finding
from .items import capture_text, check_item
from .partitioned import Mapper, Partitioned
from .registry import CHECKS, CODES, Check, CheckOptions

__all__ = ["CHECKS", "CODES", "Check", "CheckOptions", "Mapper", "Partitioned", "article_findings",
           "capture_text", "check_item", "run_checks"]


def run_checks(items: Callable[[], Iterable[CheckItem]], options: CheckOptions | None = None,
               only: set[str] | None = None, articles_done: bool = False,
               archive: Partitioned | None = None) -> Iterator[Finding]:
    """Run every registered check (or those in ``only``) over the articles.

    ``items`` returns a fresh iterable each call: corpus-wide checks read the archive
    more than once (learn, then judge), so it is streamed, never held in a list.
    ``articles_done``: the per-article checks already ran elsewhere (on a cluster, with
    :func:`article_findings`); only the corpus checks run here. ``archive``: the same
    items cut into partitions and a cluster to work on them; the corpus checks written as
    reductions run there, so this process never holds what they learn of every story.
    """
    options = options or CheckOptions()
    chosen = [c for c in CHECKS if only is None or c.code in only]
    if not articles_done and any(c.scope == "article" for c in chosen):
        for item in items():
            yield from article_findings(item, options, only)
    for check in chosen:
        if check.scope == "corpus":
            yield from check.run_corpus(items, options, archive)


def article_findings(item: CheckItem, options: CheckOptions, only: set[str] | None = None
                     ) -> Iterator[Finding]:
    """The per-article checks (all, or those in ``only``) on one article."""
    for check in CHECKS:
        if check.scope == "article" and (only is None or check.code in only):
            yield from check.run(item, options)
