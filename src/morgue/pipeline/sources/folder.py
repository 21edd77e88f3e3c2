"""A folder of legacy material: every file in it read by its own format, or said why not.

A real migration hands over folders that hold several kinds of thing: a mirror with a
few text dumps in it, crawls beside an export, pages beside their images. Each file is
given to the reader of the format its name and first bytes show (``--format`` names one
format for all of them instead); a file that is none (an image, a stylesheet, a crawler
log), a hidden name, a link to a folder or a special file is yielded as
:class:`~morgue.pipeline.records.Skipped` with the reason. Nothing under the folder goes
unaccounted for.
"""

from __future__ import annotations

from itertools import islice
from collections.abc import Callable, Iterator

from morgue.pipeline.records import SourceItem

from .base import FileSource, SourceOptions
from .detect import SNIFF_BYTES, TEXT_SUFFIX, file_format, folder_formats, skip_reason
from .files import Entry, iter_entries, read_head
from .mirror import SKIP_DIRS, Kind, classify, sniffs_as_html
from .warc import archive_format, is_archive_name


class FolderSource(FileSource):
    """Every file under a folder, in sorted path order."""

    __slots__ = ("forced", "_found", "_readers", "_make")

    def __init__(self, path: str, format: str, options: SourceOptions,
                 readers: dict[str, Callable[[str, str, SourceOptions], FileSource]],
                 forced: str | None = None) -> None:
        super().__init__(path, format, options)
        #: the format every file is read as (``--format``), or None to tell file by file
        self.forced = forced
        self._found: frozenset[str] | None = None
        self._make = readers
        self._readers: dict[str, FileSource] = {}

    @property
    def formats(self) -> frozenset[str]:
        """The formats seen in a sample of the folder's files (or the one forced)."""
        if self._found is None:
            sampled = folder_formats(self.path)[0] if self.forced is None else ()
            self._found = frozenset(sampled) | {self.format}
        return self._found

    def entries(self) -> Iterator[Entry]:
        return iter_entries(self.path, SKIP_DIRS)

    def estimate(self) -> int | None:
        if self.formats & {"warc", "arc", "jsonl", "csv", "wxr"}:
            return None  # files of many records: counting means reading them
        return sum(1 for _entry in self.entries())

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        name = entry.locator.rsplit("/", 1)[-1]
        try:
            chosen = self._format_of(name, entry)
        except OSError as exc:
            yield self.unreadable(entry.locator, exc)
            return
        if chosen is None:
            yield self.skip(entry.locator, *self._why_not(name, entry))
            return
        yield from self._reader(chosen).read_entry(entry)

    def read_range(self, entry: Entry, start: int, stop: int | None) -> Iterator[SourceItem]:
        chosen = self._format_of(entry.locator.rsplit("/", 1)[-1], entry)
        if chosen is None:  # was a file of records when the partitions were planned
            yield from islice(self.read_entry(entry), start, stop)
            return
        yield from self._reader(chosen).read_range(entry, start, stop)

    def count_records(self, entry: Entry) -> int | None:
        try:
            chosen = self._format_of(entry.locator.rsplit("/", 1)[-1], entry)
        except OSError:
            return None
        return None if chosen is None else self._reader(chosen).count_records(entry)

    def _format_of(self, name: str, entry: Entry) -> str | None:
        if self.forced is None:
            return file_format(name, lambda: read_head(entry.path, SNIFF_BYTES))
        kind = classify(name)
        if kind is Kind.SKIP and not name.lower().endswith(TEXT_SUFFIX):
            return None  # an asset by its name stays one whatever the format asked for
        if self.forced == "mirror" and kind is Kind.SNIFF:
            # no page name: a page only if it reads as HTML
            return "mirror" if sniffs_as_html(read_head(entry.path, SNIFF_BYTES)) else None
        if self.forced in ("warc", "arc") and not is_archive_name(name) \
                and archive_format(read_head(entry.path, SNIFF_BYTES)) is None:
            return None
        return self.forced

    def _why_not(self, name: str, entry: Entry) -> tuple[str, str]:
        if self.forced == "mirror" and classify(name) is Kind.SNIFF:
            return "other file", "no page name, and its first bytes are not HTML"
        if self.forced in ("warc", "arc") and classify(name) is not Kind.SKIP:
            return "other file", "neither named nor made like a WARC/ARC file"
        return skip_reason(name)

    def _reader(self, chosen: str) -> FileSource:
        if chosen not in self._readers:
            self._readers[chosen] = self._make[chosen](self.path, chosen, self.options)
        return self._readers[chosen]
