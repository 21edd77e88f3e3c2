"""Serving under load: morgue on SQLite and PostgreSQL beside Datasette, in one run.

With N generated articles (default 100,000) in each database, measure requests per
second and p50/p95 latency at concurrency 16 of:

- the article page (morgue's site; Datasette's row page of the same article);
- a search with filters and facets: morgue's search page and ``/api/articles?q=…&
  section=…&date_from=…`` (ranked, with section/author/year facet counts), every search
  of a run a different one; Datasette's table JSON with ``_search``, the same filters and
  ``_facet=section&_facet=author&_facet=year``, first with its defaults (facet
  suggestions on), then with ``suggest_facets off``; and, to show what morgue's result
  cache does for popular searches, 50 searches asked again and again;
- a legacy redirect (an old-site URL answered 301; Datasette has no such thing);
- the API's article (``/api/articles/{id}``).

The articles are the stories ``morgue sample site --pages …`` writes, taken before they
are rendered to HTML and loaded with ``bulk_create`` (no page is parsed: ingest with its
checks ran ~15 pages/s in a trial on this shared machine, and ingest_throughput.py
measures it), then put in the search index with ``morgue.search.reindex()``, which also
builds the redirect map; then ANALYZE (VACUUM ANALYZE on PostgreSQL), as after any bulk load. Datasette gets the
same published articles in one SQLite table with an FTS5 index (external content,
default tokenizer) and indexes on the filtered and faceted columns.

Servers run one at a time on 127.0.0.1, so they never compete: morgue with ``morgue
serve`` (gunicorn; its result cache emptied first), Datasette with ``datasette serve``.
The load comes from wrk (Debian's ``wrk`` package) with a Lua script that cycles through
a list of different URLs per scenario, after a short warm-up. Writes a Markdown table to stdout and, with ``--write``, into
docs/benchmarks.md between markers.

    python benchmarks/site_load.py --articles 100000 --duration 20 --write
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit


from benchdoc import write_section  # noqa: E402 (this folder is on the path of a script)

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
POSTGRES_ADMIN_URL = os.environ.get("MORGUE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
BIN = Path(sys.executable).parent
#: different URLs per scenario, cycled through by the load generator
TARGETS = 2000
#: different searches per search scenario (more than any run here sends), and for warm-ups
SEARCHES = 8000
WARM_SEARCHES = 1000
#: different searches in the "asked again and again" row
REPEATED = 50
#: seconds of load before each measured run, not counted
WARMUP = 3
SEED = 20240501
BATCH = 2000

WRK_SCRIPT = r"""
local paths, i = {}, 0
local threads, counter = {}, 1
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = offset % #paths
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write, e.timeout))
end
"""


# -- the data --------------------------------------------------------------------------------

def generated_stories(count: int) -> list[dict]:
    """The first ``count`` stories generate_site writes, as records, without any HTML."""
    from unittest import mock

    from morgue.sample import site as generator

    pages: list = []
    with mock.patch.object(generator, "render_2003", lambda page: page), \
            mock.patch.object(generator, "render_2009", lambda page: page), \
            mock.patch.object(generator, "_write", lambda path, page, made: pages.append(page)):
        generator.generate_site(Path("/nonexistent"), int(count * 1.1) + 10)
    stories = []
    for page in pages:
        if page.page_no == 1:
            stories.append({"page": page, "paragraphs": list(page.paragraphs), "urls": [page.url]})
        else:
            stories[-1]["paragraphs"] += page.paragraphs
            stories[-1]["urls"].append(page.url)
    if len(stories) < count:
        raise SystemExit(f"the generator gave {len(stories)} stories, fewer than {count}")
    return stories[:count]


def story_article(capture, story: dict):
    """(After django.setup().) The published Article row for one generated story, sealed as
    ingest seals it; shared by the benchmarks that bulk-load stories without ingesting."""
    from morgue.archive.fieldtext import fingerprint
    from morgue.archive.models import Article
    from morgue.sample.paper import ARCHIVE_NOTICE, PAPER

    page = story["page"]
    day = page.published.date()
    slug = page.url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    body = "\n\n".join(story["paragraphs"])
    row = Article(
        capture=capture, url=f"/{day:%Y/%m/%d}/{slug}/", slug=slug[:120],
        legacy_url=page.url, headline=page.headline, dek=page.dek or "",
        bylines=list(page.bylines), dateline=page.dateline or "",
        published=day, section=page.section, body=body, language="en",
        word_count=len(body.split()), notice=ARCHIVE_NOTICE,
        publication=PAPER, extractor="bench")
    row.extraction_digest = fingerprint(row)
    return row


def load(count: int, targets_file: Path) -> None:
    """(In a process configured for one database.) Fill it, index it, list the targets."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from morgue.archive.models import Article, Capture, IngestRun
    from morgue.search import reindex
    from morgue.search.cache import index_token
    from morgue.search.models import Document

    call_command("migrate", verbosity=0)
    have = Article.objects.filter(extractor="bench").count()
    if have != count:
        if Article.objects.exists():
            raise SystemExit("the benchmark database holds other articles; use a fresh one")
        started = time.perf_counter()
        stories = generated_stories(count)
        run = IngestRun.objects.create(status=IngestRun.Status.FINISHED, paths=["bench"])
        for start in range(0, count, BATCH):
            with transaction.atomic():
                chunk = stories[start:start + BATCH]
                captures = Capture.objects.bulk_create(
                    Capture(sha256=f"{start + n:064x}", size=0, source="bench",
                            locator=s["urls"][0], format="mirror", legacy_url=s["urls"][0],
                            run=run)
                    for n, s in enumerate(chunk))
                rows = [story_article(capture, s)
                        for capture, s in zip(captures, chunk, strict=True)]
                Article.objects.bulk_create(rows)
        print(f"loaded {count:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    # Index when the articles are new, or the index is not what reindex() makes today
    # (a database kept from a run of older code).
    if have != count or Document.objects.count() != count or index_token() is None:
        started = time.perf_counter()
        reindex()
        print(f"indexed in {time.perf_counter() - started:.0f} s", flush=True)
    analyze()
    write_targets(targets_file)


def analyze() -> None:
    """Planner statistics, as an operator gathers them after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def write_targets(targets_file: Path) -> None:
    """The URLs each scenario cycles through, drawn from the loaded articles.

    Searches are one word of a story's headline (and, narrower, two), in the story's
    section, published on or after the first of a random month: ~330 words and sections times 180 months, so every
    search URL of a run is distinct and none is answered from morgue's result cache (valid
    until the index changes). Warm-ups get searches of their own.
    """
    from morgue.archive.models import Article

    rng = random.Random(SEED)
    rows = list(Article.objects.filter(extractor="bench").order_by("pk")
                .values_list("pk", "url", "legacy_url", "headline", "section"))
    sample = rng.sample(rows, min(TARGETS, len(rows)))
    pairs = sorted({(w, section) for _, _, _, headline, section in rows
                    for w in _words(headline)})
    searches = list({(*rng.choice(pairs), f"{rng.randint(1998, 2012)}-{rng.randint(1, 12):02d}-01")
                     for _ in range(SEARCHES * 4)})
    rng.shuffle(searches)
    # Narrower: two words of one headline (both must match), as a reader searching for a
    # particular story would type; the same section and date filters.
    two_words = sorted({(" ".join(pair), section) for _, _, _, headline, section in rows
                        for pair in [_words(headline)[:2]] if len(pair) == 2})
    narrow = list({(*rng.choice(two_words), f"{rng.randint(1998, 2012)}-{rng.randint(1, 12):02d}-01")
                   for _ in range((SEARCHES + WARM_SEARCHES) * 2)})
    rng.shuffle(narrow)
    warm, page, api = (searches[:WARM_SEARCHES], searches[WARM_SEARCHES:WARM_SEARCHES + SEARCHES],
                       searches[WARM_SEARCHES + SEARCHES:WARM_SEARCHES + 2 * SEARCHES])

    def site(found):
        return [f"/search/?{urlencode({'q': q, 'section': s, 'date_from': d})}"
                for q, s, d in found]

    def api_list(found):
        return [f"/api/articles?{urlencode({'q': q, 'section': s, 'date_from': d})}"
                for q, s, d in found]

    def datasette(found):
        return ["/bench/articles.json?" + urlencode(
            [("_search", q), ("section", s), ("published__gte", d), ("_facet", "section"),
             ("_facet", "author"), ("_facet", "year")]) for q, s, d in found]

    targets = {
        "article": [url for _, url, _, _, _ in sample],
        "api_article": [f"/api/articles/{pk}" for pk, _, _, _, _ in sample],
        "redirect": [_path(legacy) for _, _, legacy, _, _ in sample],
        "search_page": site(page), "search_page:warm": site(warm),
        "search_api": api_list(api), "search_api:warm": api_list(warm),
        # Popular searches: a few, asked again and again (warmed up on themselves).
        "search_api_repeat": api_list(warm[:REPEATED]),
        "narrow_api": api_list(narrow[WARM_SEARCHES:WARM_SEARCHES + SEARCHES]),
        "narrow_api:warm": api_list(narrow[:WARM_SEARCHES]),
        "datasette_row": [f"/bench/articles/{pk}" for pk, _, _, _, _ in sample],
        "datasette_search": datasette(api), "datasette_search:warm": datasette(warm),
    }
    targets_file.write_text(json.dumps(targets))


def _words(headline: str) -> list[str]:
    words = [w.strip(".,'’\"").lower() for w in headline.split()]
    return [w for w in words if len(w) >= 5 and w.isalpha()]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def build_datasette_db(morgue_db: Path, out: Path) -> None:
    """The same published articles as one table with FTS5, as a newsroom would set it up."""
    if out.exists():
        return
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute(f"ATTACH DATABASE '{morgue_db}' AS m")
    db.executescript("""
        CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT, headline TEXT, dek TEXT,
            author TEXT, bylines TEXT, section TEXT, published TEXT, year INTEGER, body TEXT);
        INSERT INTO articles SELECT id, url, headline, dek,
            COALESCE(json_extract(bylines, '$[0]'), ''), bylines, section, published,
            CAST(substr(published, 1, 4) AS INTEGER), body
            FROM m.archive_article WHERE status = 'published';
        CREATE INDEX articles_section ON articles(section);
        CREATE INDEX articles_author ON articles(author);
        CREATE INDEX articles_year ON articles(year);
        CREATE INDEX articles_published ON articles(published);
        CREATE VIRTUAL TABLE articles_fts USING fts5(headline, dek, body, author,
            content="articles", content_rowid="id");
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    """)
    db.commit()
    db.execute("DETACH DATABASE m")
    db.execute("VACUUM")
    db.close()
    tmp.rename(out)


# -- serving and measuring -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, seconds: float = 300) -> None:
    """Until ``path`` answers. The first answer may take long on a big archive (the
    section counts of a million stories, cached after): one slow request is waited for,
    rather than asked again of every worker in turn."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}",
                                        timeout=max(1.0, deadline - time.monotonic())):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"nothing answered at 127.0.0.1:{port}{path} within {seconds} s")


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    ready: str

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_until_up(self.port, self.ready)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def morgue_server(env: dict[str, str], workers: int | None) -> Server:
    """``morgue serve`` (gunicorn), with an empty result cache: a rerun on the same
    database must not be answered from the last run's searches."""
    shutil.rmtree(Path(env["MORGUE_HOME"]) / "cache", ignore_errors=True)
    port = free_port()
    command = [str(BIN / "morgue"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    return Server("morgue", command, env, port, "/api/sections")


def datasette_server(db: Path, *settings: str) -> Server:
    port = free_port()
    command = [str(BIN / "datasette"), "serve", str(db), "--host", "127.0.0.1", "--port",
               str(port)]
    for setting in settings:
        command += ["--setting", *setting.split("=", 1)]
    return Server("datasette", command, dict(os.environ), port, "/-/versions.json")


@dataclass
class Result:
    system: str
    scenario: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    distinct: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(port: int, paths: list[str], seconds: int, connections: int) -> dict:
    script = WORK / "site-load.lua"
    script.write_text(WRK_SCRIPT)
    listing = WORK / f"paths-{uuid.uuid4().hex[:8]}.txt"
    listing.write_text("\n".join(paths) + "\n")
    try:
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{round(seconds)}s", "--timeout", "30s",
             "-s", str(script), f"http://127.0.0.1:{port}", "--", str(listing)],
            check=True, capture_output=True, text=True).stdout
    finally:
        listing.unlink(missing_ok=True)
    return json.loads(out.strip().splitlines()[-1])


def measure(server: Server, system: str, scenario: str, targets: dict, key: str, seconds: int,
            connections: int) -> Result:
    paths = targets[key]
    wrk(server.port, targets.get(f"{key}:warm", paths), WARMUP, connections)
    raw = wrk(server.port, paths, seconds, connections)
    result = Result(system, scenario, raw["requests"], raw["duration_us"] / 1e6,
                    raw["p50_us"] / 1000, raw["p95_us"] / 1000,
                    raw["status_errors"] + raw["socket_errors"] + raw["timeouts"], len(paths))
    print(f"{system:30} {scenario[:40]:40} {result.rate:7.1f}/s  p50 {result.p50_ms:7.1f} ms  "
          f"p95 {result.p95_ms:7.1f} ms  {result.requests}/{result.distinct} errors "
          f"{result.errors}", flush=True)
    return result


MORGUE_SCENARIOS = [
    ("article", "article page"),
    ("search_page", "search page: q + section + date_from, ranked, 3 facets (HTML)"),
    ("search_api", "/api/articles: q + section + date_from, ranked, 3 facets (JSON)"),
    ("search_api_repeat", "/api/articles: the same, 50 searches asked again and again"),
    ("narrow_api", "/api/articles: two words of one headline + section + date_from"),
    ("redirect", "legacy URL → 301"),
    ("api_article", "/api/articles/{id}"),
]
SHORT = {"search_page": "search page", "search_api": "API search",
         "search_api_repeat": "API search asked again and again (cached)"}
SEARCH_DATASETTE = "table: _search + section + published__gte, 3 facets (JSON)"


def bench_morgue(system: str, env: dict[str, str], targets: dict, seconds: int,
                 connections: int, workers: int | None) -> list[Result]:
    with morgue_server(env, workers) as server:
        return [measure(server, system, label, targets, key, seconds, connections)
                for key, label in MORGUE_SCENARIOS]


def bench_datasette(db: Path, targets: dict, seconds: int, connections: int) -> list[Result]:
    results = []
    for system, settings in (("Datasette, defaults", ()),
                             ("Datasette, suggest_facets off", ("suggest_facets=off",))):
        with datasette_server(db, *settings) as server:
            results.append(measure(server, system, "article page (row page)", targets,
                                   "datasette_row", seconds, connections))
            results.append(measure(server, system, SEARCH_DATASETTE, targets,
                                   "datasette_search", seconds, connections))
    return results


# -- the run ---------------------------------------------------------------------------------

def postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES_ADMIN_URL}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(home: Path, database_url: str = "") -> dict[str, str]:
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_SECRET_KEY": "bench-" + "k" * 50,
           "MORGUE_DEBUG": "0", "MORGUE_ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DJANGO_SETTINGS_MODULE": "morgue.settings"}
    env.pop("MORGUE_DATABASE_URL", None)
    if database_url:
        env["MORGUE_DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str], count: int, targets_file: Path) -> dict:
    Path(env["MORGUE_HOME"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, __file__, "--load", str(count), "--targets",
                    str(targets_file)], env=env, check=True)
    return json.loads(targets_file.read_text())


def table(results: list[Result]) -> str:
    lines = ["| system | request | requests/s | p50 (ms) | p95 (ms) | requests | distinct URLs "
             "| errors |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        rough = "≈" if r.requests < FEW else ""
        lines.append(f"| {r.system} | {r.scenario} | {rough}{r.rate:.1f} | {r.p50_ms:.0f} | "
                     f"{r.p95_ms:.0f} | {r.requests:,} | {r.distinct:,} | {r.errors} |")
    if any(r.requests < FEW for r in results):
        lines.append(f"\n≈: fewer than {FEW} requests finished in the time, so the rate is "
                     "rough (requests still running at the end are not counted).")
    return "\n".join(lines) + "\n"


#: rows with fewer finished requests than this are marked as rough
FEW = 50
#: the goal for a search with filters and facets (issue 5)
GOAL_RATIO, GOAL_P95_MS = 5.0, 100.0


def verdict(results: list[Result]) -> str:
    """The searches against Datasette's and the goal, in words."""
    rows = {(r.system, r.scenario): r for r in results}
    default = rows.get(("Datasette, defaults", SEARCH_DATASETTE))
    quiet = rows.get(("Datasette, suggest_facets off", SEARCH_DATASETTE))
    lines = []
    for system in ("morgue, SQLite", "morgue, PostgreSQL"):
        for key, label in MORGUE_SCENARIOS:
            r = rows.get((system, label))
            if r is None or not key.startswith("search") or not default or not default.rate:
                continue
            ratio = r.rate / default.rate
            against_quiet = f", {r.rate / quiet.rate:.1f}× with suggestions off" if quiet and \
                quiet.rate else ""
            lines.append(
                f"- {system}, {SHORT[key]}: {ratio:.1f}× Datasette's default throughput"
                f"{against_quiet} (goal ≥ {GOAL_RATIO:g}×: {'met' if ratio >= GOAL_RATIO else 'not met'}); "
                f"p95 {r.p95_ms:.0f} ms (goal < {GOAL_P95_MS:g} ms: "
                f"{'met' if r.p95_ms < GOAL_P95_MS else 'not met'}).")
    return "\n".join(lines) + "\n" if lines else ""


def versions() -> str:
    import datasette
    import django

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    import gunicorn

    return (f"Django {django.__version__}, gunicorn {gunicorn.__version__}, Datasette {datasette.__version__}, "
            f"wrk {wrk_version[1] if len(wrk_version) > 1 else '?'}, "
            f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")


def write_doc(text: str, command: str) -> None:
    write_section("site-load", text, command=command,
                  heading="## Serving under load: article, search, redirect")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int,
                        help="morgue's server processes (default: morgue serve's)")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL database for the next run")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--targets", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load is not None:  # the child process that fills one database
        load(args.load, args.targets)
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    work = WORK / f"site-load-{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    started = time.time()
    results: list[Result] = []

    home = work / "sqlite"
    env = server_env(home)
    targets = prepare(env, args.articles, work / "targets-sqlite.json")
    results += bench_morgue("morgue, SQLite", env, targets, args.duration, args.concurrency,
                            args.workers)

    datasette_db = work / "bench.sqlite"  # Datasette names the database "bench"
    build_datasette_db(home / "morgue.sqlite3", datasette_db)
    results += bench_datasette(datasette_db, targets, args.duration, args.concurrency)

    if not args.skip_postgres:
        name = f"morgue_bench_site_{args.articles}"
        env = server_env(work / "postgres", postgres_database(name))
        try:
            targets = prepare(env, args.articles, work / "targets-postgres.json")
            results += bench_morgue("morgue, PostgreSQL", env, targets, args.duration,
                                    args.concurrency, args.workers)
        finally:
            if not args.keep:
                drop_database(name)

    load_after = os.getloadavg()
    text = table(results) + "\n" + verdict(results) + (
        f"\n{args.articles:,} articles; {args.concurrency} connections; {args.duration:g} s "
        f"per row after a {WARMUP} s warm-up (searches warm up on other searches); the "
        f"URLs of a row are cycled through. "
        f"morgue: `morgue serve` with {args.workers or 'its default number of'} worker "
        f"processes; Datasette: one process, its defaults. Load average before / after the run: "
        f"{load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} CPUs "
        f"(run took {(time.time() - started) / 60:.0f} min). {versions()}.\n")
    print(text)
    if args.write:
        write_doc(text, "python " + " ".join(
            [os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]]))


if __name__ == "__main__":
    main()
