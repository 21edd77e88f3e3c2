"""The migration as code: `morgue init` writes the plan, `morgue migrate` carries it out,
`morgue release` lets an editor publish what the `when-released` policy holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from morgue import config
from morgue.plan import (DEFAULT_CONCURRENCY, DEFAULT_RATE, PUBLISH_POLICIES, load_plan,
                         plan_text, write_plan)

from .app import EXIT_PROBLEMS, cli, console, out, plural, setup_django


@cli.command()
@click.option("--paper", help="The paper's name, e.g. \"The Riverton Tribune\" "
                              "(written to the plan; asked for when a new plan is written).")
@click.option("--founded", type=click.IntRange(1600, 2100), metavar="YEAR",
              help="The year the paper was founded; earlier publication dates are flagged.")
@click.option("--site-url", default="", help="The new site's public address, "
                                              "e.g. https://archive.rivertontribune.com")
@click.option("--source", "paths", multiple=True, metavar="PATH",
              help="Legacy material to ingest (mirror, dumps, exports, WARCs). Repeatable.")
@click.option("--crawl", "sites", multiple=True, metavar="URL",
              help="A live legacy site to crawl into a WARC first. Repeatable.")
@click.option("--contact", default="", help="Your address, sent to crawled sites in the "
                                            "User-Agent.")
@click.option("--rate", type=click.FloatRange(min=0.01), default=DEFAULT_RATE, show_default=True,
              help="Crawl: requests started per second (raise it only for your own server).")
@click.option("--concurrency", type=click.IntRange(min=1), default=DEFAULT_CONCURRENCY,
              show_default=True, help="Crawl: requests in flight at once.")
@click.option("--publish", "policy", type=click.Choice(PUBLISH_POLICIES),
              default="unless-blocking", show_default=True,
              help="What goes on the site (see morgue.toml).")
@click.option("--force", is_flag=True, help="Replace an existing plan file.")
def init(paper: str | None, founded: int | None, site_url: str, paths: tuple[str, ...],
         sites: tuple[str, ...], contact: str, rate: float, concurrency: int, policy: str,
         force: bool) -> None:
    """Create the archive: its folder, database tables, secret key and plan file.

    The plan (morgue.toml in the archive home) records what was decided for this
    migration: the paper, its sources, the site profiles, which checks' safe fixes apply
    by themselves and what may be published. `morgue migrate` carries it out. An
    existing plan is kept (--force replaces it); safe to run again: it only adds what is
    missing.

    \b
    Examples:
      morgue --home tribune init --paper "The Riverton Tribune" --founded 1887 \\
          --site-url https://archive.rivertontribune.com --source legacy/mirror
      morgue --home tribune init --paper "The Riverton Tribune" \\
          --crawl https://www.rivertontribune.com/ --contact archivist@rivertontribune.com
    """
    home = config.home()
    home.mkdir(parents=True, exist_ok=True)
    plan_file = home / config.PLAN_FILE
    if force or not plan_file.exists():
        if not paper:
            paper = click.prompt("The paper's name", default=config.get("MORGUE_PAPER_NAME")) \
                if sys.stdin.isatty() else config.get("MORGUE_PAPER_NAME")
        text = plan_text(paper, founded, site_url, [_relative(p, home) for p in paths],
                         crawl=list(sites), contact=contact, rate=rate,
                         concurrency=concurrency, policy=policy)
        write_plan(home, text, force=True)
        config.read_plan()  # a plan that fails to read is a bug here, not later
        out.print(f"Plan written to [bold]{escape(str(plan_file))}[/]: review it, then run "
                  "`morgue migrate`.", highlight=False)
    elif paper or founded or site_url or paths or sites:
        raise click.ClickException(f"{plan_file} exists: edit it, or add --force to write "
                                   "a new one from these options")
    key_file = home / "secret.key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    setup_django(migrate=True)
    from django.conf import settings

    out.print(f"Archive ready at [bold]{escape(str(home))}[/] "
              f"(database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
              f"captures: {escape(str(settings.MORGUE_STORE))})", highlight=False)


def _relative(path: str, home: Path) -> str:
    """A source path as the plan keeps it: relative to the home when it is inside."""
    full = Path(path).expanduser().resolve()
    try:
        return str(full.relative_to(home))
    except ValueError:
        return str(full)


@cli.command()
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the HTML report. Default: report.html in the archive "
                   "home (report.json beside it).")
def migrate(report_file: Path | None) -> None:
    """Carry out the plan (morgue.toml): crawl, ingest, check, fix, report, verdict.

    Crawls the plan's live sites into WARCs (crawls/ in the home), ingests every source,
    runs the transfer checks, applies the safe fixes of the checks the plan names,
    applies the publishing policy, writes the quality report and ends with the readiness
    verdict. Every step is resumable: run it again after an interruption. A rerun on the
    same inputs changes nothing. Exits 0 when the archive is ready to publish, 1 when the
    verdict says what to resolve first.

    \b
    Example:
      morgue --home tribune init --paper "The Riverton Tribune" --source legacy/mirror
      morgue --home tribune migrate
    """
    try:
        plan = load_plan()
    except config.PlanError as exc:
        raise click.ClickException(str(exc)) from exc
    missing = [str(p) for p in [*plan.paths, *plan.warcs, *plan.profiles] if not p.exists()]
    if missing:
        raise click.ClickException(
            f"the plan names {plural(len(missing), 'path')} that do not exist: "
            f"{', '.join(missing)}; fix [sources] or [ingest] in {config.plan_path()}")
    setup_django(migrate=True)
    from .checks import known_codes_or_fail, run_checks_or_fail

    known_codes_or_fail(plan.auto_fix)  # a typo in [fixes] stops the run before it starts

    for n, site in enumerate(plan.crawl, 1):
        out.rule(f"Step 1: crawl {escape(site)} ({n} of {len(plan.crawl)})")
        from .crawl import run_crawl

        run_crawl(site, plan.crawl_dir, plan.crawl_options)
    out.rule("Step 2: ingest")
    from .ingest import run_ingest_or_fail

    inputs = [str(p) for p in plan.inputs() if p.exists()]
    if not inputs:
        raise click.ClickException(f"the plan has no sources: add paths, WARCs or sites to "
                                   f"crawl under [sources] in {config.plan_path()}")
    result = run_ingest_or_fail(inputs, workers=plan.workers, base_url=plan.base_url or None,
                                profile_files=[str(p) for p in plan.profiles])
    out.rule("Step 3: checks")
    from .checks import print_check_result

    print_check_result(run_checks_or_fail(workers=plan.workers))
    out.rule("Step 4: safe fixes")
    if plan.auto_fix:
        from .checks import apply_fixes

        apply_fixes(tuple(plan.auto_fix), dry_run=False, quiet=True)
    else:
        out.print("none: the plan applies no fixes by itself ([fixes] auto = [])")
    out.rule("Step 5: report")
    from .checks import write_report

    target = report_file or config.home() / "report.html"
    verdict = write_report(target, json_too=True)
    out.rule("Verdict")
    style = "green" if verdict.ready else "red"
    out.print(f"[bold {style}]{escape(verdict.title)}[/]", highlight=False)
    for line in verdict.blockers:
        out.print(f"  • {escape(line)}", highlight=False)
    for line in verdict.notes:
        out.print(f"  [dim]• {escape(line)}[/]", highlight=False)
    if result.errors:
        console.print(f"[yellow]{plural(result.errors, 'input')} could not be ingested: "
                      "see `morgue errors`.[/]")
    if not verdict.ready:
        sys.exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("articles", nargs=-1, metavar="ID|URL...")
@click.option("--all-clean", is_flag=True,
              help="Release every held article that has no open blocking finding.")
@click.option("--by", "actor", default="morgue release", show_default=True,
              help="Who releases, for the record.")
def release(articles: tuple[str, ...], all_clean: bool, actor: str) -> None:
    """Release articles for publishing, under the `when-released` policy.

    With publishing.policy = "when-released" in morgue.toml (or MORGUE_PUBLISH), every
    article is held until an editor releases it, here or on the editors' desk. A
    released article with an open blocking finding stays held until that is resolved.
    Each release is recorded with who and when.

    \b
    Examples:
      morgue release 42 /2009/03/14/harbor-dredging-resumes/
      morgue release --all-clean
    """
    if not articles and not all_clean:
        raise click.UsageError("name articles (ids or URLs) to release, or give --all-clean")
    setup_django()
    from morgue.archive.publishing import release_articles, releasable

    from .show import find_article

    ids = [find_article(a).pk for a in articles]
    if all_clean:
        ids += releasable()
    count, published = release_articles(ids, actor=actor)
    out.print(f"{plural(count, 'article')} released; {plural(published, 'article')} "
              "published now", highlight=False)
    if config.get("MORGUE_PUBLISH") != "when-released":
        console.print("[yellow]The publishing policy is not `when-released`: releases are "
                      "recorded but change nothing until it is.[/]")
