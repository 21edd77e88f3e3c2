"""Run a function over a stream of items in worker processes, with bounded memory.

``concurrent.futures`` and ``multiprocessing.Pool.imap`` both read the whole input
ahead of the workers, which for a million-page archive means a million pages in memory.
This keeps at most ``window`` items in flight and yields results in input order, so the
caller can commit them in order and a rerun sees the same sequence.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Two items per worker keeps every worker busy while the parent writes results.
ITEMS_IN_FLIGHT_PER_WORKER = 2


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    workers: int = 1,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, items)
        return
    # forkserver: workers start clean, without the parent's open database connections.
    context = multiprocessing.get_context("forkserver")
    window = workers * ITEMS_IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer,
                             initargs=initargs) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
