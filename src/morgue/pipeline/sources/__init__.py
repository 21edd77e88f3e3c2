"""Sources: read legacy material and yield its original bytes plus provenance.

    source = open_source("mirror/")      # the format is told from the content
    for item in source.pages():          # RawPage, Skipped or SourceProblem, in a stable order
        ...

One module per format, each reading one file: ``mirror`` (saved pages), ``warc`` (WARC
and ARC, with ``warcscan`` finding their records), ``textdump`` (plain-text files),
``exports`` (JSON Lines and CSV), ``wxr`` (WordPress). A folder is a ``folder`` source:
each file in it is read by its own format, or skipped with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from morgue.pipeline.records import FORMATS

from .base import FileSource, Source, SourceOptions, UnknownFormat
from .detect import detect_format
from .exports import CsvSource, JsonlSource
from .folder import FolderSource
from .mirror import MirrorSource
from .textdump import TextDumpSource
from .warc import WarcSource
from .wxr import WxrSource

__all__ = ["READERS", "FolderSource", "Source", "SourceOptions", "UnknownFormat", "detect_format",
           "open_source"]

READERS: dict[str, Callable[[str, str, SourceOptions], FileSource]] = {
    "mirror": MirrorSource,
    "warc": WarcSource,
    "arc": WarcSource,
    "textdump": TextDumpSource,
    "jsonl": JsonlSource,
    "csv": CsvSource,
    "wxr": WxrSource,
}
# formats that are one file; the others also take a folder
_FILE_ONLY = frozenset({"jsonl", "csv", "wxr"})


def open_source(
    path: str | os.PathLike[str], format: str | None = None, options: SourceOptions | None = None
) -> Source:
    """The source at ``path``, read as ``format`` (detected from the content if None).

    A folder is read file by file, each by its own format (``format``: all as that one).
    Raises FileNotFoundError when nothing is at ``path``, UnknownFormat when the format
    cannot be told or is not one of records.FORMATS, ValueError for options that
    cannot work.
    """
    where = os.path.abspath(os.fspath(path))
    if not os.path.lexists(where):
        raise FileNotFoundError(f"no such file or folder: {where}")
    options = options or SourceOptions()
    options.validate()
    if format is not None and format not in READERS:
        raise UnknownFormat(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if os.path.isdir(where):
        if format in _FILE_ONLY:
            raise ValueError(f"a {format} source is one file, but {where} is a folder")
        return FolderSource(where, format or detect_format(where), options, READERS, forced=format)
    chosen = format or detect_format(where)
    return READERS[chosen](where, chosen, options)
