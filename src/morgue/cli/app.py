"""The `morgue` group and what every command shares: Django setup, consoles, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                           TaskProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from morgue import config
from morgue.counts import plural

__all__ = ["EXIT_PROBLEMS", "cli", "console", "out", "plural", "bar_label", "progress_bar", "setup_django", "short"]

console = Console(stderr=True)
out = Console()

# Exit statuses: 0 all went well; 1 the job ran but some input was recorded as a
# problem (see `morgue errors`); 2 usage errors (click's own).
EXIT_PROBLEMS = 1


def setup_django(migrate: bool = False) -> None:
    """Configure Django for the archive home chosen on the command line or environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    if migrate:
        migrate_quietly()
    else:
        require_initialised()


def migrate_quietly() -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.MORGUE_HOME.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def require_initialised() -> None:
    from django.db import connection
    from django.db.utils import OperationalError

    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and not Path(name).exists():
        # Connecting would create an empty database file: say what to do instead.
        raise click.ClickException(
            f"no archive at {config.home()}: run `morgue --home {config.home()} init` to "
            "make one there, or point --home / MORGUE_HOME at an existing archive")
    try:
        tables = connection.introspection.table_names()
    except OperationalError as exc:
        raise click.ClickException(
            f"cannot open the archive database: {exc}; check MORGUE_DATABASE_URL (or "
            "[database] url in morgue.toml) and that the database server is running") from exc
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
      morgue init --paper "The Riverton Tribune" --source old-site-mirror/
      morgue migrate          # crawl, ingest, check, fix, report, verdict
      morgue show 42          # one article, and where each field came from
      morgue serve
    """
    if home is not None:
        os.environ["MORGUE_HOME"] = str(home)
    try:
        config.read_plan()  # a broken plan file stops every command with the reason
    except config.PlanError as exc:
        raise click.ClickException(str(exc)) from exc




def short(path: str, width: int = 40) -> str:
    """A path shortened to fit a column: its start and its end are kept and the middle is
    cut (cutting from the left would lose which source it was)."""
    if len(path) <= width:
        return path
    tail = (2 * width) // 3
    return path[:width - 1 - tail] + "…" + path[-tail:]


def progress_bar(transient: bool = False) -> Progress:
    """A progress bar with counts, elapsed time and ETA that stays readable at 80 columns:
    the bar takes what room is left, so the numbers are never cut."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"),
                    BarColumn(bar_width=None), MofNCompleteColumn(), TaskProgressColumn(),
                    TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(compact=True),
                    console=console, transient=transient, expand=True)


def bar_label(text: str) -> str:
    """A progress bar's description, short enough to leave room for the numbers."""
    return short(text, max(12, min(40, console.width - 62)))
