"""The `morgue` command line: thin commands over the library.

Each command sets up Django for the chosen archive home, calls one library function
and turns its errors into a clean message and an exit status.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                           TaskProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from morgue import config
from morgue.pipeline.records import FORMATS

console = Console(stderr=True)
out = Console()

# Exit statuses: 0 all went well; 1 the job ran but some input was recorded as a
# problem (see `morgue errors`); 2 usage errors (click's own).
EXIT_PROBLEMS = 1


def _setup_django(migrate: bool = False) -> None:
    """Configure Django for the archive home chosen on the command line or environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    if migrate:
        _migrate_quietly()
    else:
        _require_initialised()


def _migrate_quietly() -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.MORGUE_HOME.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _require_initialised() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        tables = connection.introspection.table_names()
    except OperationalError as exc:
        raise click.ClickException(f"cannot open the archive database: {exc}") from exc
    if "archive_article" not in tables:
        raise click.ClickException(
            f"no archive at {config.home()}: run `morgue init` (or `morgue ingest PATH`) "
            "first, or point --home / MORGUE_HOME at an existing archive")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path),
              help="Archive folder (SQLite database and capture store). "
                   "Default: $MORGUE_HOME or ./archive.")
@click.version_option(package_name="morgue")
def cli(home: Path | None) -> None:
    """morgue moves a newspaper's archive to a new website without losing a word.

    \b
    Typical session:
      morgue init
      morgue ingest old-site-mirror/ crawl-2009.warc.gz dumps/
      morgue stats
      morgue errors
      morgue export --format jsonl -o articles.jsonl
    """
    if home is not None:
        os.environ["MORGUE_HOME"] = str(home)


@cli.command()
def init() -> None:
    """Create the archive: its folder, database tables and secret key.

    Safe to run again: it only adds what is missing.

    \b
    Example:
      morgue --home /srv/ledger-archive init
    """
    home = config.home()
    home.mkdir(parents=True, exist_ok=True)
    key_file = home / "secret.key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    _setup_django(migrate=True)
    from django.conf import settings

    out.print(f"Archive ready at [bold]{home}[/] "
              f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
              f"captures: {settings.MORGUE_STORE})")


class _RichProgress:
    """Adapts the library's progress calls to a Rich bar with counts and ETA."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = None

    def start(self, label: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=True)
            self.progress.stop_task(self.task)
        self.task = self.progress.add_task(_short(label), total=total)

    def advance(self, pages: int) -> None:
        self.progress.advance(self.task, pages)


def _short(path: str, width: int = 40) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1):]


def _parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise click.BadParameter(f"{pair!r} is not FIELD=COLUMN", param_hint="--map")
        mapping[ours.strip()] = theirs.strip()
    return mapping


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Read every PATH as this format instead of detecting it from content.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for storing and extracting pages.")
@click.option("--map", "column_map", multiple=True, metavar="FIELD=COLUMN",
              help="For CSV/JSON Lines exports: which column holds a field, e.g. "
                   "--map headline=Title --map published=PubDate. Repeatable.")
@click.option("--base-url", help="Site URL for a mirror whose folder names no host, "
                                 "e.g. http://www.eveningledger.com")
def ingest(paths: tuple[str, ...], fmt: str | None, workers: int,
           column_map: tuple[str, ...], base_url: str | None) -> None:
    """Read legacy material into captures and article records.

    PATH may be a folder of saved pages (wget/HTTrack mirror), WARC or ARC files
    (gzipped or not), a folder of text dumps, a JSON Lines or CSV export, or a
    WordPress WXR export; the format is detected from content. Original bytes are kept
    unaltered; ingesting the same material again adds nothing, and a run that was
    interrupted is finished by running the same command again.

    Exits 1 when some input could not be ingested; `morgue errors` says what and why.

    \b
    Examples:
      morgue ingest mirror/www.eveningledger.com
      morgue ingest --workers 2 crawls/*.warc.gz
      morgue ingest --map headline=Title --map body=Story export.csv
    """
    column_mapping = _parse_map(column_map)
    _setup_django(migrate=True)
    from morgue.archive.loading import IngestOptions
    from morgue.archive.loading import ingest as run_ingest
    from morgue.pipeline.sources import UnknownFormat

    options = IngestOptions(format=fmt, workers=workers, column_map=column_mapping,
                            base_url=base_url)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TaskProgressColumn(), TimeElapsedColumn(),
               TextColumn("eta"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, transient=False) as bar:
            result = run_ingest(list(paths), options, progress=_RichProgress(bar))
    except UnknownFormat as exc:
        raise click.ClickException(str(exc)) from exc
    table = Table(title=f"Ingest run {result.run_id}", show_header=False)
    for label, value in (("pages read", result.pages_seen),
                         ("already in the archive", result.already_had),
                         ("captures added", result.captures_added),
                         ("articles added", result.articles_added),
                         ("exact copies (no new article)", result.duplicates),
                         ("errors", result.errors), ("warnings", result.warnings)):
        table.add_row(label, f"{value:,}")
    out.print(table)
    if result.errors:
        console.print(f"[yellow]{result.errors} input(s) could not be ingested; "
                      "their bytes are kept where they could be read. "
                      "See `morgue errors`.[/]")
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True, help="Export format.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def export(fmt: str, output) -> None:
    """Write every article, one JSON object per line.

    Keys: id, legacy_url, source, url, headline, dek, bylines, dateline, published
    (YYYY-MM-DD or null), section, tags, body (paragraphs separated by a blank line),
    language, word_count, capture_sha256, status, findings, corrections, and more.

    \b
    Example:
      morgue export --format jsonl -o articles.jsonl
    """
    _setup_django()
    from morgue.archive.export import write_jsonl

    count = write_jsonl(output)
    console.print(f"{count:,} articles written")


@cli.command()
def stats() -> None:
    """Count what the archive holds: captures, articles, years, sections, problems.

    \b
    Example:
      morgue stats
    """
    _setup_django()
    from morgue.archive.stats import archive_stats

    s = archive_stats()
    summary = Table(title=f"Archive at {config.home()}", show_header=False)
    for label, value in (("captures", s.captures), ("  of which exact copies", s.copies),
                         ("articles", s.articles), ("  held back", s.held),
                         ("  without a date", s.undated), ("  without a byline", s.no_byline),
                         ("open errors", s.open_errors), ("open warnings", s.open_warnings)):
        summary.add_row(label, f"{value:,}")
    if s.last_run:
        summary.add_row("last ingest", f"run {s.last_run.pk}, {s.last_run.status}, "
                                       f"{s.last_run.started:%Y-%m-%d %H:%M} UTC")
    out.print(summary)
    out.print(_bar_table("Captures by format", s.by_format))
    out.print(_bar_table("Articles by section", s.by_section))
    out.print(_bar_table("Articles by year", {str(k): v for k, v in s.by_year.items()}))


def _bar_table(title: str, counts: dict[str, int], width: int = 30) -> Table:
    table = Table(title=title, show_header=False, box=None)
    peak = max(counts.values(), default=0)
    for label, n in counts.items():
        table.add_row(label, f"{n:,}", "█" * max(1, round(width * n / peak)) if peak else "")
    if not counts:
        table.add_row("(none)", "", "")
    return table


@cli.command()
@click.option("--all", "show_all", is_flag=True,
              help="Also show problems a later run got past.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def errors(show_all: bool, as_json: bool) -> None:
    """List what could not be ingested, where, and why.

    A problem stays open until a later run gets past that page. Exits 1 when any
    error is open.

    \b
    Examples:
      morgue errors
      morgue errors --json > problems.jsonl
    """
    import json

    _setup_django()
    from morgue.archive.models import Problem

    problems = Problem.objects.order_by("pk")
    if not show_all:
        problems = problems.filter(resolved=False)
    rows = list(problems)
    if as_json:
        for p in rows:
            click.echo(json.dumps({
                "run": p.run_id, "source": p.source, "locator": p.locator, "stage": p.stage,
                "severity": p.severity, "reason": p.reason, "kept_sha256": p.sha256 or None,
                "resolved": p.resolved}, ensure_ascii=False))
    else:
        table = Table(title=f"{len(rows)} problem(s)")
        for column in ("run", "severity", "stage", "where", "reason"):
            table.add_column(column, overflow="fold")
        for p in rows:
            style = "red" if p.severity == Problem.Severity.ERROR else "yellow"
            table.add_row(str(p.run_id), f"[{style}]{p.severity}[/]", p.stage,
                          f"{_short(p.source, 30)}: {p.locator}", p.reason)
        out.print(table)
    if any(p.severity == Problem.Severity.ERROR and not p.resolved for p in rows):
        sys.exit(EXIT_PROBLEMS)


@cli.command("settings")
def show_settings() -> None:
    """Show every setting, its current value (secrets hidden) and what it does."""
    table = Table(title="Settings (environment variables)")
    for column in ("name", "value", "meaning"):
        table.add_column(column, overflow="fold")
    for name, value, help_text in config.shown():
        table.add_row(name, value, help_text)
    out.print(table)


@cli.group()
def sample() -> None:
    """Write sample legacy material: the bundled demo archive or a big generated site."""


@sample.command("build")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def sample_build(dest: Path) -> None:
    """Write the bundled sample archive of The Evening Ledger into DEST.

    A mirror of the old site in two period layouts, a WARC of part of it, text dumps,
    a JSON Lines export and a WordPress export, with realistic transfer problems.

    \b
    Example:
      morgue sample build legacy/ && morgue ingest legacy/*
    """
    from morgue.sample import build_sample_archive

    manifest = build_sample_archive(dest)
    out.print(f"Sample archive written to {manifest.root}: {len(manifest.files)} files, "
              f"{len(manifest.planted)} planted transfer problems (see MANIFEST.json)")


@sample.command("site")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pages", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def sample_site(dest: Path, pages: int, seed: int) -> None:
    """Generate a legacy site of PAGES article pages (for benchmarks and load tests).

    \b
    Example:
      morgue sample site /tmp/big --pages 100000
    """
    from morgue.sample import generate_site

    count = generate_site(dest, pages, seed)
    out.print(f"{count:,} pages written under {dest}")


def main() -> None:
    cli(prog_name="morgue")
