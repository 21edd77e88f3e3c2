"""The archive notice a migrated site puts on old articles, recognised by its cues.

"This article is from the archive of The New York Sun before the launch of its new
website…" and "The Evening Ledger moved its back issues to a new site in 2023; stories
originally published before then have not been edited" say the same thing in other
words. A notice is a sentence-shaped block near the top with at least two distinct cues.
"""

from __future__ import annotations

import re

from .lineshape import normalize_space, word_count

__all__ = ["notice_cues", "is_archive_notice"]

#: Distinct cues needed. One cue ("archive") appears in ordinary stories ("the National
#: Archives said…"); two together (archive + transfer, new site + not edited) did not
#: in the seed or the invented papers' stories.
NOTICE_MIN_CUES = 2

#: Notices are a few sentences. A longer block is a story paragraph, whatever it says.
NOTICE_MAX_WORDS = 150

_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "archive": r"\barchiv(?:e|es|ed|al)\b|\bback issues\b",
        "originally published": r"\boriginal(?:ly)? (?:published|appeared|ran|printed)\b",
        "transfer": r"\btransfer(?:red|ring|s)?\b",
        "migration": r"\bmigrat(?:ed|ion|ing)\b|\bmoved (?:its|our|their) (?:archive|back issues|articles|stories)\b",
        "new website": r"\bnew (?:web ?site|site|platform|system)\b|\blaunch of (?:its|our|the) new\b",
        "not altered": (
            r"\b(?:not|neither|never|nor|no)\b(?:\s+\w+){0,3}?\s+"
            r"(?:altered|updated|edited|changed|modified|revised|corrected)\b"
        ),
        "as it appeared": r"\bas (?:it|they) (?:originally )?(?:appeared|ran|were printed|was printed)\b",
    }.items()
}


def notice_cues(text: str) -> set[str]:
    """Names of the archive-notice cues found in ``text``."""
    t = normalize_space(text)
    return {name for name, pattern in _CUES.items() if pattern.search(t)}


def is_archive_notice(text: str) -> bool:
    return word_count(text) <= NOTICE_MAX_WORDS and len(notice_cues(text)) >= NOTICE_MIN_CUES
