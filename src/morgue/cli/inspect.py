"""Looking at the archive: `morgue export`, `stats`, `errors`, `settings`."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from morgue import config

from .app import EXIT_PROBLEMS, cli, console, out, plural, setup_django, short

@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True, help="JSON Lines, or Parquet (for pandas, DuckDB, Spark).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: standard output; Parquet needs a file).")
@click.option("--held", is_flag=True,
              help="Also write the held stories (status held); --captures implies it.")
@click.option("--captures", type=click.Path(dir_okay=False),
              help="Also write every original capture to this WARC file (.warc.gz): with "
                   "it, the export is a complete backup for `morgue import`.")
def export(fmt: str, output: str, held: bool, captures: str | None) -> None:
    """Write every published story, one record each, as JSON Lines or Parquet.

    A story printed over several pages is one record; its pages are in `pages`. Text
    fields are the published text (extraction + applied corrections); `extracted`,
    `findings`, `corrections` and `versions` say how it came to be; `legacy_urls` lists
    every old address that redirects to it. The fields are documented in the README.

    \b
    Examples:
      morgue export -o stories.jsonl
      morgue export --format parquet -o stories.parquet
      morgue export -o backup.jsonl --captures backup.warc.gz    # a complete backup
    """
    setup_django(migrate=True)
    from morgue.archive.export import write_export

    if fmt == "parquet" and output == "-":
        raise click.UsageError("Parquet is written to a file: add -o FILE.parquet")
    held = held or captures is not None
    mode = "wb" if fmt == "parquet" else "w"
    with click.open_file(output, mode, encoding=None if fmt == "parquet" else "utf-8",
                         atomic=output != "-") as out:
        count = write_export(out, fmt, held=held)
    console.print(f"{count:,} {'stories' if count != 1 else 'story'} written"
                  + (" (published and held)" if held else ""))
    if captures:
        from morgue.archive.warc import write_captures

        written = write_captures(captures)
        console.print(f"{plural(written, 'capture')} written to {captures}")


@cli.command("import")
@click.argument("export", type=click.Path(exists=True, dir_okay=False))
@click.option("--captures", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The WARC file `morgue export --captures` wrote beside EXPORT.")
def import_(export: str, captures: str) -> None:
    """Restore an archive from an export and its captures, into an empty home.

    EXPORT is what `morgue export --captures FILE` wrote (JSON Lines or Parquet). Every
    capture, article, finding and correction comes back with its id (the corrections
    log's hash chain is checked), then the search index and the legacy-URL map are
    rebuilt. Exporting the restored archive gives the same export again.

    \b
    Example:
      morgue --home old export -o backup.jsonl --captures backup.warc.gz
      morgue --home new import backup.jsonl --captures backup.warc.gz
    """
    setup_django(migrate=True)
    from morgue.archive.restore import RestoreError, import_archive

    try:
        result = import_archive(export, captures)
    except RestoreError as exc:
        raise click.ClickException(str(exc)) from exc
    console.print(f"Restored {plural(result.captures, 'capture')}, "
                  f"{plural(result.stories, 'story')} ({plural(result.articles, 'article')}), "
                  f"{plural(result.findings, 'finding')}, {plural(result.corrections, 'correction')} "
                  f"and {plural(result.problems, 'problem')}.")


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
                         ("articles", s.articles),
                         ("published stories", s.stories),
                         ("  later pages of a story", s.later_pages),
                         ("held back", s.held),
                         ("  without a date", s.undated), ("  without a byline", s.no_byline),
                         ("open errors", s.open_errors), ("open warnings", s.open_warnings),
                         ("skipped: not articles", s.skipped)):
        summary.add_row(label, f"{value:,}")
    if s.last_run:
        summary.add_row("last ingest", f"run {s.last_run.pk}, {s.last_run.status}, "
                                       f"{s.last_run.started:%Y-%m-%d %H:%M} UTC")
    out.print(summary)
    if s.partition_run is not None:
        total = sum(s.partitions.values())
        # A short title: Rich wraps a title to its table's width.
        table = Table(title=f"Cluster ingest: {plural(total, 'partition')}", show_header=False)
        table.add_row("last cluster run", f"run {s.partition_run.pk}, {s.partition_run.status}")
        for status, label in (("done", "done"), ("pending", "pending (not finished yet)"),
                              ("failed", "failed (rerun `morgue ingest` to retry)")):
            table.add_row(label, f"{s.partitions.get(status, 0):,}")
        out.print(table)
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
        table = Table(title=plural(len(rows), "problem"))
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
    """Show every setting, its current value (secrets hidden), where the value comes
    from (the environment, the plan file morgue.toml, or the default) and what it does."""
    table = Table(title="Settings (environment, else morgue.toml, else default)")
    for column in ("name", "value", "from", "meaning"):
        table.add_column(column, overflow="fold")
    for name, value, origin, help_text in config.shown():
        table.add_row(name, value, origin, help_text)
    out.print(table)
