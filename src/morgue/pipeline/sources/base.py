"""What every source shares: its options, the protocol ingest relies on, its errors."""

from __future__ import annotations

import os
from itertools import islice
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from morgue.pipeline.records import Skipped, SourceItem, SourceProblem

from .files import Entry, NotRegularFile, read_error

# A page above this still yields a RawPage (its bytes are what we keep), followed by a
# warning SourceProblem so the archivist sees it: no real article page is this big, so
# one that is usually holds a whole site dump, a video or a runaway CMS loop.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# A file or record above this is not read at all (a problem says so; the bytes stay where
# they are): reading it would hold that much in memory in every worker, and a link to
# /dev/zero or a runaway log would grow until memory runs out. Four times the warning
# size above, so a real page over the warning is still read and kept.
DEFAULT_READ_LIMIT = 4 * DEFAULT_MAX_BYTES

#: the names a column map may set: the keys of ``RawPage.fields`` for CMS exports
EXPORT_FIELDS = (
    "headline",
    "dek",
    "bylines",
    "published",
    "section",
    "tags",
    "body",
    "body_html",
    "body_text",
    "legacy_url",
    "language",
    "id",
)


class UnknownFormat(ValueError):
    """The format of a source could not be told from its content."""


@dataclass(slots=True)
class SourceOptions:
    """Every knob a source takes, in one place."""

    #: our field name -> column (or JSON key) name in the export; overrides the guesses
    column_map: dict[str, str] = field(default_factory=dict)
    #: site root for mirrors whose host cannot be read from the folder layout
    base_url: str | None = None
    #: pages above this many bytes are yielded with a warning (see DEFAULT_MAX_BYTES)
    max_bytes: int = DEFAULT_MAX_BYTES
    #: files and records above this many bytes are not read (see DEFAULT_READ_LIMIT)
    read_limit: int = DEFAULT_READ_LIMIT

    def validate(self) -> None:
        """Raise ValueError when an option cannot work, before any file is read."""
        unknown = sorted(set(self.column_map) - set(EXPORT_FIELDS))
        if unknown:
            raise ValueError(
                f"column_map names unknown field(s) {', '.join(unknown)}; "
                f"known fields: {', '.join(EXPORT_FIELDS)}"
            )
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.read_limit <= 0:
            raise ValueError(f"read_limit must be positive, got {self.read_limit}")
        if self.base_url is not None and "://" not in self.base_url:
            raise ValueError(f"base_url must be an absolute URL like http://host, got {self.base_url!r}")


@runtime_checkable
class Source(Protocol):
    """A readable body of legacy material: a folder, an archive file or an export."""

    #: absolute path of what was given to ingest
    path: str
    #: one of records.FORMATS (a folder: the format most of its files have)
    format: str
    @property
    def formats(self) -> frozenset[str]:
        """Every format the source holds (a folder can hold several)."""
        ...

    def pages(self) -> Iterator[SourceItem]:
        """Stream every page, skip and problem in a stable order; never raise for a bad page."""
        ...

    def estimate(self) -> int | None:
        """A cheap page count for a progress bar, or None when counting is costly."""
        ...


class FileSource:
    """Plumbing shared by the readers: where the source is and how to report trouble.

    A reader reads one file at a time (:meth:`read_entry`), so a folder of mixed
    material hands each file to the reader of its own format, and every reader says the
    same things the same way about a file it cannot read.
    """

    __slots__ = ("path", "format", "options")

    def __init__(self, path: str, format: str, options: SourceOptions) -> None:
        self.path = path
        self.format = format
        self.options = options

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r}, format={self.format!r})"

    @property
    def formats(self) -> frozenset[str]:
        return frozenset({self.format})

    def skip(self, locator: str, kind: str, reason: str) -> Skipped:
        return Skipped(source=self.path, locator=locator, kind=kind, reason=reason)

    def unreadable(self, locator: str, exc: OSError) -> SourceProblem | Skipped:
        """What to say about a file that could not be opened or read: a special file
        (a FIFO, a device) is skipped, anything else is a problem."""
        if isinstance(exc, NotRegularFile):
            return self.skip(locator, "special file", f"{exc}: not read")
        return self.problem(locator, read_error(exc))

    def entry_item(self, entry: Entry) -> SourceProblem | Skipped | None:
        """What an entry that is not a readable file yields (None for a readable one)."""
        if entry.error is not None:
            return self.problem(entry.locator, f"cannot list folder: {entry.error}")
        if entry.skipped is not None:
            return self.skip(entry.locator, *entry.skipped)
        return None

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        """Everything in one file of the source (see the class doc)."""
        raise NotImplementedError

    def read_range(self, entry: Entry, start: int, stop: int | None) -> Iterator[SourceItem]:
        """Records ``start`` to ``stop`` of one file (what ``read_entry`` yields, counted)."""
        return islice(self.read_entry(entry), start, stop)

    def count_records(self, entry: Entry) -> int | None:
        """How many records :meth:`read_range` counts in the file; None when this reader
        does not cut its files."""
        return None

    def entries(self) -> Iterator[Entry]:
        """The source's own path as one entry (a folder source walks it instead)."""
        yield Entry(os.path.basename(self.path), self.path)

    def problem(
        self, locator: str, reason: str, content: bytes | None = None, *, severity: str = "error"
    ) -> SourceProblem:
        return SourceProblem(
            source=self.path, locator=locator, reason=reason, content=content, severity=severity
        )

    def oversize(self, locator: str, size: int) -> SourceProblem | None:
        """The warning that follows a page bigger than ``options.max_bytes``, if it is."""
        if size <= self.options.max_bytes:
            return None
        return self.problem(
            locator,
            f"page is {size} bytes, over the limit of {self.options.max_bytes}; kept as is",
            severity="warning",
        )

    def pages(self) -> Iterator[SourceItem]:
        for entry in self.entries():
            item = self.entry_item(entry)
            if item is None:
                yield from self.read_entry(entry)
            else:
                yield item

    def estimate(self) -> int | None:
        return None
