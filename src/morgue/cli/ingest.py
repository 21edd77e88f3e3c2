"""`morgue ingest`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from rich.progress import Progress, TaskID
from rich.markup import escape
from rich.table import Table

from morgue.pipeline.records import FORMATS

if TYPE_CHECKING:
    from morgue.archive.loading import IngestResult

from .app import EXIT_PROBLEMS, bar_label, cli, console, out, plural, progress_bar, setup_django

class _RichProgress:
    """Adapts the library's progress calls to a Rich bar with counts and ETA."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, label: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=True)
            self.progress.stop_task(self.task)
        self.task = self.progress.add_task(bar_label(label), total=total)

    def advance(self, pages: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, pages)


def _parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise click.BadParameter(f"{pair!r} is not FIELD=COLUMN", param_hint="--map")
        mapping[ours.strip()] = theirs.strip()
    return mapping


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Read every PATH as this format instead of detecting it from content.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for storing and extracting pages.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Read, store and extract on a Dask cluster: a scheduler address such "
                   "as tcp://10.0.0.5:8786, or local:N for N worker processes here. The "
                   "capture store (MORGUE_STORE) must be reachable from every worker.")
@click.option("--partition-pages", type=click.IntRange(min=1), default=None, metavar="N",
              help="With --dask: files or records per partition (default 500).")
@click.option("--map", "column_map", multiple=True, metavar="FIELD=COLUMN",
              help="For CSV/JSON Lines exports: which column holds a field, e.g. "
                   "--map headline=Title --map published=PubDate. Repeatable.")
@click.option("--base-url", help="Site URL for a mirror whose folder names no host, "
                                 "e.g. http://www.eveningledger.com")
@click.option("--check/--no-check", "run_checks", default=True, show_default=True,
              help="Run the transfer checks at the end (`morgue check` reruns them).")
@click.option("--founded", type=int, metavar="YEAR",
              help="For the checks: the year the paper was founded; earlier publication "
                   "dates are flagged (default: the MORGUE_FOUNDED setting).")
@click.option("--profile", "profile_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="Read HTML pages with this site profile instead of those in the archive "
                   "home's profiles/ (nothing is learned then). Repeatable.")
def ingest(paths: tuple[str, ...], fmt: str | None, workers: int, dask: str | None,
           partition_pages: int | None, column_map: tuple[str, ...], base_url: str | None, run_checks: bool,
           founded: int | None, profile_files: tuple[str, ...]) -> None:
    """Read legacy material into captures and article records.

    PATH may be a folder of saved pages (wget/HTTrack mirror), WARC or ARC files
    (gzipped or not), a folder of text dumps, a JSON Lines or CSV export, or a
    WordPress WXR export; the format is detected from content. Original bytes are kept
    unaltered; ingesting the same material again adds nothing, and a run that was
    interrupted is finished by running the same command again.

    Every file under a folder is read by its own format, or listed as skipped with the
    reason (an image, a WARC request record, a WordPress attachment): `morgue errors
    --skipped` lists them. A path that cannot be read is recorded and the others go on.
    Exits 1 when some input could not be ingested; `morgue errors` says what and why.

    \b
    Examples:
      morgue ingest mirror/www.eveningledger.com
      morgue ingest --workers 2 crawls/*.warc.gz
      morgue ingest --dask tcp://10.0.0.5:8786 crawls/   # on a cluster
      morgue ingest --dask local:2 crawls/               # a cluster of 2 here
      morgue ingest --map headline=Title --map body=Story export.csv
      morgue ingest --no-check dumps/      # skip the transfer checks for now
      morgue ingest --profile ledger.yaml mirror/

    HTML pages are read with the site profile whose template they match; when a
    source has enough pages of a template no profile matches, a profile is learned
    first (see `morgue profile show`).
    """
    column_mapping = _parse_map(column_map)
    setup_django(migrate=True)
    if run_checks:  # a bad founding year fails now, not after the whole ingest
        from morgue.archive.checking import BadCheckSetting, check_options

        try:
            check_options(founded)
        except BadCheckSetting as exc:
            raise click.ClickException(str(exc)) from exc
    result = run_ingest_or_fail(list(paths), fmt=fmt, workers=workers,
                                column_map=column_mapping, base_url=base_url,
                                profile_files=list(profile_files), dask=dask,
                                partition_pages=partition_pages)
    if run_checks:
        from .checks import print_check_result, run_checks_or_fail

        print_check_result(run_checks_or_fail(workers=workers, founded=founded, dask=dask))
    if result.errors:
        sys.exit(EXIT_PROBLEMS)


def run_ingest_or_fail(paths: list[str], fmt: str | None = None, workers: int = 1,
                       column_map: dict[str, str] | None = None, base_url: str | None = None,
                       profile_files: list[str] | None = None, dask: str | None = None,
                       partition_pages: int | None = None) -> IngestResult:
    """Ingest with a progress bar and print what came of it (`ingest` and `migrate`)."""
    import morgue
    from morgue.archive.loading import IngestOptions
    from morgue.pipeline.profiles import BadProfile

    options = IngestOptions(format=fmt, workers=workers, column_map=column_map or {},
                            base_url=base_url, profile_files=profile_files or [], dask=dask,
                            partition_pages=partition_pages or 0)
    try:
        with progress_bar() as bar:
            result = morgue.ingest(paths, options, progress=_RichProgress(bar))
    except (ValueError, BadProfile) as exc:  # options that cannot work
        raise click.ClickException(str(exc)) from exc
    for learned in result.profiles_learned:
        out.print(f"Learned site profile {escape(learned)} before reading; "
                  "review it with `morgue profile show`.", highlight=False)
    table = Table(title=f"Ingest run {result.run_id}", show_header=False)
    for label, value in (("pages read", result.pages_seen),
                         ("already in the archive", result.already_had),
                         ("captures added", result.captures_added),
                         ("articles added", result.articles_added),
                         ("exact copies (no new article)", result.duplicates),
                         ("held: not published on the old site", result.held),
                         ("skipped: not articles (see errors --skipped)", result.skipped),
                         ("errors", result.errors), ("warnings", result.warnings)):
        table.add_row(label, f"{value:,}")
    if dask:
        table.add_row("partitions done", f"{result.partitions_done:,}")
        table.add_row("  done by an earlier run", f"{result.partitions_had:,}")
        table.add_row("  failed (rerun to retry)", f"{result.partitions_failed:,}")
    out.print(table)
    for reason in result.bad_paths:
        console.print(f"[yellow]{escape(reason)}[/]", highlight=False)
    from morgue.enrichment.run import enabled

    if enabled():  # people, places, quotes, topics of what was added (MORGUE_ENRICH)
        from .enrich import run_enrichment

        run_enrichment(workers)
    if result.errors:
        console.print(f"[yellow]{plural(result.errors, 'input')} could not be ingested; "
                      "their bytes are kept where they could be read. "
                      "See `morgue errors`.[/]")
    return result
