"""The capture store: original bytes, gzip-compressed, addressed by their SHA-256.

The store is a folder (a plain path or ``file://`` URL) or any fsspec URL that every
worker of a cluster can reach (``s3://bucket/captures``). In a folder a blob is written
once to a temporary file and renamed into place, so a process killed mid-write leaves no
half blob; an object store's put is atomic by itself. Writing the same bytes again
changes nothing. Every read checks that the bytes still hash to their name, so a blob
damaged at rest or in transit is an error, never a silent substitute. A folder store
needs no database, works from worker processes and can be checked with ``zcat`` and
``sha256sum``. Blobs are never modified or deleted by morgue.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

# Level 6 is gzip's default: ~4x on HTML at a fraction of level 9's CPU cost.
COMPRESSION_LEVEL = 6


class BlobMissing(FileNotFoundError):
    pass


class BlobDamaged(ValueError):
    """The stored bytes no longer hash to the name they were stored under."""

    def __init__(self, message: str, actual: str) -> None:
        super().__init__(message)
        #: what the stored bytes hash to now
        self.actual = actual


def is_remote(root: str | os.PathLike[str]) -> bool:
    """True for a store URL other than a local folder (``s3://…``, ``memory://…``)."""
    text = os.fspath(root)
    return "://" in text and not text.startswith("file://")


def local_root(root: str | os.PathLike[str]) -> Path:
    text = os.fspath(root)
    return Path(text.removeprefix("file://")).resolve()


def compress(content: bytes) -> bytes:
    # mtime=0 keeps the compressed file itself reproducible.
    return gzip.compress(content, compresslevel=COMPRESSION_LEVEL, mtime=0)


class CaptureStore:
    def __init__(self, root: str | os.PathLike[str], **storage_options: Any) -> None:
        self.url = os.fspath(root)
        self.remote = is_remote(self.url)
        if self.remote:
            import fsspec

            self.fs, base = fsspec.core.url_to_fs(self.url, **storage_options)
            self.base = base.rstrip("/")
            self.root: str | Path = self.url.rstrip("/")
        else:
            self.root = local_root(self.url)

    def path(self, sha256: str) -> str | Path:
        """Where the blob is: a path in a folder store, a URL in any other."""
        relative = f"{sha256[:2]}/{sha256[2:4]}/{sha256}.gz"
        return f"{self.root}/{relative}" if self.remote else Path(self.root) / relative

    def _key(self, sha256: str) -> str:
        return f"{self.base}/{sha256[:2]}/{sha256[2:4]}/{sha256}.gz"

    def put(self, content: bytes, sha256: str | None = None) -> str:
        """Store ``content`` unless it is already there; return its SHA-256."""
        sha256 = sha256 or hashlib.sha256(content).hexdigest()
        if self.remote:
            key = self._key(sha256)
            if not self.fs.exists(key):
                self.fs.pipe_file(key, compress(content))
            return sha256
        target = Path(self.path(sha256))
        if target.exists():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".gz")
        try:
            with os.fdopen(fd, "wb") as raw:
                raw.write(compress(content))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        """The original bytes; raises BlobMissing, or BlobDamaged when they no longer hash
        to ``sha256``."""
        try:
            if self.remote:
                content = gzip.decompress(self.fs.cat_file(self._key(sha256)))
            else:
                with gzip.open(self.path(sha256), "rb") as fh:
                    content = fh.read()
        except FileNotFoundError as exc:
            raise BlobMissing(f"capture {sha256} is not in the store at {self.root}") from exc
        if (actual := hashlib.sha256(content).hexdigest()) != sha256:
            raise BlobDamaged(f"capture {sha256} in the store at {self.root} is damaged: its "
                              f"bytes hash to {actual[:16]}…; restore it from a backup", actual)
        return content

    def exists(self, sha256: str) -> bool:
        if self.remote:
            return bool(self.fs.exists(self._key(sha256)))
        return Path(self.path(sha256)).exists()

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        try:
            self.get(sha256)
        except BlobDamaged:
            return False
        return True
