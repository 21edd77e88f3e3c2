"""Mutation benchmark: real pages and real WARC/ARC files, broken in many small ways.

Each input is a real file with one mutation (a flipped byte, a cut, a deleted or doubled
stretch, a tag made up, markup nested thousands deep, NUL bytes, a closing tag removed).
Pages go through what a worker does with a page (:func:`morgue.pipeline.work.process_page`:
store, extract, keep what libraries say); WARC/ARC files through their reader, every
record. Counted: uncaught exceptions (goal 0), hangs (an input over HANG_SECONDS, goal 0),
inputs that gave neither an article nor a recorded problem (goal 0; for an archive:
records that gave nothing), peak memory of a worker.

    python benchmarks/mutation_fuzz.py --pages 6000 --archives 14000 --write
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdoc import write_section  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
#: an input that takes longer than this is counted as a hang (a clean page takes < 2 s)
HANG_SECONDS = 60
SEED = 12


#: an input that raises a worker's peak memory by more than this is named in the results
MEMORY_JUMP_MB = 256


class Hang(Exception):
    pass


def _jump(before: float, label: str) -> str:
    """A note when this input raised the worker's peak memory by a lot."""
    grown = peak_rss_mb() - before
    return f" (peak memory +{grown:.0f} MB: {label})" if grown > MEMORY_JUMP_MB else ""


def _alarm(signum, frame):
    raise Hang()


def mutate(data: bytes, rng: random.Random, html: bool) -> tuple[str, bytes]:
    """One random mutation of ``data``: (what was done, the result)."""
    n = len(data)
    at = rng.randrange(max(n, 1))
    kind = rng.choice(["flip", "cut", "delete", "double", "nul", "insert"]
                      + (["tag", "nest", "unclose"] if html else []))
    if kind == "flip":
        return kind, data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if kind == "cut":
        return kind, data[:at]
    if kind == "delete":
        return kind, data[:at] + data[at + rng.randrange(1, 4096):]
    if kind == "double":
        span = data[at:at + rng.randrange(1, 4096)]
        return kind, data[:at] + span + span + data[at + len(span):]
    if kind == "nul":
        return kind, data[:at] + b"\x00" * rng.randrange(1, 64) + data[at:]
    if kind == "insert":
        return kind, data[:at] + rng.choice([b"WARC/1.0\r\n", b"\r\n\r\n", b"\x1f\x8b\x08",
                                              b"Content-Length: 99999999\r\n", b"<"]) + data[at:]
    if kind == "tag":
        return kind, data.replace(b"<font ", b"<font4", 1).replace(b"<div ", b"<div4", 1) \
            .replace(b" ", b"4", 1) if rng.random() < 0.3 else data[:at] + b"<a4b=\"x\">" + data[at:]
    if kind == "nest":
        depth = rng.choice([300, 3000, 30000])
        return kind, data[:at] + b"<div>" * depth + data[at:]
    return kind, data.replace(rng.choice([b"</title>", b"</head>", b"</body>", b"</script>",
                                          b"</table>"]), b"", 1)


# --- workers ------------------------------------------------------------------------------

def init(store: str) -> None:
    from morgue.pipeline.work import init_worker

    init_worker(store, None)
    signal.signal(signal.SIGALRM, _alarm)


def run_page(task: tuple[str, str, bytes]) -> tuple[str, str, str]:
    """(mutation, outcome, detail): outcome is article, problem, crash or hang."""
    from morgue.pipeline.records import RawPage
    from morgue.pipeline.work import process_page

    kind, name, content = task
    before = peak_rss_mb()
    signal.alarm(HANG_SECONDS)
    try:
        done = process_page(RawPage(content, "/fuzz", name, "mirror", "http://example.com/" + name,
                                    content_type="text/html"))
    except Hang:
        return kind, "hang", name
    except Exception:  # noqa: BLE001 - what the benchmark counts
        return kind, "crash", traceback.format_exc(limit=3)
    finally:
        signal.alarm(0)
    if done.article is not None:
        return kind, "article", _jump(before, f"{kind} of {name}")
    return kind, ("problem" if done.problem else "nothing"), name + _jump(before, kind)


def run_archive(task: tuple[str, str, bytes]) -> tuple[str, str, str]:
    from morgue.pipeline.sources import open_source

    kind, name, content = task
    before = peak_rss_mb()
    with tempfile.NamedTemporaryFile(suffix="-" + name) as fh:
        fh.write(content)
        fh.flush()
        signal.alarm(HANG_SECONDS)
        try:
            items = list(open_source(fh.name, "arc" if ".arc" in name else "warc").pages())
        except Hang:
            return kind, "hang", name
        except Exception:  # noqa: BLE001
            return kind, "crash", traceback.format_exc(limit=3)
        finally:
            signal.alarm(0)
    return kind, ("read" if items else "nothing"), name + _jump(before, f"{kind} of {name}")


def peak_rss_mb(_=None) -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- inputs -------------------------------------------------------------------------------

def page_tasks(count: int, rng: random.Random):
    files = sorted((DATA / "zyte" / "html").glob("*.gz")) + sorted((DATA / "htmldate-eval" / "pages").glob("*.gz"))
    for _ in range(count):
        path = rng.choice(files)
        kind, data = mutate(gzip.decompress(path.read_bytes()), rng, html=True)
        yield kind, path.name, data


def archive_tasks(count: int, rng: random.Random):
    files = sorted((DATA / "warc-conformance").iterdir())
    blobs = {p.name: p.read_bytes() for p in files}
    for _ in range(count):
        name = rng.choice(list(blobs))
        kind, data = mutate(blobs[name], rng, html=False)
        yield kind, name, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--archives", type=int, default=14000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    outcomes: dict[str, Counter[str]] = {"page": Counter(), "archive": Counter()}
    mutations: Counter[str] = Counter()
    crashes: list[str] = []
    heavy: list[str] = []
    with tempfile.TemporaryDirectory() as store, \
            ProcessPoolExecutor(args.workers, initializer=init, initargs=(store,)) as pool:
        for label, fn, tasks in (("archive", run_archive, archive_tasks(args.archives, rng)),
                                 ("page", run_page, page_tasks(args.pages, rng))):
            for kind, outcome, detail in pool.map(fn, tasks, chunksize=8):
                outcomes[label][outcome] += 1
                mutations[kind] += 1
                done = sum(sum(c.values()) for c in outcomes.values())
                if done % 1000 == 0:
                    print(f"{done:,} inputs: {dict(outcomes['archive'])} {dict(outcomes['page'])}",
                          flush=True)
                if outcome in ("crash", "hang") and len(crashes) < 10:
                    crashes.append(f"{label} {kind}: {detail.strip()[-300:]}")
                if "peak memory" in detail and len(heavy) < 10:
                    heavy.append(detail.split("(peak memory ", 1)[1].rstrip(")"))
        peak = max(pool.map(peak_rss_mb, range(args.workers * 4)))
    took = time.monotonic() - started
    total = args.pages + args.archives
    bad = sum(c["crash"] + c["hang"] + c["nothing"] for c in outcomes.values())
    load = os.getloadavg()
    rows = [
        "| inputs | mutated from | uncaught exceptions | hangs (> 60 s) | neither article nor problem | outcomes |",
        "| ---: | --- | ---: | ---: | ---: | --- |",
        f"| {args.pages:,} | pages: data/zyte + data/htmldate-eval | {outcomes['page']['crash']} | "
        f"{outcomes['page']['hang']} | {outcomes['page']['nothing']} | "
        f"{outcomes['page']['article']:,} articles, {outcomes['page']['problem']:,} recorded problems |",
        f"| {args.archives:,} | WARC/ARC files: data/warc-conformance | {outcomes['archive']['crash']} | "
        f"{outcomes['archive']['hang']} | {outcomes['archive']['nothing']} | "
        f"{outcomes['archive']['read']:,} read to the end (every record a page, skip or problem) |",
    ]
    text = "\n".join(rows) + (
        f"\n\n{total:,} mutated inputs (seed {args.seed}); mutations: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(mutations.items()))
        + f". Peak RSS of a worker: {peak:.0f} MB. {took:.0f} s with {args.workers} workers; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs. "
        f"Goal 0 / 0 / 0: {'met' if bad == 0 else 'NOT met'}."
    )
    if crashes:
        text += "\n\nFirst failures:\n\n" + "\n".join(f"- `{c}`" for c in crashes)
    if heavy:
        text += (f"\n\nInputs that raised a worker's peak memory by more than {MEMORY_JUMP_MB} MB: "
                 + "; ".join(heavy) + ".")
    print(text)
    if args.write:
        write_section("mutation-fuzz", text, "## Robustness: mutated real inputs",
                      "python benchmarks/mutation_fuzz.py "
                      f"--pages {args.pages} --archives {args.archives} --write")


if __name__ == "__main__":
    main()
