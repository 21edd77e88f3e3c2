"""Corpus checks as reductions over partitions of the archive, in one process or on a cluster.

A corpus check written this way never holds the archive: it maps a function over
partitions of check items (in this process, or on a cluster's workers), and what the map
emits for the whole archive is cut into **buckets** by a hash of its key and spooled to
disk, so each reduction reads one bucket: a fixed number of stories' worth, whatever the
archive's size. Only what the rule needs of the whole archive (candidate pairs of
copies, lines repeated in several stories) comes back to the caller.

The one-process run of a check is the one-bucket case of the same code, with the map a
plain loop: the rules are written once.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from ..records import CheckItem
from .base import CheckOptions, Items

__all__ = ["Buckets", "Mapper", "PartitionFailed", "Partitioned", "bucket_count", "one_process", "ordinal",
           "partition_of", "partitioned", "serial_map", "stable_hash"]

R = TypeVar("R")

#: Stories per partition when a one-process run cuts the archive (same as a cluster's).
PARTITION_STORIES = 500
#: Bits of an ordinal that hold a story's place in its partition.
_PLACE_BITS = 32


class PartitionFailed(RuntimeError):
    """A task of a reduction failed on the cluster (it raised, or kept killing workers)."""


class Mapper(Protocol):
    """Runs ``fn(job, *shared)`` for every job, results in job order."""

    def __call__(self, fn: Callable[..., R], jobs: Iterable[Any], *shared: Any) -> Iterator[R]: ...


def serial_map(fn: Callable[..., R], jobs: Iterable[Any], *shared: Any) -> Iterator[R]:
    """The one-process :class:`Mapper`: a loop."""
    for job in jobs:
        yield fn(job, *shared)


@dataclass(slots=True)
class Partitioned:
    """The archive cut into partitions, and where to run work on them."""

    #: a fresh iterator of the partitions (lists of items) per call, same cut every time
    partitions: Callable[[], Iterator[list[CheckItem]]]
    run: Mapper
    options: CheckOptions
    #: stories in the archive when known; None keeps everything in one bucket
    stories: int | None = None

    def jobs(self, *extra: Callable[[int], Any]) -> Iterator[tuple[Any, ...]]:
        """(partition number, items, *each of ``extra`` called with the number)."""
        for p, items in enumerate(self.partitions()):
            yield (p, items, *(make(p) for make in extra))

    def buckets(self, per_bucket: int, share: float = 1.0) -> int:
        return bucket_count(self.stories, per_bucket, share)


def one_process(items: Items, options: CheckOptions) -> Partitioned:
    """The archive of a one-process run: cut as it streams, worked on by a loop, every
    reduction in one bucket."""
    return partitioned(items, serial_map, options)


def partitioned(items: Items, run: Mapper, options: CheckOptions, stories: int | None = None,
                size: int = PARTITION_STORIES) -> Partitioned:
    """``items`` cut into partitions of ``size`` as they stream (the same cut every pass)."""
    def partitions() -> Iterator[list[CheckItem]]:
        stream = iter(items())
        while batch := list(islice(stream, size)):
            yield batch

    return Partitioned(partitions, run, options, stories)


def bucket_count(stories: int | None, per_bucket: int, share: float = 1.0) -> int:
    """Buckets so that each holds about ``per_bucket`` stories' rows (``share``: the part
    of the archive that emits rows); one when the size is not known."""
    if not stories:
        return 1
    return max(1, math.ceil(stories * share / per_bucket))


def ordinal(partition: int, place: int) -> int:
    """A story's place in the archive's reading order, comparable across partitions."""
    return partition << _PLACE_BITS | place


def partition_of(ordinal_: int) -> int:
    return ordinal_ >> _PLACE_BITS


def stable_hash(text: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` of a str is
    salted per process, so two workers would disagree)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


class Buckets:
    """What a map emitted, spooled to disk per bucket; each bucket is read back whole.

    The caller holds one map output at a time, so its memory stays flat while the spool
    grows with the archive.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._dir = tempfile.TemporaryDirectory(prefix="morgue-buckets-")
        self._files: dict[int, IO[bytes]] = {}

    def add(self, bucket: int, payload: Any) -> None:
        out = self._files.get(bucket)
        if out is None:
            out = self._files[bucket] = open(self._path(bucket), "ab")  # noqa: SIM115 - kept open
        pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)

    def add_all(self, payloads: Iterable[tuple[int, Any]]) -> None:
        for bucket, payload in payloads:
            self.add(bucket, payload)

    def read(self, bucket: int) -> list[Any]:
        """Every payload added to ``bucket``, in the order added."""
        out = self._files.pop(bucket, None)
        if out is not None:
            out.close()
        path = self._path(bucket)
        if not path.exists():
            return []
        found = []
        with open(path, "rb") as spool:
            while True:
                try:
                    found.append(pickle.load(spool))
                except EOFError:
                    return found

    def _path(self, bucket: int) -> Path:
        return Path(self._dir.name) / f"{bucket}.pickle"

    def close(self) -> None:
        for out in self._files.values():
            out.close()
        self._files.clear()
        self._dir.cleanup()

    def __enter__(self) -> Buckets:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
