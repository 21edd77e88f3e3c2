"""Crawl speed: `morgue crawl` at its polite default and at a raised limit, beside
`wget --mirror --warc-file` on the same locally served site, in one run; then the crawled
WARC is ingested and must give the same published stories as the mirror it was served from.

The site is generated (``morgue sample site``) and served by ``morgue sample serve`` in a
process of its own (each address answered with its file; ``/sitemap.xml`` and the front
page list every page, so wget, which reads no sitemaps, finds them all too). The polite default (1
request a second) is timed over the first ``--polite-pages`` URLs only: at that rate a
10,000-page site takes close to three hours, which is the point of a polite default.

    nice -n 10 python benchmarks/crawl_bench.py --pages 10000 --write
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from benchdoc import write_section  # noqa: E402 (this folder is on the path of a script)

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work" / "crawl"
MORGUE = [sys.executable, "-m", "morgue"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def responses(warc: Path) -> tuple[int, int]:
    """(response records, of which HTML 200 answers) in a WARC."""
    total = pages = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            total += 1
            kind = record.http_headers.get_header("Content-Type") or ""
            if record.http_headers.get_statuscode() == "200" and kind.startswith("text/html"):
                pages += 1
    return total, pages


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def stories(home: Path, source: Path) -> dict[tuple, str]:
    """The published stories an ingest of ``source`` gives, in an archive of its own:
    (headline, date, body) -> new URL."""
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "MORGUE_HOME": str(home)}
    env.pop("MORGUE_DATABASE_URL", None)
    subprocess.run([*MORGUE, "ingest", "--workers", "2", str(source)], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    out = subprocess.run([*MORGUE, "export"], env=env, capture_output=True, text=True,
                         check=True).stdout
    return {(r["headline"], r["published"], r["body"]): r["url"]
            for r in map(json.loads, out.splitlines())}


def run(pages: int, polite_pages: int, rate: float, concurrency: int) -> str:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    site = WORK / "site"
    subprocess.run([*MORGUE, "sample", "site", str(site), "--pages", str(pages)], check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([*MORGUE, "sample", "serve", str(site), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        polite = WORK / "polite.warc.gz"
        seconds = timed([*MORGUE, "crawl", url, "-o", str(polite), "--max-pages",
                         str(polite_pages)])
        rows.append(("morgue crawl, polite default (1/s, 2 at a time)", polite, seconds,
                     f"first {polite_pages} URLs only"))
        fast = WORK / "fast.warc.gz"
        seconds = timed([*MORGUE, "crawl", url, "-o", str(fast), "--rate", str(rate),
                         "--concurrency", str(concurrency)])
        rows.append((f"morgue crawl --rate {rate:g} --concurrency {concurrency}", fast,
                     seconds, "whole site"))
        seconds = timed(["wget", "--mirror", "--no-verbose", "--warc-file", str(WORK / "wget"),
                         "-P", str(WORK / "wget"), url])
        rows.append(("wget --mirror --warc-file (1 connection, no wait)",
                     WORK / "wget.warc.gz", seconds, "whole site"))
    finally:
        server.terminate()
        server.wait()

    lines = ["| crawler | seconds | responses | HTML pages | responses/s | HTML pages/s | note |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, warc, seconds, note in rows:
        total, html = responses(warc)
        lines.append(f"| {name} | {seconds:.1f} | {total:,} | {html:,} | "
                     f"{total / seconds:.1f} | {html / seconds:.1f} | {note} |")
    from_crawl = stories(WORK / "home-crawl", fast)
    from_mirror = stories(WORK / "home-mirror", site)
    same = from_crawl.keys() == from_mirror.keys()
    moved = sum(1 for key in from_crawl.keys() & from_mirror.keys()
                if from_crawl[key] != from_mirror[key])
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines += ["", f"Site: {pages:,} generated article pages (`morgue sample site`), served on "
              "127.0.0.1 by `morgue sample serve` in its own process. Pages of the 2009 "
              "layout answer at two addresses (with and without .html, as the old site's "
              "links and its sitemap name them), so both crawlers fetch them twice: HTML "
              "pages counts every HTML 200 answer (ingest keeps the second as an exact copy).",
              f"Ingest check: the raised-limit WARC ingests to {len(from_crawl):,} published "
              f"stories, the mirror to {len(from_mirror):,}: "
              + ("the same stories (headline, date, body)" if same else
                 f"NOT the same ({len(from_crawl.keys() - from_mirror.keys())} only from the "
                 f"crawl, {len(from_mirror.keys() - from_crawl.keys())} only from the mirror)")
              + (f"; {moved:,} of them have another new URL (captures that share a date "
                 "and headline, such as the two pages of a story, take the plain URL in the "
                 "order they are read, and a crawl reads in another order than a folder)."
                 if moved else "; the same new URLs too."),
              f"Load average (1/5/15 min) when the run ended: {load} on {os.cpu_count()} "
              "cores (a busy shared machine: absolute figures are low; the ratios hold "
              "better)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--polite-pages", type=int, default=60)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="into docs/benchmarks.md")
    args = parser.parse_args()
    table = run(args.pages, args.polite_pages, args.rate, args.concurrency)
    print(table)
    if args.write:
        command = " ".join(["python benchmarks/crawl_bench.py", *sys.argv[1:]])
        write_section("crawl", table, "## Crawling a live site: morgue crawl and wget",
                      command=command)


if __name__ == "__main__":
    main()
