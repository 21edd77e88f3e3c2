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
    nice -n 10 python benchmarks/search_scale.py --sizes 100000 --backends postgres --write
    nice -n 10 python benchmarks/search_scale.py --sizes 1000000 --backends tantivy,sqlite \
        --replicate-from 100000 --write

``--replicate-from N`` builds a bigger SQLite archive as copies of the N-article one
(``search_replicate.py``: minutes instead of the ~40 an ordinary build of 1M takes here),
and says so beside the figures.
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
#: searches timed one at a time, in-process, per backend and size
DIRECT_SEARCHES = 100
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


def direct(targets_file: Path, count: int) -> None:
    """(In a process configured for one backend.) Time ``count`` of the run's API searches
    called in-process, one at a time, past the result cache: what the backend costs
    without HTTP, Django's request handling or other clients. Prints JSON."""
    import json
    from urllib.parse import parse_qs, urlsplit

    import django

    django.setup()
    import datetime as dt

    from morgue.search import SearchQuery
    from morgue.search.backends import backend

    urls = json.loads(targets_file.read_text())["search_api"][:count]
    engine, times = backend(), []
    for url in urls:
        args = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        query = SearchQuery(q=args["q"], section=args["section"],
                            date_from=dt.date.fromisoformat(args["date_from"]))
        started = time.perf_counter()
        engine.search(query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(json.dumps({"n": len(times), "p50": times[len(times) // 2],
                      "p95": times[int(len(times) * 0.95)]}))


def direct_timing(env: dict[str, str], targets: Path, count: int) -> dict:
    import json

    out = subprocess.run([sys.executable, __file__, "--direct-child", str(count),
                          "--targets", str(targets)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


BACKENDS = ("sqlite", "tantivy", "postgres")


def systems(size: int, backends: list[str]) -> list[tuple[str, dict[str, str], Path]]:
    """(name, server environment, targets file) for each backend asked for at this size."""
    work = site_load.WORK / f"search-scale-{size}"
    sqlite_env = site_load.server_env(work / "sqlite")
    found = []
    if "sqlite" in backends:
        found.append(("SQLite FTS5", sqlite_env, work / "targets-sqlite.json"))
    if "tantivy" in backends:
        found.append(("tantivy (on SQLite)", {**sqlite_env, "MORGUE_SEARCH_ENGINE": "tantivy"},
                      work / "targets-sqlite.json"))
    if "postgres" in backends:
        url = site_load.postgres_database(f"morgue_bench_search_{size}")
        found.append(("PostgreSQL", site_load.server_env(work / "postgres", url),
                      work / "targets-postgres.json"))
    return found


def prepare(name: str, env: dict[str, str], size: int, targets: Path,
            replicate_from: int | None = None) -> dict:
    database = Path(env["MORGUE_HOME"]) / "morgue.sqlite3"
    if replicate_from and "MORGUE_DATABASE_URL" not in env and not database.exists():
        import search_replicate

        source = site_load.WORK / f"search-scale-{replicate_from}" / "sqlite" / "morgue.sqlite3"
        if not source.exists():
            raise SystemExit(f"{source} is missing: run --sizes {replicate_from} first")
        database.parent.mkdir(parents=True, exist_ok=True)
        search_replicate.replicate(source, database, size // replicate_from)
    url = env.get("MORGUE_DATABASE_URL", "")
    if replicate_from and url:
        import psycopg
        import search_replicate

        with psycopg.connect(url) as db:
            loaded = db.execute("SELECT to_regclass('archive_article') IS NOT NULL").fetchone()[0]
        if not loaded:
            search_replicate.replicate_postgres(
                site_load.POSTGRES_ADMIN_URL, f"morgue_bench_search_{replicate_from}",
                url.rsplit("/", 1)[1], size // replicate_from)
    if name.startswith("tantivy"):
        subprocess.run([sys.executable, __file__, "--sync-tantivy"], env=env, check=True)
        import json

        return json.loads(targets.read_text())
    return site_load.prepare(env, size, targets)


def run_size(size: int, seconds: int, connections: int, backends: list[str],
             alone: dict[tuple[int, str], dict], replicate_from: int | None = None
             ) -> list[tuple[int, site_load.Result]]:
    rows = []
    for name, env, targets_file in systems(size, backends):
        started = time.perf_counter()
        targets = prepare(name, env, size, targets_file,
                          replicate_from if replicate_from and size > replicate_from else None)
        print(f"{name} at {size:,}: ready in {time.perf_counter() - started:.0f} s", flush=True)
        alone[(size, name)] = direct_timing(env, targets_file, DIRECT_SEARCHES)
        print(f"{name} at {size:,}, one search at a time in-process: {alone[(size, name)]}",
              flush=True)
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
        met = r.requests > 0 and r.p95_ms < (goal or 0)
        verdict = f"< {goal:g} ms: {'met' if met else 'not met'}" if goal else ""
        if not r.requests:  # wrk reports no latency when nothing finished
            lines.append(f"| {size:,} | {r.system} | {r.scenario} | 0 | none finished in "
                         f"{r.seconds:.0f} s | – | {verdict} | 0 | {r.errors} |")
            continue
        lines.append(f"| {size:,} | {r.system} | {r.scenario} | {r.rate:.1f} | {r.p50_ms:.0f} | "
                     f"{r.p95_ms:.0f} | {verdict} | {r.requests:,} | {r.errors} |")
    return "\n".join(lines) + "\n"


def alone_table(alone: dict[tuple[int, str], dict]) -> str:
    lines = ["| articles | backend | searches | p50 (ms) | p95 (ms) |",
             "| ---: | --- | ---: | ---: | ---: |"]
    lines += [f"| {size:,} | {name} | {t['n']} | {t['p50']:.1f} | {t['p95']:.1f} |"
              for (size, name), t in alone.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated numbers of articles (default: %(default)s)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="comma-separated, of %(default)s; a subset writes a section "
                             "of its own")
    parser.add_argument("--replicate-from", type=int, metavar="N",
                        help="build a bigger SQLite archive as copies of the N-article one")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--sync-tantivy", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--direct-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--targets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sync_tantivy:
        sync_tantivy()
        return
    if args.direct_child:
        direct(args.targets, args.direct_child)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if unknown := set(backends) - set(BACKENDS):
        parser.error(f"unknown backends {sorted(unknown)}; choose from {', '.join(BACKENDS)}")
    load_before, started = os.getloadavg(), time.time()
    rows: list[tuple[int, site_load.Result]] = []
    alone: dict[tuple[int, str], dict] = {}
    for size in sizes:
        rows += run_size(size, args.duration, args.concurrency, backends, alone,
                         args.replicate_from)
    load_after = os.getloadavg()
    text = table(rows) + (
        f"\n{args.concurrency} connections (wrk, 2 threads); {args.duration} s per row after a "
        f"{site_load.WARMUP} s warm-up on other searches; every search of a row a different "
        "one, so none is answered from morgue's result cache. `morgue serve` with its "
        f"default workers. Load average before / after: {load_before[0]:.2f} / "
        f"{load_after[0]:.2f} on {os.cpu_count()} CPUs, shared with other work "
        f"(run took {(time.time() - started) / 60:.0f} min). {site_load.versions()}.\n"
        f"\nThe same searches (the first {DIRECT_SEARCHES} of the API row's), one at a time in "
        "one process, the "
        "backend called directly past the result cache: what a search costs without HTTP, "
        "Django's request handling or other clients.\n\n" + alone_table(alone))
    if args.replicate_from and any(size > args.replicate_from for size in sizes):
        text += (f"\nSizes above {args.replicate_from:,} are the {args.replicate_from:,}"
                 "-article archive copied over in SQL (`search_replicate.py`; on PostgreSQL the same): each copy its own "
                 "ids and URLs, the same text, dates, sections and authors, so a word matches "
                 "that many times as many stories; the full-text index (FTS5, tantivy) is built "
                 "from all of it.\n")
    print(text)
    if args.write:
        subset = "" if set(backends) == set(BACKENDS) else "-" + "-".join(backends)
        # A section per sizes and backends, so a 1M run does not replace the 100k one.
        scale = "-".join(f"{n // 1000}k" for n in sizes)
        write_section(f"search-scale-{scale}{subset}", text,
                      heading=f"## Search at scale: {', '.join(f'{n:,}' for n in sizes)} "
                              f"articles ({', '.join(backends)})",
                      command="nice -n 10 python " + " ".join(
                          [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]))


if __name__ == "__main__":
    main()
