"""Export, import and OAI-PMH harvest of a big archive.

With N generated stories (default 100,000; the words of ``morgue sample site``, one
capture each, its bytes in the store; 1% corrected by an editor) in a fresh SQLite
home, measure:

- ``morgue export`` to JSON Lines and to Parquet: time and size; reading each back
  with DuckDB and pandas;
- ``morgue export --captures``: the WARC of every capture;
- ``morgue import`` of export + captures into an empty home: time, and that exporting
  the restored archive gives the same file;
- an OAI-PMH harvest of the whole archive (oaipmh-scythe against ``morgue serve``,
  2 gunicorn workers): records per second.

Run: ``python benchmarks/export_bench.py --stories 100000 --write``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from benchdoc import write_section  # noqa: E402
from site_load import Server, free_port, generated_stories, story_article  # noqa: E402

BIN = Path(sys.executable).parent
BATCH = 1000
#: One story in this many gets an editorial correction (so exports carry versions).
CORRECTED_EVERY = 100


def load(count: int) -> None:
    """(In a process configured for the home.) Fill it with ``count`` stories, index it."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from morgue.archive.corrections import add_correction
    from morgue.archive.models import Article, Capture, IngestRun
    from morgue.search import reindex
    from morgue.store import CaptureStore

    call_command("migrate", verbosity=0)
    store = CaptureStore(settings.MORGUE_STORE)
    stories = generated_stories(count)
    run = IngestRun.objects.create(status=IngestRun.Status.FINISHED, paths=["bench"])
    for start in range(0, count, BATCH):
        with transaction.atomic():
            chunk = stories[start:start + BATCH]
            pages = []
            for s in chunk:
                html = (f"<html><head><title>{s['page'].headline}</title></head><body><h1>"
                        f"{s['page'].headline}</h1>" + "".join(f"<p>{p}</p>" for p in
                                                              s["paragraphs"])
                        + "</body></html>").encode("utf-8")
                pages.append((html, store.put(html)))
            captures = Capture.objects.bulk_create(
                Capture(sha256=sha, size=len(html), source="bench", locator=s["urls"][0],
                        format="mirror", legacy_url=s["urls"][0], content_type="text/html",
                        run=run)
                for (html, sha), s in zip(pages, chunk, strict=True))
            rows = [story_article(capture, s) for capture, s in zip(captures, chunk, strict=True)]
            Article.objects.bulk_create(rows)
    for article in Article.objects.order_by("pk")[::CORRECTED_EVERY]:
        add_correction(article, "dek", article.dek, article.dek + " (corrected)",
                       kind="editorial", reason="benchmark", actor="bench")
    reindex()


def morgue(home: Path, *args: str) -> float:
    env = {**os.environ, "MORGUE_HOME": str(home)}
    env.pop("MORGUE_DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run([str(BIN / "morgue"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load:
        load(options.load)
        return
    import duckdb
    import pandas as pd
    from oaipmh_scythe import Scythe

    work = Path(tempfile.mkdtemp(prefix="morgue-export-bench-"))
    home, restored = work / "home", work / "restored"
    home.mkdir()
    env = {**os.environ, "MORGUE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "morgue.settings"}
    env.pop("MORGUE_DATABASE_URL", None)
    morgue(home, "init")  # a secret key, for `morgue serve`
    load_avg = os.getloadavg()[0]
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--load", str(options.stories)], env=env,
                   check=True)
    print(f"loaded and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    jsonl, parquet, warc = work / "s.jsonl", work / "s.parquet", work / "c.warc.gz"
    rows = []
    t = morgue(home, "export", "-o", str(jsonl))
    rows.append(("export, JSON Lines", t, jsonl.stat().st_size))
    t = morgue(home, "export", "--format", "parquet", "-o", str(parquet))
    rows.append(("export, Parquet (zstd)", t, parquet.stat().st_size))
    backup = work / "backup.jsonl"
    t = morgue(home, "export", "-o", str(backup), "--captures", str(warc))
    rows.append(("export with --captures (JSON Lines + WARC)", t, warc.stat().st_size))
    print(rows, flush=True)
    reads = []
    t, n = timed(lambda: duckdb.sql(f"select count(*) from '{parquet}'").fetchall()[0][0])
    reads.append(("DuckDB: count(*) of the Parquet", t, n))
    t, n = timed(lambda: duckdb.sql(
        f"select section, count(*), avg(word_count) from '{parquet}' group by section"
    ).fetchall())
    reads.append(("DuckDB: stories and mean words by section (Parquet)", t, len(n)))
    t, n = timed(lambda: duckdb.sql(
        f"select count(*) from read_json_auto('{jsonl}', format='newline_delimited')"
    ).fetchall()[0][0])
    reads.append(("DuckDB: count(*) of the JSON Lines", t, n))
    t, frame = timed(lambda: pd.read_parquet(parquet))
    reads.append(("pandas: read_parquet, every column", t, len(frame)))
    t, frame = timed(lambda: pd.read_json(jsonl, lines=True))
    reads.append(("pandas: read_json(lines=True)", t, len(frame)))
    del frame
    t = morgue(restored, "import", str(backup), "--captures", str(warc))
    again = work / "again.jsonl"
    morgue(restored, "export", "-o", str(again), "--held")
    identical = again.read_bytes() == backup.read_bytes()
    port = free_port()
    serve = [str(BIN / "morgue"), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "2"]
    with Server("morgue", serve, {**env}, port, "/oai?verb=Identify"):
        def harvest() -> int:
            with Scythe(f"http://127.0.0.1:{port}/oai", timeout=600) as scythe:
                return sum(1 for _ in scythe.list_records())
        harvest_time, harvested = timed(harvest)
    block = report(options.stories, rows, reads, t, identical, harvest_time, harvested,
                   load_avg)
    print(block)
    if options.write:
        write_section("export", block, "## Export, import and OAI-PMH (issue 15)",
                      f"python benchmarks/export_bench.py --stories {options.stories} --write")


def report(count, rows, reads, import_time, identical, harvest_time, harvested, load_avg):
    lines = [f"{count:,} generated stories (one capture each, 1% corrected) in SQLite; "
             f"load average {load_avg:.1f} at the start, 2 shared cores.", "",
             "| what | time | size |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {t:.1f} s | {size / 1e6:.1f} MB |" for name, t, size in rows]
    lines += ["", "| read back | time | rows |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {t:.2f} s | {n:,} |" for name, t, n in reads]
    lines += ["", f"`morgue import` of export + captures into an empty home (with its "
              f"reindex): {import_time:.1f} s; exported again: "
              f"{'identical' if identical else 'DIFFERENT'}.",
              f"OAI-PMH ListRecords harvest of the whole archive (oaipmh-scythe, `morgue "
              f"serve` with 2 workers): {harvested:,} records in {harvest_time:.1f} s = "
              f"{harvested / harvest_time:.0f} records/s."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
