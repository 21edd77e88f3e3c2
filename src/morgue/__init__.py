"""morgue: move a newspaper's archive to a new website without losing or altering a word.

The main verbs, for use from Python (the ``morgue`` command calls the same ones)::

    import morgue

    morgue.setup("tribune-archive")                 # the archive home (else $MORGUE_HOME)
    result = morgue.ingest(["legacy/mirror", "legacy/crawl.warc.gz"])
    checked = morgue.check()                        # transfer checks; holds what must wait
    hits = morgue.find("harbor dredging", section="Local")
    with open("stories.jsonl", "w") as out:
        morgue.export(out)
    article = morgue.extract(open("page.html", "rb").read(), url="http://old.example/a.html")

Importing ``morgue`` is cheap: nothing heavy (Django, extraction) is loaded until a verb
is called, and :func:`extract` never needs Django or an archive at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from morgue.archive.checking import CheckResult
    from morgue.archive.loading import IngestOptions, IngestResult, Progress
    from morgue.pipeline.records import Article
    from morgue.search.query import SearchResult

__all__ = ["check", "export", "extract", "find", "ingest", "setup"]


def setup(home: str | os.PathLike[str] | None = None, create: bool = True) -> None:
    """Use the archive in ``home`` (default: $MORGUE_HOME or ./archive); with ``create``,
    make its folder and database tables when missing. Called by the verbs when needed;
    call it first to choose the home (before Django is set up: once per process)."""
    from django.apps import apps

    if home is not None:
        if apps.ready and Path(home).resolve() != _current_home():
            raise RuntimeError("morgue.setup() chooses the archive once per process; "
                               f"this one already uses {_current_home()}")
        os.environ["MORGUE_HOME"] = str(Path(home).expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
    if not apps.ready:
        import django

        django.setup()
        if create:
            from morgue.cli.app import migrate_quietly

            migrate_quietly()


def _current_home() -> Path:
    from django.conf import settings

    return Path(settings.MORGUE_HOME).resolve()


def _ready() -> None:
    from django.apps import apps

    if not apps.ready:
        setup()


def ingest(paths: Sequence[str | os.PathLike[str]], options: IngestOptions | None = None,
           progress: Progress | None = None) -> IngestResult:
    """Read legacy material (mirrors, WARC/ARC, text dumps, exports) into the archive;
    the format of each path is detected. Resumable; problems are recorded, not raised."""
    _ready()
    from morgue.archive.loading import ingest as run

    return run([str(p) for p in paths], options, progress)


def check(codes: list[str] | None = None, founded: int | None = None,
          workers: int = 1, dask: str | None = None) -> CheckResult:
    """Run the transfer checks (all, or ``codes``) and keep what they find; articles the
    publishing policy holds are held. ``dask``: a scheduler address or ``local:N`` to
    run them on a Dask cluster. Raises ``UnknownCheck`` for a code that is none."""
    _ready()
    from morgue.archive.checking import check_archive, check_options

    return check_archive(codes, check_options(founded), workers=workers, dask=dask)


def find(q: str = "", **filters: Any) -> SearchResult:
    """Search: published stories matching ``q``; filters as
    :class:`morgue.search.SearchQuery` (section, author, date_from, date_to, sort, offset,
    limit). (Named ``find``: ``morgue.search`` is the search package.)"""
    _ready()
    from morgue.search import SearchQuery
    from morgue.search import search as run

    return run(SearchQuery(q=q, **filters))


def export(out: IO[Any], fmt: str = "jsonl", held: bool = False) -> int:
    """Write every published story (``held``: the held ones too) to ``out`` as JSON Lines
    (a text file) or Parquet (a binary file); returns how many."""
    _ready()
    from morgue.archive.export import write_export

    return write_export(out, fmt, held=held)


def extract(content: bytes | str, url: str = "", content_type: str = "text/html") -> Article:
    """The article one page holds: headline, dek, bylines, date, section, body…, with
    ``field_sources`` saying where each field was read. Needs no archive."""
    from morgue.pipeline.extract import extract_article
    from morgue.pipeline.records import RawPage

    data = content.encode("utf-8") if isinstance(content, str) else content
    page = RawPage(content=data, source="<morgue.extract>", locator=url or "page",
                   format="mirror", legacy_url=url or None, content_type=content_type)
    return extract_article(page)
