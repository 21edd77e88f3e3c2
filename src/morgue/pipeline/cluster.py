"""Run partitions on a Dask cluster: connect, send work with bounded memory, get results.

Workers know no database: a task reads its partition's files, stores every page's
bytes in the capture store (a folder or URL every worker reaches) and extracts the
articles; the client process writes the results. When a worker dies mid-task the
scheduler gives its partitions to another worker; a partition that keeps killing
workers comes back as failed, and the others go on.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from morgue.pipeline.checks.partitioned import PartitionFailed
from morgue.pipeline.extract import CorpusHints
from morgue.pipeline.partitions import Partition
from morgue.pipeline.profiles import Profile
from morgue.pipeline.records import RawPage, Skipped, SourceProblem
from morgue.pipeline.work import Processed, process_page_with
from morgue.store import CaptureStore

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

#: Partitions in flight per worker thread: one running, one queued, so no worker waits
#: while the client writes, and the client holds at most this many results.
IN_FLIGHT_PER_THREAD = 2
LOCAL_PREFIX = "local:"


class BadAddress(ValueError):
    pass


@dataclass(slots=True)
class PartitionResult:
    key: str
    processed: list[Processed]
    problems: list[SourceProblem | Skipped]
    #: seconds the worker spent on the partition
    seconds: float = 0.0
    #: the worker's peak resident memory so far, in bytes
    peak_rss: int = 0
    worker: str = ""


@dataclass(slots=True)
class Done:
    """One item's outcome: its result, or why its task failed (it raised, or it kept
    killing the workers it ran on)."""

    item: Any
    result: Any = None
    failure: str | None = None


def parse_address(address: str) -> tuple[str, int]:
    """("local", N) for ``local:N``; ("scheduler", 0) for a scheduler address."""
    if address.startswith(LOCAL_PREFIX):
        count = address[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise BadAddress(f"{address!r}: local:N needs a worker count of 1 or more, "
                             "e.g. local:2")
        return "local", int(count)
    if "://" not in address and ":" not in address:
        raise BadAddress(f"{address!r} is not a scheduler address; give tcp://HOST:8786 "
                         "(see `dask scheduler`) or local:N for N workers on this machine")
    return "scheduler", 0


@contextmanager
def connect(address: str, processes: bool = True) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster for ``local:N``
    (one thread per worker process: extraction holds the GIL)."""
    kind, workers = parse_address(address)
    from distributed import Client, LocalCluster

    if kind == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="20s")
    except OSError as exc:
        raise BadAddress(f"no Dask scheduler answers at {address}: {exc}. Start one with "
                         "`dask scheduler` and workers with `dask worker ADDRESS`") from exc
    with client:
        yield client


def threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def map_in_order(client: Client, fn: Callable[..., R], items: Iterable[T], *args: Any
                ) -> Iterator[Done]:
    """``fn(item, *args)`` for every item on the cluster, outcomes in input order.

    In order, so results are written as one process would write them (the first of two
    identical pages stays the first). At most IN_FLIGHT_PER_THREAD items per worker
    thread are submitted at a time, so a million-page source never sits in the client's
    or the scheduler's memory at once.
    """
    window = threads(client) * IN_FLIGHT_PER_THREAD
    pending: deque[tuple[T, Any]] = deque()

    def outcome() -> Done:
        item, future = pending.popleft()
        try:
            # a result held by a worker that died since is computed again, and waited for
            done = Done(item, future.result())
        except Exception as exc:  # noqa: BLE001 - the task's error, or KilledWorker
            done = Done(item, failure=f"{type(exc).__name__}: {exc}")
        future.release()
        return done

    for item in items:
        pending.append((item, client.submit(fn, item, *args, pure=False)))
        if len(pending) >= window:
            yield outcome()
    while pending:
        yield outcome()


def cluster_map(client: Client) -> Callable[..., Iterator[Any]]:
    """A :class:`morgue.pipeline.checks.Mapper` running on the cluster: ``fn(job, *shared)``
    per job, in order, at most IN_FLIGHT_PER_THREAD jobs per thread at a time. ``shared``
    (a model, merged counts) is sent to every worker once, not with every job. Raises
    :class:`PartitionFailed` on the first job that failed."""
    def run(fn: Callable[..., R], jobs: Iterable[Any], *shared: Any) -> Iterator[R]:
        sent = [client.scatter([value], broadcast=True, hash=False)[0] for value in shared]
        try:
            for done in map_in_order(client, fn, jobs, *sent):
                if done.failure is not None:
                    raise PartitionFailed(f"{getattr(fn, '__name__', fn)} failed on the cluster: "
                                          f"{done.failure}")
                yield done.result
        finally:
            for future in sent:
                future.release()

    return run


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def run_partition(partition: Partition, store_url: str, hints: CorpusHints | None,
                  profiles: list[Profile] | None) -> PartitionResult:
    """Read, store and extract one partition on a worker."""
    started = time.perf_counter()
    store = CaptureStore(store_url)
    processed: list[Processed] = []
    problems: list[SourceProblem | Skipped] = []
    for item in partition.items():
        if isinstance(item, RawPage):
            processed.append(process_page_with(item, store, hints, profiles))
        else:
            problems.append(item)
    return PartitionResult(partition.key, processed, problems,
                           seconds=time.perf_counter() - started, peak_rss=peak_rss(),
                           worker=f"{os.uname().nodename}:{os.getpid()}")
