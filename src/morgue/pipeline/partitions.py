"""Split a source into partitions that any worker of a cluster can read on its own.

A partition names files of a source (a shard of a folder's files) or a range of the
records of one file (an export's lines), never the bytes themselves: the worker opens
the files, so the client sends a few hundred bytes per partition whatever the archive's
size. Its key is stable across runs, so a rerun finds which partitions are done.

A folder is cut into shards of ``size`` files, with each file that holds many records
(a WARC, an export) a partition of its own; a JSON Lines export is cut into ranges of
``size`` lines. A WARC file is one partition up to :data:`SPLIT_BYTES`; a bigger one is
counted (one scan on the client, nothing parsed) and cut into ranges of ``size``
records, so several workers share it; each scans past the records before its range.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from morgue.pipeline import sources
from morgue.pipeline.records import SourceItem
from morgue.pipeline.sources.base import FileSource, SourceOptions
from morgue.pipeline.sources.files import Entry

#: Pages per partition by default: a few seconds of one worker's extraction, so the
#: scheduler's ~1 ms per task is lost in the noise and a killed worker loses little.
PARTITION_PAGES = 500

#: A WARC/ARC file at least this big is cut into ranges of records. Crawlers rotate their
#: files at about 1 GB: one such file is minutes of one worker's extraction.
SPLIT_BYTES = 256 * 1024 * 1024
_SPLIT_FORMATS = (".warc", ".warc.gz", ".arc", ".arc.gz")

# File names that hold many records each, so each is a partition of its own.
_MANY_RECORDS = (".warc", ".warc.gz", ".arc", ".arc.gz", ".jsonl", ".jsonl.gz", ".ndjson",
                 ".csv", ".csv.gz", ".xml")


@dataclass(frozen=True, slots=True)
class Partition:
    #: the path given to ingest (absolute), as in every page's ``source``
    source: str
    #: the source's format (a folder: the format most of its files have)
    format: str
    #: ``--format`` when one was forced on every file of a folder
    forced: str | None
    options: SourceOptions
    entries: tuple[Entry, ...]
    #: a range of the one entry's records; ``stop`` None reads to the end
    start: int = 0
    stop: int | None = None

    @property
    def key(self) -> str:
        """Stable across runs over the same material: the files, or the file and range."""
        first, last = self.entries[0].locator, self.entries[-1].locator
        if self.start or self.stop is not None:
            return f"{first} records {self.start}-{'' if self.stop is None else self.stop}"
        return first if len(self.entries) == 1 else f"{first} … {last} ({len(self.entries)} files)"

    def items(self) -> Iterator[SourceItem]:
        """Every page, skip and problem of the partition, as the whole source yields them."""
        reader = reopen(self.source, self.format, self.options, self.forced)
        for entry in self.entries:
            if (item := reader.entry_item(entry)) is not None:
                yield item
            elif self.start or self.stop is not None:
                yield from reader.read_range(entry, self.start, self.stop)
            else:
                yield from reader.read_entry(entry)


def _warc_records(source: sources.Source, entry: Entry) -> int | None:
    """Records in a WARC/ARC file big enough to cut (None: leave it whole)."""
    if not entry.locator.lower().endswith(_SPLIT_FORMATS):
        return None
    try:
        if os.path.getsize(entry.path) < SPLIT_BYTES:
            return None
    except OSError:
        return None  # its partition reports why it cannot be read
    return source.count_records(entry)  # type: ignore[attr-defined]


def reopen(path: str, format: str, options: SourceOptions, forced: str | None) -> FileSource:
    """The source at ``path`` with its format already known (no detection again)."""
    if os.path.isdir(path):
        return sources.FolderSource(path, format, options, sources.READERS, forced=forced)
    return sources.READERS[format](path, format, options)


def plan(source: sources.Source, options: SourceOptions, forced: str | None,
         size: int = PARTITION_PAGES) -> Iterator[Partition]:
    """The partitions of ``source`` in its reading order, listing its files as it goes."""
    def partition(entries: list[Entry], start: int = 0, stop: int | None = None) -> Partition:
        return Partition(source.path, source.format, forced, options, tuple(entries), start, stop)

    def ranges(entry: Entry, count: int | None) -> Iterator[Partition]:
        if not count or count <= size:
            yield partition([entry])
            return
        starts = range(0, count, size)
        for start in starts:  # the last range is open: a count that fell short loses nothing
            yield partition([entry], start, None if start == starts[-1] else start + size)

    if not os.path.isdir(source.path):
        entry = Entry(os.path.basename(source.path), source.path)
        count = source.estimate() if source.format == "jsonl" else _warc_records(source, entry)
        yield from ranges(entry, count)
        return
    shard: list[Entry] = []
    for entry in source.entries():  # type: ignore[attr-defined]
        if entry.readable and entry.locator.lower().endswith(_MANY_RECORDS):
            if shard:  # in reading order, so the first of two copies stays the first
                yield partition(shard)
                shard = []
            yield from ranges(entry, _warc_records(source, entry))
            continue
        shard.append(entry)
        if len(shard) >= size:
            yield partition(shard)
            shard = []
    if shard:
        yield partition(shard)
