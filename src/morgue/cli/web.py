"""The public site from the command line: `morgue serve`, `redirects`, `reindex`."""

from __future__ import annotations

import os
import sys
import time

import click

from .app import EXIT_PROBLEMS, cli, console, out, plural, setup_django

#: Gunicorn workers when --workers is not given: the usual 2 x CPUs + 1, capped so a big
#: machine does not open dozens of database connections for a read-mostly site.
MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    return min(MAX_DEFAULT_WORKERS, 2 * (os.cpu_count() or 1) + 1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help=f"Worker processes (default: 2 x CPUs + 1, at most {MAX_DEFAULT_WORKERS}).")
@click.option("--access-log", is_flag=True, help="Log every request to standard error.")
@click.option("--dev", is_flag=True,
              help="Django's development server instead, with debug pages and reloading.")
def serve(host: str, port: int, workers: int | None, access_log: bool, dev: bool) -> None:
    """Serve the archive site, its API and static files.

    Runs gunicorn (a production server) with the site's security headers and static
    files served by whitenoise; debug pages stay off. Set MORGUE_SITE_URL to the public
    address when it is behind a proxy, and MORGUE_ALLOWED_HOSTS to the names it answers to.
    New database tables are created and an empty search index is built before serving.

    \b
    Examples:
      morgue --home ledger serve
      morgue --home ledger serve --host 0.0.0.0 --port 8080 --workers 4
      morgue --home ledger serve --dev      # development server, debug pages on
    """
    if dev:
        os.environ["MORGUE_DEBUG"] = "1"
    setup_django(migrate=True)
    from django.conf import settings
    from django.db import connections

    from morgue.site.serving import prepare

    if not dev and settings.SECRET_KEY.startswith("insecure-"):
        raise click.ClickException(
            "this archive has no secret key: run `morgue init` (or set MORGUE_SECRET_KEY) "
            "before serving it")
    shown_host = "localhost" if host in ("0.0.0.0", "::", "") else host
    address = f"{shown_host}:{port}"
    ready = prepare(address)
    if ready.indexed is not None:
        console.print(f"Brought the search index up to date: {plural(ready.indexed, 'article')}.")
    url = settings.MORGUE_SITE_URL or f"http://{address}"
    connections.close_all()  # never share a connection with forked workers
    if dev:
        from django.core.management import call_command

        out.print(f"Serving [bold]{settings.MORGUE_PAPER_NAME}[/] archive at "
                  f"[bold]{url}/[/] (development server). Ctrl-C stops it.")
        call_command("runserver", f"{host}:{port}")
        return
    from morgue.site.serving import run_gunicorn

    count = workers or default_workers()
    out.print(f"Serving [bold]{settings.MORGUE_PAPER_NAME}[/] archive at [bold]{url}/[/] "
              f"(gunicorn, {plural(count, 'worker')}). Ctrl-C stops it.", highlight=False)
    sys.stdout.flush()
    run_gunicorn(f"{host}:{port}", count, access_log=access_log)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["nginx", "apache", "csv"]),
              default="csv", show_default=True, help="What to write.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
@click.option("--base", default=None,
              help="Put this address before each new URL, e.g. https://archive.example.com "
                   "(default: MORGUE_SITE_URL, else new URLs are paths).")
def redirects(fmt: str, output, base: str | None) -> None:
    """Write the map of legacy URLs to new URLs, for a front web server.

    Every old address of every published article (its own page, exact copies, each page
    of a multi-page story) maps to the article's new URL with one permanent redirect.
    The site answers these redirects itself; the map lets nginx or Apache answer them
    first. Addresses that do not resolve in one hop are left out and counted; exits 1
    when there are any.

    \b
    Examples:
      morgue redirects --format nginx -o /etc/nginx/morgue-redirects.map
      morgue redirects --format apache -o redirects.conf
      morgue redirects --format csv > redirects.csv
    """
    setup_django(migrate=True)
    from django.conf import settings

    from morgue.archive.redirects import RedirectCheck, verify_redirects, write_redirects
    from morgue.site.serving import ensure_index

    ensure_index()

    count = write_redirects(output, fmt, base if base is not None else settings.MORGUE_SITE_URL)
    check: RedirectCheck = verify_redirects()
    console.print(f"{plural(count, 'redirect')} written ({check.withheld:,} addresses of held "
                  f"articles left out).")
    for path, problem in check.problems[:20]:
        console.print(f"[yellow]{path}[/] {problem}", highlight=False)
    if check.problems:
        console.print(f"[yellow]{len(check.problems):,} legacy addresses do not resolve in "
                      "one hop.[/]")
        sys.exit(EXIT_PROBLEMS)


@cli.command()
def reindex() -> None:
    """Rebuild the search index and the legacy-URL map from the archive.

    Ingest and corrections keep them up to date; run this after changing articles by
    other means, or to rebuild from scratch.

    \b
    Example:
      morgue --home ledger reindex
    """
    setup_django(migrate=True)
    from morgue.search import reindex as rebuild

    started = time.monotonic()
    count = rebuild()
    out.print(f"Indexed {plural(count, 'published article')} in {time.monotonic() - started:.1f} s.")
