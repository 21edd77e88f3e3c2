"""Counts in words, with the right plural: "1 account", "2 accounts", "1,204 stories"."""

from __future__ import annotations

__all__ = ["plural"]

#: English plurals that are not the word plus "s".
_IRREGULAR = {"story": "stories", "entry": "entries", "fix": "fixes", "address": "addresses",
              "copy": "copies", "discrepancy": "discrepancies", "query": "queries",
              "is": "are", "was": "were", "has": "have"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, the word in the plural unless the count is one."""
    if count == 1:
        return f"1 {word}"
    head, _, last = word.rpartition(" ")
    if many is None:
        many = (f"{head} " if head else "") + _IRREGULAR.get(last, last + "s")
    return f"{count:,} {many}"
