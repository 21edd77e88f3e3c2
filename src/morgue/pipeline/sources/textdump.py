"""Plain-text dumps, one article per file.

The text is kept as bytes; extraction reads headline, notice and body from it. Only an
obvious URL line at the top or bottom (``URL: http://…``) is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from morgue.pipeline.records import RawPage, SourceItem

from .base import FileSource
from .files import Entry, mtime_utc, read_capped
from .sniff import binary_reason

TEXT_SUFFIXES = (".txt",)
# how far from either end the first/last line is looked for; a URL line is short
URL_LINE_WINDOW = 4096
# a line like "URL: http://…" or "Source: https://…" naming where the text came from
_URL_LINE = re.compile(
    r"^\s*(?:url|source|link|permalink|original url|canonical)\s*:\s*(https?://\S+)\s*$",
    re.IGNORECASE,
)


def url_line(content: bytes) -> str | None:
    """The URL on the first or last non-blank line, when that line is only a URL label."""
    first = next((line for line in content[:URL_LINE_WINDOW].splitlines() if line.strip()), b"")
    tail = content[-URL_LINE_WINDOW:].splitlines()
    last = next((line for line in reversed(tail) if line.strip()), b"")
    for line in (first, last):
        match = _URL_LINE.match(line.decode("utf-8", errors="replace"))
        if match:
            return match.group(1)
    return None


class TextDumpSource(FileSource):
    """One article per text file (a folder of them is read by :class:`.folder.FolderSource`)."""

    __slots__ = ()

    def estimate(self) -> int | None:
        return 1

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        try:
            content = read_capped(entry.path, self.options.read_limit)
        except OSError as exc:
            yield self.unreadable(entry.locator, exc)
            return
        if not content.strip():
            reason = "empty file" if not content else "empty file (only whitespace)"
            yield self.problem(entry.locator, reason, content or None)
            return
        junk = binary_reason(content)
        if junk:
            yield self.problem(entry.locator, junk, content)
            return
        yield RawPage(
            content=content,
            source=self.path,
            locator=entry.locator,
            format=self.format,
            legacy_url=url_line(content),
            captured_at=mtime_utc(entry.path),
            content_type="text/plain",
        )
        warning = self.oversize(entry.locator, len(content))
        if warning:
            yield warning
