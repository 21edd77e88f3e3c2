"""Walking folders and reading files the same way for every file-based source."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

GZIP_MAGIC = b"\x1f\x8b"
# zlib's window-bits value that reads (only) the gzip wrapper
_GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass(frozen=True, slots=True)
class Entry:
    """A file under a source root, a folder that could not be listed, or something not
    walked into (a hidden name, a link to a folder), with why."""

    #: path relative to the source root with ``/`` separators (the file name for a file root)
    locator: str
    #: the path to open
    path: str
    #: set when this entry is a folder whose listing failed
    error: OSError | None = None
    #: (kind, reason) when this entry is not read at all; every such entry is reported
    skipped: tuple[str, str] | None = None

    @property
    def readable(self) -> bool:
        return self.error is None and self.skipped is None


def iter_entries(root: str, skip_dirs: frozenset[str] = frozenset()) -> Iterator[Entry]:
    """Every file under ``root`` in sorted path order; ``root`` itself if it is a file.

    Only one folder listing is held at a time, so memory stays flat however many files
    there are. Hidden names (``.git``, ``.DS_Store``), folders named in ``skip_dirs`` and
    symlinked folders (a mirror can hold loops) are not walked into, but each is yielded
    with ``skipped`` set, so nothing under a path goes unaccounted for; symlinked files
    are listed, so a dangling one surfaces as an unreadable file rather than vanishing.
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
        child_rel = f"{rel}/{child.name}" if rel else child.name
        try:
            is_dir = child.is_dir(follow_symlinks=False)
            linked_dir = not is_dir and child.is_symlink() and child.is_dir()
        except OSError:
            is_dir = linked_dir = False
        if child.name.startswith("."):
            what = "hidden folder" if is_dir else "hidden file"
            yield Entry(child_rel, child.path, skipped=(what, f"{what} (name starts with a dot): not read"))
        elif linked_dir:
            yield Entry(child_rel, child.path, skipped=(
                "link to a folder", "symbolic link to a folder: not followed (a mirror can hold loops)"))
        elif is_dir and child.name.lower() in skip_dirs:
            yield Entry(child_rel, child.path, skipped=("crawler folder", "the crawler's own folder: not read"))
        elif is_dir:
            yield from _walk(child.path, child_rel, skip_dirs)
        else:
            yield Entry(child_rel, child.path)


class NotRegularFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket): never read, since
    reading one can block for ever or never end."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}, not a regular file")
        self.what = what


class TooLarge(OSError):
    """A file over the read limit: not read at all, so memory stays bounded."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, over the read limit of {limit}; not read, left where it is")
        self.size = size
        self.limit = limit


_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def open_regular(path: str) -> tuple[int, os.stat_result]:
    """Open a regular file for reading without ever blocking; (descriptor, its stat).

    Raises :class:`NotRegularFile` for FIFOs, devices, sockets (also behind a symbolic
    link: a link to ``/dev/zero`` never ends), OSError when it cannot be opened.
    """
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a regular file")
            raise NotRegularFile(what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def open_file(path: str):
    """A regular file opened for binary reading (see :func:`open_regular`)."""
    fd, _info = open_regular(path)
    return os.fdopen(fd, "rb")


def read_capped(path: str, limit: int) -> bytes:
    """A regular file's bytes, refused before reading when over ``limit`` bytes."""
    fd, info = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        data = fh.read(limit + 1)  # a file that grows while read is cut here
    if len(data) > limit:
        raise TooLarge(len(data), limit)
    return data


def read_error(exc: OSError) -> str:
    """Why a file could not be read, in words: the start of a problem's reason."""
    if isinstance(exc, (NotRegularFile, TooLarge)):
        return f"not read: {exc}"
    if exc.errno == errno.ENOENT and exc.filename and os.path.islink(exc.filename):
        return "cannot read file: broken symbolic link (its target is missing)"
    return f"cannot read file: {exc.strerror or exc}"


def mtime_utc(path: str) -> dt.datetime | None:
    """The file's modification time in UTC, or None if it cannot be read."""
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, tz=dt.UTC)
    except (OSError, OverflowError, ValueError):
        return None


def gunzip(data: bytes, limit: int | None = None) -> tuple[bytes, str | None]:
    """Decompress every gzip member in ``data``; on failure keep what came out.

    Returns the decompressed bytes and, when the stream is damaged, a message saying
    how ("truncated gzip: …", "corrupt gzip: …"), so the caller can report it and still
    keep the readable part. At most ``limit`` bytes come out (a gzip bomb is a problem,
    not an out-of-memory crash).
    """
    out: list[bytes] = []
    got = 0
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=_GZIP_WBITS)
        room = 0 if limit is None else limit - got + 1  # 0: no limit
        try:
            chunk = inflater.decompress(rest, room)
            out.append(chunk)
            if not room or len(chunk) < room:
                out.append(inflater.flush())
        except zlib.error as exc:
            return b"".join(out), f"corrupt gzip: {exc}"
        got = sum(len(part) for part in out)
        if limit is not None and got > limit:
            return b"".join(out)[:limit], (
                f"gzip data decompresses to more than the read limit of {limit} bytes; "
                "only that much was read")
        if not inflater.eof:
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
    """The first ``size`` bytes of a regular file (raises OSError like open, and
    :class:`NotRegularFile` for what is not one)."""
    with open_file(path) as fh:
        return fh.read(size)


def strip_eol(line: bytes) -> bytes:
    """A line without its terminator: the record is the line, the newline separates."""
    if line.endswith(b"\r\n"):
        return line[:-2]
    if line.endswith((b"\n", b"\r")):
        return line[:-1]
    return line
