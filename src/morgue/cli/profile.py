"""`morgue profile learn` and `morgue profile show`: site profiles."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from morgue import config
from morgue.pipeline.records import FORMATS

from .app import cli, console, out, plural


def profiles_dir() -> Path:
    """Where ingest looks for profiles: ``<MORGUE_HOME>/profiles``."""
    return config.home() / "profiles"


def _pages(path: str, fmt: str | None, base_url: str | None):
    from morgue.pipeline import sources
    from morgue.pipeline.records import RawPage

    try:
        source = sources.open_source(os.path.abspath(path), fmt, sources.SourceOptions(base_url=base_url))
    except sources.UnknownFormat as exc:
        raise click.ClickException(str(exc)) from exc
    return (p for p in source.pages() if isinstance(p, RawPage))


@cli.group()
def profile() -> None:
    """Site profiles: where each field lives on a site's page templates.

    A profile is learned from many pages of one site and kept as a small YAML file in
    the archive home (profiles/), where `morgue ingest` finds it.
    """


@profile.command("learn")
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile here. Default: <archive home>/profiles/<site>.yaml.")
@click.option("--name", help="Name of the profile. Default: the site's host name.")
@click.option("--sample", type=click.IntRange(min=2), default=200, show_default=True,
              help="Pages read to learn from (a seeded random sample of the source).")
@click.option("--min-pages", type=click.IntRange(min=2), default=5, show_default=True,
              help="Fewest sampled pages of one template to learn it.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read SOURCE as this format.")
@click.option("--base-url", help="Site URL for a mirror whose folder names no host.")
def profile_learn(source: str, output: Path | None, name: str | None, sample: int, min_pages: int,
                  fmt: str | None, base_url: str | None) -> None:
    """Learn a site profile from SOURCE (a mirror folder, WARC files…).

    Samples pages, groups them by template, and learns per template where headline,
    dek, bylines, date, section and the story are, and which blocks are chrome, by
    agreement across the pages. Review and edit the YAML it writes; `morgue ingest`
    uses every profile in the archive home.

    \b
    Examples:
      morgue profile learn legacy/mirror
      morgue profile learn crawl.warc.gz -o ledger-2009.yaml --sample 400
    """
    from morgue.pipeline.profiles import learn_profile, save_profile

    learned = learn_profile(_pages(source, fmt, base_url), name, sample=sample, min_pages=min_pages,
                            source=os.path.abspath(source))
    if not learned.templates:
        raise click.ClickException(
            f"no template with at least {min_pages} pages among the {learned.pages_sampled} sampled "
            "HTML pages; nothing learned")
    target = output or profiles_dir() / f"{learned.name}.yaml"
    save_profile(learned, target)
    out.print(f"Profile [bold]{escape(learned.name)}[/] learned from {plural(learned.pages_sampled, 'page')}: "
              f"{len(learned.templates)} template(s), written to {escape(str(target))}")
    if learned.unreadable:
        out.print(f"{learned.pages_unreadable} sampled page(s) could not be read and were left "
                  "out; the first: " + escape(learned.unreadable[0]), highlight=False)
    _show(learned)


@profile.command("show")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--on", "on_source", type=click.Path(exists=True, path_type=str),
              help="Also measure coverage on this source: pages per template, fields found.")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True,
              help="With --on: read at most this many pages.")
def profile_show(file: Path | None, on_source: str | None, limit: int) -> None:
    """Explain a profile (FILE, or every profile in the archive home): its templates,
    where each field is read, with examples and how many pages agreed.

    \b
    Examples:
      morgue profile show
      morgue profile show ledger.yaml --on legacy/mirror
    """
    from itertools import islice

    from morgue.pipeline.profiles import BadProfile, load_profile, load_profiles
    from morgue.pipeline.profiles.coverage import coverage

    try:
        profiles = [load_profile(file)] if file else load_profiles(profiles_dir())
    except BadProfile as exc:
        raise click.ClickException(str(exc)) from exc
    if not profiles:
        raise click.ClickException(f"no profiles in {profiles_dir()}; run `morgue profile learn SOURCE`")
    for item in profiles:
        _show(item)
    if on_source:
        result = coverage(profiles, islice(_pages(on_source, None, None), limit))
        table = Table(title=f"Coverage on {on_source} ({result.pages} HTML pages)")
        for column in ("template", "pages", "body", "headline", "dek", "bylines", "published", "section"):
            table.add_column(column)
        for key, pages in result.matched.most_common():
            found = result.found.get(key, Counter())
            table.add_row(escape(key), str(pages), *(f"{found.get(f, 0)}" for f in
                                              ("body", "headline", "dek", "bylines", "published", "section")))
        table.add_row("(no template: read page by page)", str(result.unmatched), *[""] * 6)
        out.print(table)
        for url in result.unmatched_examples:
            console.print(f"  not matched: {escape(url)}")


def _show(item) -> None:
    from morgue.pipeline.profiles.model import FIELDS

    where = f" ({item.path})" if item.path else ""
    out.print(f"[bold]{escape(item.name)}[/]{escape(where)}: learned {item.learned_on or '?'} from "
              f"{plural(item.pages_sampled, 'page')} of {escape(item.learned_from or '?')}")
    for t in item.templates:
        out.print(f"\n  template [bold]{escape(t.name)}[/] — {t.pages} sampled pages; a page of it has: "
                  + escape("; ".join(t.looks_like)))
        table = Table(show_header=True, box=None, padding=(0, 2))
        table.add_column("field")
        table.add_column("read from")
        table.add_column("agreed")
        table.add_column("examples")
        for name in FIELDS:
            rule = t.fields.get(name)
            if rule is None:
                table.add_row(name, "[dim]page by page[/]", "", "")
                continue
            table.add_row(name, escape(rule.how), _agreed(rule.agreed, rule.of),
                          escape("; ".join(rule.examples[:2])))
        if t.body is not None:
            table.add_row("body", escape(t.body.how), _agreed(t.body.agreed, t.body.of), "")
        out.print(table)
        if t.chrome:
            out.print("    chrome inside the story column (set aside):")
            for c in t.chrome:
                out.print(f"      - {escape(c.selector or repr(c.text))}  [dim]{escape(c.why)}[/]")
        for url in t.example_urls:
            out.print(f"    e.g. {escape(url)}")


def _agreed(agreed: int, of: int) -> str:
    return f"{agreed}/{of} ({agreed / of:.0%})" if of else ""
