"""Plain-text dumps, one article per file: ``*.txt`` under a folder, or one file.

The text is kept as bytes; extraction reads headline, notice and body from it. Only an
obvious URL line at the top or bottom (``URL: http://…``) is read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from morgue.pipeline.records import RawPage, SourceProblem

from .base import FileSource
from .files import Entry, iter_entries, mtime_utc
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
    """One article per text file, in sorted path order."""

    __slots__ = ()

    def _entries(self) -> Iterator[Entry]:
        single = not os.path.isdir(self.path)
        for entry in iter_entries(self.path):
            if single or entry.error is not None or entry.locator.lower().endswith(TEXT_SUFFIXES):
                yield entry

    def estimate(self) -> int | None:
        return sum(1 for entry in self._entries() if entry.error is None)

    def pages(self) -> Iterator[RawPage | SourceProblem]:
        for entry in self._entries():
            if entry.error is not None:
                yield self.problem(entry.locator, f"cannot list folder: {entry.error}")
                continue
            try:
                with open(entry.path, "rb") as fh:
                    content = fh.read()
            except OSError as exc:
                yield self.problem(entry.locator, f"cannot read file: {exc.strerror or exc}")
                continue
            if not content.strip():
                reason = "empty file" if not content else "empty file (only whitespace)"
                yield self.problem(entry.locator, reason, content or None)
                continue
            junk = binary_reason(content)
            if junk:
                yield self.problem(entry.locator, junk, content)
                continue
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
