"""What libraries say while they read one page, kept with that page instead of printed.

readability-lxml logs its own tracebacks, warcio writes warnings to standard error, lxml
and others raise Python warnings: on a terminal that looks like a failure and says
nothing about which page it was. Inside :func:`captured`, log records (WARNING and up)
and anything written to ``sys.stdout``/``sys.stderr`` by the current thread are collected
instead, as short messages the caller records with the page (an article's warnings, a
source problem). Other threads (a progress bar's refresh) write as usual.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A captured message longer than this is cut: a warning names what went wrong, it is
#: not a copy of a traceback or of the page.
MESSAGE_MAX = 300
#: At most this many messages are kept per capture; a library that logs once per
#: element of a broken page would otherwise bury the page's record.
MESSAGES_MAX = 20

_local = threading.local()


def _active() -> list[str] | None:
    return getattr(_local, "messages", None)


def _keep(text: str) -> None:
    messages = _active()
    if messages is None:
        return
    text = " ".join(text.split())
    if not text or len(messages) > MESSAGES_MAX:
        return
    if len(messages) == MESSAGES_MAX:
        messages.append("(more messages left out)")
        return
    messages.append(text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…")


class _ThreadStream(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr: a capturing thread's writes are kept, every
    other thread's go to the stream it replaced."""

    def __init__(self, original) -> None:
        self.original = original

    def write(self, text: str) -> int:
        if _active() is None:
            return self.original.write(text)
        _keep(text)
        return len(text)

    def flush(self) -> None:
        if _active() is None:
            self.original.flush()

    def __getattr__(self, name: str):
        return getattr(self.original, name)


class _Handler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            # not ours: as if this handler were not there
            if logging.lastResort is not None and record.levelno >= logging.lastResort.level:
                logging.lastResort.handle(record)
            return
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message += f" ({type(exc).__name__}: {exc})"
        _keep(f"{record.name}: {message}")


def _install(name: str) -> None:
    stream = getattr(sys, name)
    if not isinstance(stream, _ThreadStream):
        setattr(sys, name, _ThreadStream(stream))


@contextmanager
def captured() -> Iterator[list[str]]:
    """Collect what libraries log or print in this block; yields the list it fills (a
    capture inside another collects its own block's messages, the outer one the rest)."""
    outer = _active()
    handler = None
    if outer is None:
        _install("stdout")
        _install("stderr")
        handler = _Handler()
        logging.getLogger().addHandler(handler)
    messages: list[str] = []
    _local.messages = messages
    try:
        yield messages
    finally:
        _local.messages = outer
        if handler is not None:
            logging.getLogger().removeHandler(handler)
