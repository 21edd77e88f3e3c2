"""`morgue crawl URL`: crawl a live legacy site into a WARC file."""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli


def run_crawl(site: str, folder: Path, options) -> None:
    raise click.ClickException("crawling is not built yet")


@cli.command()
@click.argument("url")
def crawl(url: str) -> None:
    """Crawl a live legacy site into a WARC file (request and response records)."""
    raise click.ClickException("crawling is not built yet")
