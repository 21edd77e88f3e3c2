"""Ingest throughput and peak memory, morgue against trafilatura alone, in one run.

For each size, generate a legacy site (``morgue sample site``), then time in separate
processes, one after the other on the same files:

- trafilatura alone: ``bare_extraction`` over every page file, nothing stored;
- ``morgue ingest`` into SQLite (a fresh MORGUE_HOME);
- ``morgue ingest`` into PostgreSQL (a fresh database on the local server).

Peak memory is the largest resident set of any one process of the run (Linux ``wait4``
reports the maximum over a child and its waited-for descendants). Writes a Markdown table
to stdout and, with ``--write``, into docs/benchmarks.md between markers.

    python benchmarks/ingest_throughput.py --sizes 10000 100000 --workers 2 --write
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


from benchdoc import write_section  # noqa: E402 (this folder is on the path of a script)

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
POSTGRES_ADMIN_URL = os.environ.get("MORGUE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")

TRAFILATURA_ALONE = r"""
import gzip, sys
from multiprocessing import Pool
from pathlib import Path
import trafilatura

def one(path):
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    doc = trafilatura.bare_extraction(data, with_metadata=True)
    return 1 if doc is not None and doc.text else 0

if __name__ == "__main__":
    root, workers = sys.argv[1], int(sys.argv[2])
    files = sorted(str(p) for p in Path(root).rglob("*") if p.is_file())
    if workers > 1:
        with Pool(workers) as pool:
            found = sum(pool.imap(one, files, chunksize=64))
    else:
        found = sum(map(one, files))
    print(found, len(files))
"""


@dataclass
class Measure:
    tool: str
    pages: int
    seconds: float
    peak_mb: float
    anon_mb: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def anon_mb(pid: int) -> float:
    """Private (anonymous) resident memory of one process: what it really holds, without
    file pages it maps (SQLite maps the database file; those pages are reclaimable)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        # every thread's children: a Dask nanny starts its worker from its event loop's thread
        try:
            threads = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in threads:
            try:
                with open(f"/proc/{p}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
            except OSError:
                pass
    return found


def run(command: list[str], env: dict[str, str] | None = None
        ) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS and peak anonymous memory of one process (MB), and stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    peak_anon = 0.0
    sampler_done = threading.Event()

    def sample() -> None:
        nonlocal peak_anon
        while not sampler_done.wait(0.2):
            peak_anon = max([peak_anon, *(anon_mb(p) for p in tree(proc.pid))])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    sampler_done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed with {status}")
    return seconds, usage.ru_maxrss / 1024, peak_anon, output


def postgres_database() -> tuple[str, str]:
    import psycopg

    name = f"morgue_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"{POSTGRES_ADMIN_URL}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generated_site(pages: int) -> tuple[Path, int]:
    """The legacy site of ``pages`` pages (``morgue sample site``, made once) and its files."""
    site = WORK / f"site-{pages}"
    if not site.exists():
        subprocess.run([sys.executable, "-m", "morgue", "sample", "site", str(site),
                        "--pages", str(pages)], check=True, stdout=subprocess.DEVNULL)
    return site, sum(1 for p in site.rglob("*") if p.is_file())


def bench_size(pages: int, workers: int) -> list[Measure]:
    site, files = generated_site(pages)
    results = []

    seconds, peak, anon, output = run(
        [sys.executable, "-c", TRAFILATURA_ALONE, str(site), str(workers)])
    found = output.split()[0] if output else "?"
    results.append(Measure("trafilatura alone (extract only, nothing kept)", files, seconds,
                           peak, anon, f"text found on {found} pages"))

    home = WORK / f"home-{pages}"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "MORGUE_HOME": str(home)}
    env.pop("MORGUE_DATABASE_URL", None)
    # Ingest alone: the transfer checks that follow by default are measured by
    # benchmarks/fault_benchmark.py.
    command = [sys.executable, "-m", "morgue", "ingest", "--no-check", "--workers", str(workers),
               str(site)]
    seconds, peak, anon, _ = run(command, env)
    results.append(Measure("morgue ingest → SQLite", files, seconds, peak, anon,
                           "bytes stored + articles + problems + search index"))
    shutil.rmtree(home, ignore_errors=True)

    name, url = postgres_database()
    try:
        seconds, peak, anon, _ = run(command, {**env, "MORGUE_DATABASE_URL": url})
        results.append(Measure("morgue ingest → PostgreSQL", files, seconds, peak, anon,
                               "bytes stored + articles + problems + search index"))
    finally:
        drop_database(name)
        shutil.rmtree(home, ignore_errors=True)
    return results


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def table(results: list[Measure], workers: int) -> str:
    lines = ["| pages | tool | seconds | pages/s | peak RSS, one process (MB) | "
             "peak private memory, one process (MB) | note |",
             "| ---: | --- | ---: | ---: | ---: | ---: | --- |"]
    for m in results:
        lines.append(f"| {m.pages:,} | {m.tool} | {m.seconds:.1f} | {m.rate:.1f} | "
                     f"{m.peak_mb:.0f} | {m.anon_mb:.0f} | {m.note} |")
    return "\n".join(lines) + (f"\n\nWorkers: {workers} processes for every tool. "
                                f"Load average (1/5/15 min) when the run ended: "
                                f"{load_average()} on {os.cpu_count()} cores.\n")


def write_doc(text: str, command: str) -> None:
    write_section("ingest-throughput", text, command=command,
                  heading="## Ingest throughput and peak memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    command = "python " + " ".join([os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    for size in args.sizes:
        results += bench_size(size, args.workers)
        print(table(results, args.workers), flush=True)
        if args.write:  # after each size, so a long run leaves what it measured
            write_doc(table(results, args.workers), command)


if __name__ == "__main__":
    main()
