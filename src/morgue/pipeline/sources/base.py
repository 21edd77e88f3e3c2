"""What every source shares: its options, the protocol ingest relies on, its errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from morgue.pipeline.records import RawPage, SourceProblem

# A page above this still yields a RawPage (its bytes are what we keep), followed by a
# warning SourceProblem so the archivist sees it: no real article page is this big, so
# one that is usually holds a whole site dump, a video or a runaway CMS loop.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

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
        if self.base_url is not None and "://" not in self.base_url:
            raise ValueError(f"base_url must be an absolute URL like http://host, got {self.base_url!r}")


@runtime_checkable
class Source(Protocol):
    """A readable body of legacy material: a folder, an archive file or an export."""

    #: absolute path of what was given to ingest
    path: str
    #: one of records.FORMATS
    format: str

    def pages(self) -> Iterator[RawPage | SourceProblem]:
        """Stream every page in a stable order; never raise for a bad page."""
        ...

    def estimate(self) -> int | None:
        """A cheap page count for a progress bar, or None when counting is costly."""
        ...


class FileSource:
    """Plumbing shared by the readers: where the source is and how to report trouble."""

    __slots__ = ("path", "format", "options")

    def __init__(self, path: str, format: str, options: SourceOptions) -> None:
        self.path = path
        self.format = format
        self.options = options

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r}, format={self.format!r})"

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

    def pages(self) -> Iterator[RawPage | SourceProblem]:
        raise NotImplementedError

    def estimate(self) -> int | None:
        return None
