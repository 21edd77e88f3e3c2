"""Corpus checks as reductions on Dask: memory of the client and of each worker, by size.

For each size, generate an archive of check items (the fault benchmark's generator:
Markov stories from Reuters with faults planted at its rates, streamed from a file, never
held), then, each in a fresh process:

- one process: ``run_checks`` over the items, the corpus checks only;
- Dask ``local:2``: the same checks as reductions on a LocalCluster of 2 worker
  processes (what ``morgue check --dask local:2`` runs after its per-article pass; the
  database and the visible texts are left out, so only the corpus checks are measured).

Memory is the private (anonymous) resident memory, sampled every 0.2 s from /proc: the
client process, and apart the largest Dask worker process.

    python benchmarks/dask_checks.py --sizes 5000 20000 --write
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchdoc import write_section  # noqa: E402 (this folder is on the path of a script)
from fault_benchmark import OPTIONS, read_scaled, write_scaled
from ingest_throughput import anon_mb, load_average

#: The corpus checks written as reductions.
CODES = ("duplicate", "chrome", "category")
PARTITION = 500


def measure(path: Path, stories: int, dask: bool, codes: list[str]) -> dict[str, float]:
    """Run the checks in this process (and its cluster); peak private memory by role."""
    from morgue.pipeline.checks import run_checks
    from morgue.pipeline.checks.partitioned import partitioned

    items = read_scaled(path)
    me = os.getpid()
    peaks = {"client": 0.0, "worker": 0.0}
    stop = threading.Event()
    workers: list[int] = []

    def sample() -> None:
        while not stop.is_set():
            peaks["client"] = max(peaks["client"], anon_mb(me))
            for pid in workers:
                peaks["worker"] = max(peaks["worker"], anon_mb(pid))
            time.sleep(0.2)

    def checks(archive=None) -> tuple[int, float, float]:
        base = anon_mb(me)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        found = sum(1 for _ in run_checks(items, OPTIONS, set(codes), articles_done=True,
                                          archive=archive))
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        return found, seconds, base

    if not dask:
        found, seconds, base = checks()
    else:
        from morgue.pipeline.cluster import cluster_map, connect

        with connect("local:2") as client:
            # the nanny's thread starts them: they are not under /proc/<me>/task/<me>/children
            workers.extend(client.run(os.getpid).values())
            found, seconds, base = checks(partitioned(items, cluster_map(client), OPTIONS, stories,
                                                      PARTITION))
    return {"findings": found, "seconds": seconds, "client_mb": peaks["client"],
            "client_base_mb": base, "worker_mb": peaks["worker"]}


def run(sizes: list[int], codes: list[str], setups: tuple[bool, ...] = (False, True)
        ) -> list[dict[str, object]]:
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "items.pickle"
            stories = write_scaled(size, path)
            for dask in setups:
                args = [sys.executable, __file__, "--measure", str(path), str(stories),
                        *(["--dask"] if dask else []), "--codes", *codes]
                done = subprocess.run(args, check=True, capture_output=True, text=True)
                result = json.loads(done.stdout.strip().splitlines()[-1])
                result.update(stories=stories, setup="Dask local:2" if dask else "one process",
                              load=load_average())
                print(result, flush=True)
                results.append(result)
    return results


def table(results: list[dict[str, object]], codes: list[str], command: str) -> str:
    lines = [f"Checks: {', '.join(codes)} (corpus checks only; per-article checks and the "
             "database left out).", "",
             "| stories | setup | seconds | findings | peak private MB, client (before the checks) | "
             "peak private MB, largest worker | load average (1/5/15) |",
             "| ---: | --- | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        worker = f"{r['worker_mb']:.0f}" if r["setup"] != "one process" else "–"
        lines.append(f"| {r['stories']:,} | {r['setup']} | {r['seconds']:.1f} | {r['findings']} | "
                     f"{r['client_mb']:.0f} ({r['client_base_mb']:.0f}) | {worker} | {r['load']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--codes", nargs="+", default=list(CODES))
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--dask-only", action="store_true", help="leave out the one-process runs")
    parser.add_argument("--measure", nargs=2, metavar=("PATH", "STORIES"), help=argparse.SUPPRESS)
    parser.add_argument("--dask", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), int(args.measure[1]), args.dask, args.codes)))
        return
    results = run(args.sizes, args.codes, (True,) if args.dask_only else (False, True))
    command = (f"nice -n 10 python benchmarks/dask_checks.py --sizes {' '.join(map(str, args.sizes))} "
               f"--codes {' '.join(args.codes)}{' --dask-only' if args.dask_only else ''} --write")
    block = table(results, args.codes, command)
    print(block)
    if args.write:
        write_section("dask-checks", block, heading="## Corpus checks on Dask", command=command)


if __name__ == "__main__":
    main()
