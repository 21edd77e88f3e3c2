"""Looking at the archive: `morgue export`, `stats`, `errors`, `settings`."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from morgue import config

from .app import EXIT_PROBLEMS, cli, console, out, setup_django, short

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
    setup_django()
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
    setup_django()
    from morgue.archive.stats import archive_stats

    s = archive_stats()
    summary = Table(title=f"Archive at {config.home()}", show_header=False)
    for label, value in (("captures", s.captures), ("  of which exact copies", s.copies),
                         ("articles", s.articles), ("  held back", s.held),
                         ("  without a date", s.undated), ("  without a byline", s.no_byline),
                         ("open errors", s.open_errors), ("open warnings", s.open_warnings),
                         ("skipped: not articles", s.skipped)):
        summary.add_row(label, f"{value:,}")
    if s.last_run:
        summary.add_row("last ingest", f"run {s.last_run.pk}, {s.last_run.status}, "
                                       f"{s.last_run.started:%Y-%m-%d %H:%M} UTC")
    out.print(summary)
    out.print(_bar_table("Captures by format", s.by_format))
    out.print(_bar_table("Articles by section", s.by_section))
    out.print(_bar_table("Articles by year", {str(k): v for k, v in s.by_year.items()}))
    out.print(_bar_table("Skipped records, by what they are", s.skipped_by_kind))


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
@click.option("--skipped", is_flag=True,
              help="List the records and files read that are not articles instead "
                   "(WARC requests, images, WordPress attachments…), with why.")
def errors(show_all: bool, as_json: bool, skipped: bool) -> None:
    """List what could not be ingested, where, and why.

    A problem stays open until a later run gets past that page. Exits 1 when any
    error is open. With --skipped: what was read and is not an article.

    \b
    Examples:
      morgue errors
      morgue errors --json > problems.jsonl
      morgue errors --skipped
    """
    import json

    setup_django()
    from morgue.archive.models import Problem

    if skipped:
        _list_skipped(as_json)
        return

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
                          f"{short(p.source, 30)}: {p.locator}", p.reason)
        out.print(table)
    if any(p.severity == Problem.Severity.ERROR and not p.resolved for p in rows):
        sys.exit(EXIT_PROBLEMS)


def _list_skipped(as_json: bool) -> None:
    import json

    from morgue.archive.models import Skipped

    rows = Skipped.objects.order_by("pk")
    if as_json:
        for s in rows.iterator():
            click.echo(json.dumps({"run": s.run_id, "source": s.source, "locator": s.locator,
                                   "kind": s.kind, "reason": s.reason}, ensure_ascii=False))
        return
    table = Table(title=f"{rows.count():,} skipped: read, not articles")
    for column in ("run", "what", "where", "why"):
        table.add_column(column, overflow="fold")
    for s in rows.iterator():
        table.add_row(str(s.run_id), s.kind, f"{short(s.source, 30)}: {s.locator}", s.reason)
    out.print(table)


@cli.command("settings")
def show_settings() -> None:
    """Show every setting, its current value (secrets hidden) and what it does."""
    table = Table(title="Settings (environment variables)")
    for column in ("name", "value", "meaning"):
        table.add_column(column, overflow="fold")
    for name, value, help_text in config.shown():
        table.add_row(name, value, help_text)
    out.print(table)
