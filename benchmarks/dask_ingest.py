"""Ingest + checks on Dask against the local process pool and trafilatura alone, one run.

For each size, generate a legacy site (``morgue sample site``), then time in separate
processes, one after the other on the same files:

- trafilatura alone: ``bare_extraction`` over every page file in 2 processes, nothing kept;
- the local pool: ``morgue ingest --no-check --workers 2`` then ``morgue check --workers 2``;
- Dask, 1 worker: the same with ``--dask local:1``;
- Dask, 2 workers: the same with ``--dask local:2``.

Every morgue run is a fresh SQLite archive. Memory is sampled every 0.2 s from /proc for
every process of the run: the client (the process that writes the database) and, apart,
the largest of the workers (pool processes, Dask worker processes). From the 2-worker
Dask run, the per-partition costs recorded in the archive (IngestPartition.seconds) and
the client's CPU time give a projection to a 20-machine cluster, with the scheduler's
per-task overhead measured here by a round of empty tasks.

    python benchmarks/dask_ingest.py --sizes 2000 10000 --partition-pages 100 --write
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchdoc import write_section  # noqa: E402 (this folder is on the path of a script)
from ingest_throughput import TRAFILATURA_ALONE, anon_mb, generated_site, load_average, tree

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
#: the machines of the projection, each like this one
CLUSTER_MACHINES = 20
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Sampled:
    seconds: float
    client_mb: float = 0.0
    worker_mb: float = 0.0
    client_cpu: float = 0.0


@dataclass
class Measure:
    setup: str
    pages: int
    ingest: Sampled
    check: Sampled | None = None
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.ingest.seconds + (self.check.seconds if self.check else 0.0)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds

    @property
    def worker_mb(self) -> float:
        return max(self.ingest.worker_mb, self.check.worker_mb if self.check else 0.0)

    @property
    def client_mb(self) -> float:
        return max(self.ingest.client_mb, self.check.client_mb if self.check else 0.0)


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[Sampled, str]:
    """Wall time, the client's and the largest worker's peak private memory (MB), and the
    client's CPU seconds (its own, not its children's)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    peaks: dict[int, float] = {}
    client_cpu = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal client_cpu
        while not stop.wait(0.2):
            client_cpu = max(client_cpu, cpu_seconds(proc.pid))
            for pid in tree(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), anon_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read() if proc.stdout else ""
    status = proc.wait()
    stop.set()
    sampler.join()
    if status not in (0, 1):
        raise SystemExit(f"{command} failed with exit code {status}")
    workers = [mb for pid, mb in peaks.items() if pid != proc.pid]
    return Sampled(time.perf_counter() - start, peaks.get(proc.pid, 0.0),
                   max(workers, default=0.0), client_cpu), output


def morgue(home: Path, *args: str) -> tuple[Sampled, str]:
    # Enrichment (names, quote speakers: ~1 s a story with spaCy) is measured by
    # benchmarks/enrich_bench.py; this one measures ingest and the transfer checks.
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_ENRICH": "0"}
    for name in ("MORGUE_DATABASE_URL", "MORGUE_STORE"):
        env.pop(name, None)
    return run([sys.executable, "-m", "morgue", *args], env)


def partition_costs(home: Path) -> tuple[int, float, float]:
    """(partitions, mean worker seconds per partition, mean pages per partition)."""
    with sqlite3.connect(home / "morgue.sqlite3") as db:
        count, seconds, pages = db.execute(
            "select count(*), avg(seconds), avg(pages) from archive_ingestpartition "
            "where status = 'done'").fetchone()
    return count, seconds or 0.0, pages or 0.0


def scheduler_overhead(tasks: int = 2000) -> float:
    """Seconds per task of the scheduler round trip: empty tasks on 2 local workers."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.gather(client.map(int, range(100)))  # warm up
        start = time.perf_counter()
        client.gather(client.map(abs, range(tasks), pure=False))
        return (time.perf_counter() - start) / tasks


def bench_size(pages: int, partition_pages: int) -> list[Measure]:
    site, files = generated_site(pages)
    alone, _ = run([sys.executable, "-c", TRAFILATURA_ALONE, str(site), "2"])
    results = [Measure("trafilatura alone, 2 processes (extract only, nothing kept)", files, alone)]
    for setup, how in (("morgue, local pool of 2 processes", ("--workers", "2")),
                       ("morgue on Dask, 1 worker", ("--dask", "local:1")),
                       ("morgue on Dask, 2 workers", ("--dask", "local:2"))):
        home = WORK / f"dask-home-{pages}"
        shutil.rmtree(home, ignore_errors=True)
        cut = ("--partition-pages", str(partition_pages)) if how[0] == "--dask" else ()
        ingested, _ = morgue(home, "ingest", "--no-check", *how, *cut, str(site))
        checked, _ = morgue(home, "check", *how)
        measure = Measure(setup, files, ingested, checked)
        if how[0] == "--dask":
            count, seconds, per = partition_costs(home)
            measure.extra = {"partitions": count, "partition_seconds": seconds,
                             "partition_pages": per}
        results.append(measure)
        shutil.rmtree(home, ignore_errors=True)
    return results


def table(results: list[Measure]) -> str:
    lines = ["| pages | setup | ingest s | checks s | pages/s, ingest + checks | "
             "cost per page vs trafilatura alone | peak private MB, largest worker | "
             "peak private MB, client |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    alone: dict[int, float] = {}
    for m in results:
        if m.check is None:
            alone[m.pages] = m.seconds
        ratio = m.seconds / alone[m.pages] if m.pages in alone else float("nan")
        checks = f"{m.check.seconds:.1f}" if m.check else "–"
        lines.append(f"| {m.pages:,} | {m.setup} | {m.ingest.seconds:.1f} | {checks} | "
                     f"{m.rate:.1f} | {ratio:.2f}× | {m.worker_mb:.0f} | {m.client_mb:.0f} |")
    return "\n".join(lines)


def speedups(results: list[Measure]) -> str:
    lines = []
    for pages in sorted({m.pages for m in results}):
        by = {m.setup: m for m in results if m.pages == pages}
        one, two = by.get("morgue on Dask, 1 worker"), by.get("morgue on Dask, 2 workers")
        if one and two:
            lines.append(f"- {pages:,} pages: 2 Dask workers are {one.seconds / two.seconds:.2f}× "
                         f"one (ingest {one.ingest.seconds / two.ingest.seconds:.2f}×, checks "
                         f"{one.check.seconds / two.check.seconds:.2f}×; goal ≥ 1.8×)."
                         if one.check and two.check else "")
    return "\n".join(lines)


def memory_by_size(results: list[Measure]) -> str:
    """Peak private memory of the largest worker and of the client, size by size."""
    sizes = sorted({m.pages for m in results})
    if len(sizes) < 2:
        return ""
    lines = ["| setup | " + " | ".join(f"{s:,} pages: worker / client MB" for s in sizes) + " |",
             "| --- |" + " ---: |" * len(sizes)]
    for setup in dict.fromkeys(m.setup for m in results if m.check is not None):
        by = {m.pages: m for m in results if m.setup == setup}
        lines.append(f"| {setup} | " + " | ".join(
            f"{by[s].worker_mb:.0f} / {by[s].client_mb:.0f}" if s in by else "–" for s in sizes)
            + " |")
    return "Memory as the archive grows (peak private MB):\n\n" + "\n".join(lines)


def projection(results: list[Measure], overhead: float) -> str:
    """20 machines like this one (2 cores each: 40 workers), from the largest size's
    2-worker Dask run."""
    two = [m for m in results if m.setup == "morgue on Dask, 2 workers"][-1]
    per_page_worker = two.extra["partition_seconds"] / max(two.extra["partition_pages"], 1)
    per_page_client = two.ingest.client_cpu / two.pages
    workers = CLUSTER_MACHINES * 2
    extract_rate = workers / per_page_worker
    client_rate = 1 / per_page_client if per_page_client else float("inf")
    scheduler_rate = two.extra["partition_pages"] / overhead
    bound = min(extract_rate, client_rate, scheduler_rate)
    limit = {extract_rate: "the workers' extraction", client_rate: "the one writing client",
             scheduler_rate: "the scheduler"}[bound]
    million = 1_000_000 / bound
    return (
        f"Projection to {CLUSTER_MACHINES} machines like this one ({workers} Dask workers), "
        f"from the {two.pages:,}-page 2-worker run: a partition of "
        f"{two.extra['partition_pages']:.0f} pages took a worker "
        f"{two.extra['partition_seconds']:.2f} s ({per_page_worker * 1000:.1f} ms per page to "
        f"read, store and extract), so {workers} workers extract {extract_rate:,.0f} pages/s; "
        f"the client, the one writer, spent {per_page_client * 1000:.2f} ms of CPU per page "
        f"(its ceiling: {client_rate:,.0f} pages/s into SQLite; PostgreSQL on its own machine "
        f"moves the database's share of that off the client); the scheduler's round trip was "
        f"{overhead * 1000:.2f} ms per task here, {scheduler_rate:,.0f} pages/s at "
        f"{two.extra['partition_pages']:.0f} pages per partition. The bound is {limit}: "
        f"about {bound:,.0f} pages/s, a million pages in {million / 60:.0f} minutes of ingest. "
        "Beyond that the client is the wall: more machines help only once writes are spread "
        "(several clients over disjoint sources into PostgreSQL, each its own single writer), "
        "which morgue allows since partitions are keyed per source."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--partition-pages", type=int, default=100,
                        help="pages per partition of the Dask runs")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    command = "nice -n 10 python " + " ".join([os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])
    results: list[Measure] = []
    overhead = scheduler_overhead()
    for size in args.sizes:
        results += bench_size(size, args.partition_pages)
        text = (f"{table(results)}\n\n{speedups(results)}\n\n{memory_by_size(results)}\n\n"
                f"{projection(results, overhead)}\n\n"
                f"Load average (1/5/15 min) when the run ended: {load_average()} on "
                f"{os.cpu_count()} cores (a shared machine; other jobs ran beside this one).\n")
        print(text, flush=True)
        if args.write:  # after each size, so a long run leaves what it measured
            write_section("dask-ingest", text, command=command,
                          heading="## Ingest and checks on Dask")


if __name__ == "__main__":
    main()
