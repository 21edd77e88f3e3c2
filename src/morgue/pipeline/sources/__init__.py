"""Sources: read legacy material and yield its original bytes plus provenance.

    source = open_source("mirror/")      # the format is told from the content
    for item in source.pages():          # RawPage or SourceProblem, in a stable order
        ...

One module per format: ``mirror`` (wget/HTTrack folders), ``warc`` (WARC and ARC),
``textdump`` (plain-text files), ``exports`` (JSON Lines and CSV), ``wxr`` (WordPress).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from morgue.pipeline.records import FORMATS

from .base import Source, SourceOptions, UnknownFormat
from .detect import detect_format
from .exports import CsvSource, JsonlSource
from .mirror import MirrorSource
from .textdump import TextDumpSource
from .warc import WarcSource
from .wxr import WxrSource

__all__ = ["Source", "SourceOptions", "UnknownFormat", "detect_format", "open_source"]

_READERS: dict[str, Callable[[str, str, SourceOptions], Source]] = {
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

    Raises FileNotFoundError when nothing is at ``path``, UnknownFormat when the format
    cannot be told or is not one of records.FORMATS, ValueError for options that
    cannot work.
    """
    where = os.path.abspath(os.fspath(path))
    if not os.path.lexists(where):
        raise FileNotFoundError(f"no such file or folder: {where}")
    options = options or SourceOptions()
    options.validate()
    chosen = format or detect_format(where)
    if chosen not in _READERS:
        raise UnknownFormat(f"unknown format {chosen!r}; use one of {', '.join(FORMATS)}")
    if chosen in _FILE_ONLY and os.path.isdir(where):
        raise ValueError(f"a {chosen} source is one file, but {where} is a folder")
    return _READERS[chosen](where, chosen, options)
