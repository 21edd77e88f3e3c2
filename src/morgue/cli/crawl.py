"""`morgue crawl URL`: crawl a live legacy site into a WARC file."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from rich.markup import escape

from .app import bar_label, cli, console, out, progress_bar

_DEFAULTS = {"rate": 1.0, "concurrency": 2}


class _Bar:
    """The crawler's progress on a Rich bar: URLs done out of the URLs known so far."""

    def __init__(self, bar: Any, label: str) -> None:
        self.bar = bar
        self.task = bar.add_task(bar_label(label), total=None)

    def fetched(self, url: str, status: int | str) -> None:
        self.bar.advance(self.task, 1)

    def known(self, total: int) -> None:
        self.bar.update(self.task, total=total)


def run_crawl(site: str, folder: Path, options: Any, output: Path | None = None) -> Path:
    """Crawl ``site`` into ``output`` (default: its WARC in ``folder``) with a progress
    bar; for `crawl` and `migrate`."""
    from morgue.crawl import CrawlOptions, crawl_site, warc_name

    target = output or folder / warc_name(site)
    settings = CrawlOptions(rate=options.rate, concurrency=options.concurrency,
                            include=list(options.include), exclude=list(options.exclude),
                            contact=options.contact, max_pages=options.max_pages)
    try:
        with progress_bar() as bar:
            result = crawl_site(site, target, settings,
                                _Bar(bar, f"crawl {urlsplit(site).netloc or site}"))
    except ValueError as exc:  # not a web address, a bad pattern
        raise click.ClickException(str(exc)) from exc
    if not result.fetched and not result.already:
        why = result.failed[0][1] if result.failed else "nothing in scope"
        raise click.ClickException(f"nothing could be fetched from {site} ({why}): check "
                                   "the address and that the site is up")
    out.print(escape(result.summary()), highlight=False)
    for url, why in result.failed[:10]:
        console.print(f"[yellow]failed: {escape(url)}: {escape(why)}[/]", highlight=False)
    return target


@cli.command()
@click.argument("url")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The WARC file to write (appended to when it exists). "
                   "Default: crawls/<host>.warc.gz in the archive home.")
@click.option("--rate", type=click.FloatRange(min=0.01), default=_DEFAULTS["rate"],
              show_default=True, help="Requests started per second.")
@click.option("--concurrency", type=click.IntRange(min=1), default=_DEFAULTS["concurrency"],
              show_default=True, help="Requests in flight at once.")
@click.option("--include", multiple=True, metavar="REGEX",
              help="Only fetch URLs matching one of these (repeatable).")
@click.option("--exclude", multiple=True, metavar="REGEX",
              help="Never fetch URLs matching one of these (repeatable).")
@click.option("--contact", default="", help="Your e-mail or web address, sent in the "
                                            "User-Agent so the site's admins can reach you.")
@click.option("--max-pages", type=click.IntRange(min=0), default=0,
              help="Stop after this many URLs (0: no limit).")
def crawl(url: str, output: Path | None, rate: float, concurrency: int,
          include: tuple[str, ...], exclude: tuple[str, ...], contact: str,
          max_pages: int) -> None:
    """Crawl a live legacy site politely into a WARC file, for `morgue ingest`.

    Reads robots.txt first and keeps to it; seeds from URL, the sitemaps robots.txt
    names, /sitemap.xml and the feeds pages link to; follows links on the same host only
    (--include / --exclude narrow it); starts at most --rate requests a second,
    --concurrency at a time; retries failures with exponential backoff; names morgue and
    --contact in its User-Agent. Every request and response is a WARC record, bytes as
    sent. Interrupted, the same command goes on where it stopped (the WARC is the state).

    \b
    Examples:
      morgue crawl https://www.rivertontribune.com/ --contact archivist@rivertontribune.com
      morgue crawl http://old.example.com/ --exclude '/search/' --rate 4 --concurrency 4
      morgue ingest crawls/www.rivertontribune.com.warc.gz
    """
    from morgue import config
    from morgue.plan import CrawlPlan

    options = CrawlPlan(rate=rate, concurrency=concurrency, include=list(include),
                        exclude=list(exclude), contact=contact, max_pages=max_pages)
    run_crawl(url, config.home() / "crawls", options, output)
