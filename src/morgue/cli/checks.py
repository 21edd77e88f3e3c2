"""Finding and fixing what went wrong in the move: `morgue check`, `findings`, `fix`,
`revert`, `verify`, `report`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.syntax import Syntax
from rich.table import Table

from .app import EXIT_PROBLEMS, cli, console, out, plural, progress_bar, setup_django

_CHECK_OPTION = click.option(
    "--check", "codes", multiple=True, metavar="CODE",
    help="Only this check (repeatable), e.g. --check encoding --check chrome.")


def print_check_result(result) -> None:
    """Findings per check after a run (also used at the end of `morgue ingest`)."""
    table = Table(title=f"Check run {result.run_id}: {plural(result.articles, 'article')}",
                  show_header=False)
    for code in result.codes:
        table.add_row(code, f"{result.by_check.get(code, 0):,}")
    table.add_row("[bold]findings[/]", f"[bold]{result.findings:,}[/]")
    if result.held or result.released:
        table.add_row("newly held back", f"{result.held:,}")
        table.add_row("published again", f"{result.released:,}")
    out.print(table)
    if result.unknown_keys:
        console.print(f"[yellow]{plural(result.unknown_keys, 'finding')} named no article "
                      "of the archive and were dropped (a bug in a check).[/]")


#: `--founded` for every command that runs the checks.
FOUNDED_OPTION = click.option(
    "--founded", type=int, metavar="YEAR",
    help="The year the paper was founded: earlier publication dates are flagged "
         "(default: the MORGUE_FOUNDED setting; empty means unknown).")


def run_checks_or_fail(codes: tuple[str, ...] = (), workers: int = 1, founded: int | None = None,
                       dask: str | None = None):
    import morgue
    from morgue.archive.checking import BadCheckSetting, UnknownCheck
    from morgue.archive.items import CheckFailed
    from morgue.pipeline.cluster import BadAddress
    from morgue.search import catch_up

    try:
        with console.status("Running the checks…"):
            result = morgue.check(list(codes) or None, founded, workers=workers, dask=dask)
    except (UnknownCheck, BadCheckSetting, BadAddress, CheckFailed) as exc:
        raise click.ClickException(str(exc)) from exc
    catch_up()  # what a killed earlier run held or released without reindexing
    return result


@cli.command()
@_CHECK_OPTION
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for reading the original captures.")
@click.option("--dask", "dask", metavar="ADDRESS",
              help="Run on a Dask cluster (tcp://HOST:8786, or local:N): its workers read "
                   "the captures and run the per-article checks; the corpus-wide checks "
                   "run here.")
@FOUNDED_OPTION
def check(codes: tuple[str, ...], workers: int, dask: str | None, founded: int | None) -> None:
    """Run the transfer checks again and replace their open findings.

    Checks read the published text (extraction plus applied corrections). Articles
    with a blocking finding (not an article, a copy of another) are held back from
    publishing, never deleted; they are published again when it is resolved. Findings
    someone dismissed are not raised again. `morgue ingest` runs the checks itself
    unless given --no-check.

    \b
    Examples:
      morgue check
      morgue check --check encoding --check chrome
      morgue check --workers 4
      morgue check --dask tcp://10.0.0.5:8786
      morgue check --founded 1887     # or set MORGUE_FOUNDED
    """
    setup_django()
    print_check_result(run_checks_or_fail(codes, workers, founded, dask))


@cli.command()
@_CHECK_OPTION
@click.option("--all", "show_all", is_flag=True, help="Also show fixed and dismissed findings.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def findings(codes: tuple[str, ...], show_all: bool, as_json: bool) -> None:
    """List what the checks found: check, article, severity, where, the evidence.

    \b
    Examples:
      morgue findings
      morgue findings --check duplicate
      morgue findings --json > findings.jsonl
    """
    setup_django()
    known_codes_or_fail(codes, findings=True)
    from morgue.archive.export import finding_record, jsonable
    from morgue.archive.models import Finding

    rows = Finding.objects.select_related("article").order_by("article_id", "pk")
    if codes:
        rows = rows.filter(code__in=codes)
    if not show_all:
        rows = rows.filter(status=Finding.Status.OPEN)
    if as_json:
        for f in rows.iterator(chunk_size=1000):
            click.echo(json.dumps({"article": f.article_id, "url": f.article.url,
                                   **finding_record(f)}, ensure_ascii=False,
                                  default=jsonable))
        return
    table = Table(title=plural(rows.count(), "finding"))
    for column in ("article", "check", "severity", "where", "message", "evidence"):
        table.add_column(column, overflow="fold")
    styles = {"error": "red", "warning": "yellow", "info": "dim"}
    for f in rows.iterator(chunk_size=1000):
        where = f.field + (f" {f.span_start}-{f.span_end}" if f.span else "")
        flags = " [bold]blocking[/]" if f.blocking else ""
        table.add_row(str(f.article_id), f.code + flags,
                      f"[{styles.get(f.severity, '')}]{f.severity}[/]", where, f.message,
                      _clip(f.evidence))
    out.print(table)


@cli.command()
@_CHECK_OPTION
@click.option("--dry-run", is_flag=True, help="Show the diffs; change nothing.")
def fix(codes: tuple[str, ...], dry_run: bool) -> None:
    """Apply the checks' safe fixes as transfer corrections, showing a diff for each.

    Only proposals a check marked safe (garbled characters, leftover markup, site
    chrome, repeated passages…) are applied; each becomes an entry in the append-only
    corrections log with the finding it answers. Original captures are never touched.
    The checks then run again so the findings describe the corrected text.

    \b
    Examples:
      morgue fix --dry-run
      morgue fix --check encoding
      morgue fix
    """
    setup_django()
    if apply_fixes(codes, dry_run):
        sys.exit(EXIT_PROBLEMS)


def known_codes_or_fail(codes: tuple[str, ...] | list[str], findings: bool = False) -> None:
    """Stop with the list of check codes when one asked for is none of them (with
    ``findings``, the codes ingest records are known too)."""
    from morgue.archive.checking import UnknownCheck, check_codes, finding_codes

    try:
        finding_codes(codes) if findings else check_codes(codes or None)
    except UnknownCheck as exc:
        raise click.ClickException(str(exc)) from exc


def apply_fixes(codes: tuple[str, ...], dry_run: bool = False, quiet: bool = False) -> bool:
    """Apply (or with ``dry_run`` show) the safe fixes, rerun the checks after; ``quiet``
    leaves the diffs out. True when the log refused some article's fixes."""
    from morgue.archive.fixes import fix_archive

    known_codes_or_fail(codes)

    def show(plan) -> None:
        out.rule(f"article {plan.article_id}: {plan.headline or '(no headline)'}")
        if plan.texts:
            out.print(Syntax(plan.diff(), "diff", word_wrap=True, theme="ansi_dark"))
        for finding_id, why in plan.skipped:
            console.print(f"[yellow]skipped finding {finding_id}: {why}[/]")

    summary = fix_archive(codes or None, dry_run=dry_run, show=None if quiet else show)
    verb = "would apply" if dry_run else "applied"
    per_check = ", ".join(f"{code} {n}" for code, n in summary.by_check.items())
    out.print(f"{verb} {plural(summary.corrections, 'correction')} to "
              f"{plural(summary.articles, 'article')}"
              + (f" ({per_check})" if per_check else "")
              + (f"; {plural(summary.skipped, 'proposal')} skipped" if summary.skipped else ""))
    for article_id, why in summary.refused:
        console.print(f"[red]article {article_id} not changed: {why}[/]")
    if summary.corrections and not dry_run:
        print_check_result(run_checks_or_fail())
    return bool(summary.refused)


@cli.command()
@click.argument("correction_id", type=int)
@click.option("--reason", default="", help="Why (default: 'reverts correction ID').")
def revert(correction_id: int, reason: str) -> None:
    """Undo a correction by adding one that reverses it; nothing is deleted.

    The ids are in `morgue export` (corrections) and the admin.

    \b
    Example:
      morgue revert 42 --reason "the 'mojibake' was the author's spelling"
    """
    setup_django()
    from morgue.archive.corrections import CorrectionError
    from morgue.archive.corrections import revert as revert_correction
    from morgue.archive.models import Correction

    try:
        entry = Correction.objects.get(pk=correction_id)
    except Correction.DoesNotExist as exc:
        raise click.ClickException(f"there is no correction {correction_id}") from exc
    try:
        new = revert_correction(entry, reason=reason, actor="morgue revert")
    except CorrectionError as exc:
        raise click.ClickException(str(exc)) from exc
    out.print(f"correction {new.pk} reverts correction {correction_id} "
              f"({entry.field} of article {entry.article_id})")


@cli.command()
def verify() -> None:
    """Re-hash every stored capture, recompute every published article and check
    that every legacy URL resolves in one hop.

    Reports each difference the corrections log does not explain: a blob that is
    missing or no longer matches its SHA-256, an extracted field edited by hand, a
    correction changed or removed, a correction that no longer applies; every old
    address that does not redirect straight to a published article (a page of the new
    site shadows it, or it points nowhere); and every story published twice (an old
    address claimed by two published articles, two published copies of one story:
    `morgue check` holds the copy). Exits 1 on any.

    \b
    Example:
      morgue verify
    """
    setup_django()
    from morgue.archive.verify import verify_archive, work_to_do

    from morgue.search import index_gaps

    with progress_bar(transient=True) as bar:
        task = bar.add_task("verifying", total=work_to_do())
        result = verify_archive(progress=lambda n: bar.advance(task, n))
    result.discrepancies.extend(search_discrepancies(index_gaps()))
    for d in result.discrepancies:
        # One line each, never wrapped: these get grepped and pasted into tickets.
        console.print(f"[red]{d.kind}[/] {d.where}: {d.message}", soft_wrap=True)
    summary = (f"{plural(result.blobs, 'blob')} re-hashed, {plural(result.articles, 'article')} "
               f"and {plural(result.corrections, 'correction')} recomputed")
    if result.redirects is not None:
        r = result.redirects
        summary += (f", {r.checked:,} legacy URLs checked ({r.redirects:,} redirect in one hop, "
                    f"{r.withheld:,} withheld with their held articles"
                    + (f", {len(r.ambiguous):,} claimed by several published articles"
                       if r.ambiguous else "") + ")")
    summary += ", the search index checked against the published articles"
    if result.ok:
        out.print(f"[green]OK[/]: {summary}; everything matches the record.")
        return
    out.print(f"[red]{plural(len(result.discrepancies), 'difference')}[/] the record does not "
              f"explain ({summary}).")
    sys.exit(EXIT_PROBLEMS)


def search_discrepancies(gaps) -> list:
    """The search index against the published set, as verify's differences (one each)."""
    from morgue.archive.verify import Discrepancy

    found = [Discrepancy("search", f"article {pk}", "published, but missing from the search "
                         "index (run `morgue reindex`)", pk) for pk in sorted(gaps.missing)]
    found += [Discrepancy("search", f"article {pk}", "in the search index, but not a published "
                          "story (run `morgue reindex`)", pk) for pk in sorted(gaps.extra)]
    return found


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; '-' for standard output. "
                   "Default: report.html, or report.json with --json.")
@click.option("--json", "as_json", is_flag=True, help="Write the report's data as JSON.")
def report(output: Path | None, as_json: bool) -> None:
    """Write the quality report: one self-contained HTML page (or JSON).

    Totals, open findings by check, section and year as charts, the worst articles with
    their evidence and original capture, what `morgue fix` would change, and a plain
    verdict: ready to publish or not, and why.

    \b
    Examples:
      morgue report -o report.html
      morgue report --json -o report.json
    """
    setup_django()
    if output is not None and str(output) == "-":
        from morgue.archive.report import gather_report
        from morgue.archive.report_render import render_html, render_json

        data = gather_report()
        click.echo(render_json(data) if as_json else render_html(data))
        return
    write_report(output or Path("report.json" if as_json else "report.html"), as_json=as_json)


def write_report(target: Path, as_json: bool = False, json_too: bool = False):
    """Write the report (HTML, or JSON; ``json_too``: both, the JSON beside the HTML) and
    say the verdict in one line; returns the verdict."""
    from morgue.archive.report import gather_report
    from morgue.archive.report_render import render_html, render_json

    data = gather_report()
    target.write_text(render_json(data) if as_json else render_html(data), encoding="utf-8")
    written = [target]
    if json_too and not as_json:
        written.append(target.with_suffix(".json"))
        written[-1].write_text(render_json(data), encoding="utf-8")
    console.print(f"{data.verdict.title}. Report written to "
                  + " and ".join(str(p) for p in written))
    return data.verdict


def _clip(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
