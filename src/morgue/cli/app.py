"""The `morgue` group and what every command shares: Django setup, consoles, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.console import Console

from morgue import config

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




def short(path: str, width: int = 40) -> str:
    """A path cut from the left to fit a column."""
    return path if len(path) <= width else "…" + path[-(width - 1):]
