"""`morgue enrich`: people, places, organisations, quotes and topics for every story."""

from __future__ import annotations

import click
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                           TaskProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from .app import cli, console, out, setup_django


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def run_enrichment(workers: int, again: bool = False) -> None:
    """Read the stories that need it, with a progress bar, and say what was found."""
    from morgue.enrichment.run import enrich_archive
    from morgue.pipeline.enrich import ModelMissing

    from .ingest import _RichProgress

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TaskProgressColumn(), TimeElapsedColumn(),
               TextColumn("eta"), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, transient=False) as bar:
            result = enrich_archive(workers=workers, again=again, progress=_RichProgress(bar))
    except ModelMissing as exc:
        raise click.ClickException(str(exc)) from exc
    out.print(f"Read {plural(result.read, 'story', 'stories')} "
              f"({plural(result.already, 'story', 'stories')} already read): "
              f"{plural(result.quotes, 'quote')}, {result.attributed:,} with a speaker; "
              f"{plural(result.dated, 'undated story', 'undated stories')} given an inferred date.")


@cli.command()
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (each loads the spaCy model once).")
@click.option("--again", is_flag=True,
              help="Read every story again, not only new or corrected ones (after changing "
                   "MORGUE_NLP_MODEL).")
def enrich(workers: int, again: bool) -> None:
    """Find the people, places, organisations, quotes and topics of every story.

    Each story's published text is read with spaCy (MORGUE_NLP_MODEL): people are
    joined across their mentions ("Mr. Khalilzad" is Zalmay Khalilzad), places are
    resolved against the gazetteer (Georgia the country, GE, or the state, US-GA),
    quotes get their speaker where the text tells it, and each story gets IPTC Media
    Topics with scores and, when it has no date, an inferred one ("about March 2008").
    Editors' corrections of speakers and entities are kept and applied again.

    Resumable: stories already read are skipped unless their text changed since, so a
    run that was interrupted is finished by running it again. `morgue ingest` does this
    for what it adds unless MORGUE_ENRICH=0.

    \b
    Examples:
      morgue enrich
      morgue enrich --workers 2
      MORGUE_NLP_MODEL=en_core_web_lg morgue enrich --again
    """
    setup_django()
    run_enrichment(workers, again)
