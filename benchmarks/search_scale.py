"""Search at scale: ranked, faceted search at 100k and 1M articles, each backend, one run.

For each size, the articles are generated and bulk-loaded once per database (as
``site_load.py`` does: the stories ``morgue sample site`` writes, sealed Article rows,
then ``reindex()``) and kept in ``benchmarks/work/search-scale-N`` for the next run. Then
``morgue serve`` answers, one server at a time, with the search backend under test:

- SQLite FTS5 and PostgreSQL full text (``MORGUE_SEARCH_ENGINE=database``);
- tantivy (``MORGUE_SEARCH_ENGINE=tantivy``) beside the SQLite database, its index built
  from the database by ``catch_up()`` the first time.

wrk sends 16 concurrent clients through the site's real searches for a row's duration,
every search a different one (so none is answered from the result cache): the search
page (HTML) and ``/api/articles`` (JSON), each a headline word + the story's section +
``date_from``, ranked by relevance, with section/author/year facet counts over every
match. Writes a table to stdout and, with ``--write``, to docs/benchmarks.md.

    nice -n 10 python benchmarks/search_scale.py --sizes 100000,1000000 --write
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import site_load  # this folder is on the path of a script
from benchdoc import write_section

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [
    ("search_page", "search page: q + section + date_from, ranked, 3 facets (HTML)"),
    ("search_api", "/api/articles: q + section + date_from, ranked, 3 facets (JSON)"),
]
#: the goal of issue 16: p95 under this many ms at each size
GOALS_MS = {100_000: 100.0, 1_000_000: 300.0}


def sync_tantivy() -> None:
    """(In a process configured for tantivy.) Build the index from the database."""
    import django

    django.setup()
    from morgue.search import catch_up

    started = time.perf_counter()
    touched = catch_up()
    print(f"tantivy: {touched:,} articles indexed in {time.perf_counter() - started:.0f} s",
          flush=True)


def systems(size: int, skip_postgres: bool) -> list[tuple[str, dict[str, str], Path]]:
    """(name, server environment, targets file) for each backend at this size."""
    work = site_load.WORK / f"search-scale-{size}"
    sqlite_env = site_load.server_env(work / "sqlite")
    tantivy_env = {**sqlite_env, "MORGUE_SEARCH_ENGINE": "tantivy"}
    found = [("SQLite FTS5", sqlite_env, work / "targets-sqlite.json"),
             ("tantivy (on SQLite)", tantivy_env, work / "targets-sqlite.json")]
    if not skip_postgres:
        url = site_load.postgres_database(f"morgue_bench_search_{size}")
        found.append(("PostgreSQL", site_load.server_env(work / "postgres", url),
                      work / "targets-postgres.json"))
    return found


def prepare(name: str, env: dict[str, str], size: int, targets: Path) -> dict:
    if name.startswith("tantivy"):
        subprocess.run([sys.executable, __file__, "--sync-tantivy"], env=env, check=True)
        import json

        return json.loads(targets.read_text())
    return site_load.prepare(env, size, targets)


def run_size(size: int, seconds: int, connections: int, skip_postgres: bool
             ) -> list[tuple[int, site_load.Result]]:
    rows = []
    for name, env, targets_file in systems(size, skip_postgres):
        started = time.perf_counter()
        targets = prepare(name, env, size, targets_file)
        print(f"{name} at {size:,}: ready in {time.perf_counter() - started:.0f} s", flush=True)
        with site_load.morgue_server(env, None) as server:
            for key, label in SCENARIOS:
                rows.append((size, site_load.measure(server, name, label, targets, key,
                                                     seconds, connections)))
    return rows


def table(rows: list[tuple[int, site_load.Result]]) -> str:
    lines = ["| articles | backend | request | requests/s | p50 (ms) | p95 (ms) | goal p95 | "
             "requests | errors |",
             "| ---: | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |"]
    for size, r in rows:
        goal = GOALS_MS.get(size)
        verdict = (f"< {goal:g} ms: {'met' if r.p95_ms < goal else 'not met'}" if goal else "")
        lines.append(f"| {size:,} | {r.system} | {r.scenario} | {r.rate:.1f} | {r.p50_ms:.0f} | "
                     f"{r.p95_ms:.0f} | {verdict} | {r.requests:,} | {r.errors} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated numbers of articles (default: %(default)s)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--sync-tantivy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sync_tantivy:
        sync_tantivy()
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_before, started = os.getloadavg(), time.time()
    rows = []
    for size in sizes:
        rows += run_size(size, args.duration, args.concurrency, args.skip_postgres)
    load_after = os.getloadavg()
    text = table(rows) + (
        f"\n{args.concurrency} connections (wrk, 2 threads); {args.duration} s per row after a "
        f"{site_load.WARMUP} s warm-up on other searches; every search of a row a different "
        "one, so none is answered from morgue's result cache. `morgue serve` with its "
        f"default workers. Load average before / after: {load_before[0]:.2f} / "
        f"{load_after[0]:.2f} on {os.cpu_count()} CPUs, shared with other work "
        f"(run took {(time.time() - started) / 60:.0f} min). {site_load.versions()}.\n")
    print(text)
    if args.write:
        write_section("search-scale", text, heading="## Search at scale: 100k and 1M articles",
                      command="nice -n 10 python " + " ".join(
                          [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]))


if __name__ == "__main__":
    main()
