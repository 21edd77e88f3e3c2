"""The `morgue` command line: thin commands over the library.

Each command sets up Django for the chosen archive home, calls one library function and
turns its errors into a clean message and an exit status. One module per group of
commands; importing it registers them on :data:`cli`.
"""

from . import (checks, crawl, enrich, ingest, inspect, plan, profile, sample,  # noqa: F401
               show, users, web)  # (importing registers the commands)
from .app import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="morgue")
