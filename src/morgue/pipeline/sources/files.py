"""Walking folders and reading files the same way for every file-based source."""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

GZIP_MAGIC = b"\x1f\x8b"
# zlib's window-bits value that reads (only) the gzip wrapper
_GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass(frozen=True, slots=True)
class Entry:
    """A file under a source root, or a folder that could not be listed."""

    #: path relative to the source root with ``/`` separators (the file name for a file root)
    locator: str
    #: the path to open
    path: str
    #: set when this entry is a folder whose listing failed
    error: OSError | None = None


def iter_entries(root: str, skip_dirs: frozenset[str] = frozenset()) -> Iterator[Entry]:
    """Every file under ``root`` in sorted path order; ``root`` itself if it is a file.

    Only one folder listing is held at a time, so memory stays flat however many files
    there are. Hidden names (``.git``, ``.DS_Store``) are skipped, and symlinked folders
    are not followed (a mirror can hold loops); symlinked files are listed, so a dangling
    one surfaces as an unreadable file rather than vanishing.
    """
    if not os.path.isdir(root):
        yield Entry(os.path.basename(root), root)
        return
    yield from _walk(root, "", skip_dirs)


def _walk(folder: str, rel: str, skip_dirs: frozenset[str]) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as listing:
            children = sorted(listing, key=lambda child: child.name)
    except OSError as exc:
        yield Entry(rel or ".", folder, exc)
        return
    for child in children:
        if child.name.startswith("."):
            continue
        child_rel = f"{rel}/{child.name}" if rel else child.name
        try:
            is_dir = child.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if child.name.lower() not in skip_dirs:
                yield from _walk(child.path, child_rel, skip_dirs)
        else:
            yield Entry(child_rel, child.path)


def mtime_utc(path: str) -> dt.datetime | None:
    """The file's modification time in UTC, or None if it cannot be read."""
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, tz=dt.UTC)
    except (OSError, OverflowError, ValueError):
        return None


def gunzip(data: bytes) -> tuple[bytes, str | None]:
    """Decompress every gzip member in ``data``; on failure keep what came out.

    Returns the decompressed bytes and, when the stream is damaged, a message saying
    how ("truncated gzip: …", "corrupt gzip: …"), so the caller can report it and still
    keep the readable part.
    """
    out: list[bytes] = []
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
        try:
            out.append(inflater.decompress(rest))
            out.append(inflater.flush())
        except zlib.error as exc:
            return b"".join(out), f"corrupt gzip: {exc}"
        if not inflater.eof:
            got = sum(len(part) for part in out)
            return b"".join(out), (
                f"truncated gzip: compressed data ends before the end of the stream "
                f"({got} bytes could be decompressed)"
            )
        rest = inflater.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            # gzip(1) ignores zero padding after the last member; anything else is junk
            if rest.strip(b"\x00"):
                return b"".join(out), f"corrupt gzip: {len(rest)} bytes of junk after the data"
            break
    return b"".join(out), None


def peek_gunzip(head: bytes, limit: int) -> bytes:
    """Up to ``limit`` decompressed bytes from the start of a gzip stream, for sniffing."""
    inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
    try:
        return inflater.decompress(head, limit)
    except zlib.error:
        return b""


def read_head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of a file (raises OSError like open)."""
    with open(path, "rb") as fh:
        return fh.read(size)


def strip_eol(line: bytes) -> bytes:
    """A line without its terminator: the record is the line, the newline separates."""
    if line.endswith(b"\r\n"):
        return line[:-2]
    if line.endswith((b"\n", b"\r")):
        return line[:-1]
    return line
