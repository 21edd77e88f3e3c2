"""Crash suite: kill -9 at a random moment of ingest, checks or reindex, run it again,
and compare the archive with a clean run's: the export, the search index, `morgue verify`.

Per trial: a fresh archive; for checks and reindex an ingest first; the command under
test is started and killed (SIGKILL to its whole process group) after a random share
(5-95%) of the time it takes in the clean run; then the same command runs to the end.
Counted against the clean run: articles lost, articles doubled, published articles
missing from the search index (goal 0 / 0 / 0), and runs whose `morgue verify` failed.

    python benchmarks/crash_suite.py --kills 20 --database sqlite --write
    python benchmarks/crash_suite.py --kills 20 --database postgres --write
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdoc import write_section  # noqa: E402

MORGUE = str(Path(sys.executable).with_name("morgue"))
PG_ADMIN = os.environ.get("CRASH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
STAGES = ("ingest", "check", "reindex")
SEED = 3
#: pages of the generated legacy site (several sections, multi-page stories); small, so
#: twenty trials fit in a busy machine's half hour
PAGES = 30

SNAPSHOT = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
import django; django.setup()
from morgue.search.models import Document
print(json.dumps(sorted(Document.objects.values_list("article__capture__sha256", flat=True))))
"""


class Archive:
    """One archive home (and, on PostgreSQL, its own database)."""

    def __init__(self, root: Path, database: str) -> None:
        self.home = root / f"home-{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "MORGUE_HOME": str(self.home)}
        self.db_name = None
        if database == "postgres":
            import psycopg

            self.db_name = f"morgue_crash_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.db_name}"')
            self.env["MORGUE_DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + self.db_name
        self.run("init")

    def command(self, stage: str, legacy: Path) -> list[str]:
        return {"ingest": [MORGUE, "ingest", str(legacy)], "check": [MORGUE, "check"],
                "reindex": [MORGUE, "reindex"]}[stage]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([MORGUE, *args], env=self.env, capture_output=True, text=True)

    def timed(self, cmd: list[str]) -> float:
        started = time.monotonic()
        subprocess.run(cmd, env=self.env, capture_output=True)
        return time.monotonic() - started

    def kill_during(self, cmd: list[str], after: float) -> bool:
        """Start ``cmd``, SIGKILL it and its workers after ``after`` seconds; False when
        it had already finished."""
        proc = subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(after)
            return False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True

    def snapshot(self) -> dict:
        export = self.run("export")
        if export.returncode != 0:
            raise SystemExit(f"morgue export failed: {export.stderr[-2000:]}")
        rows = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
        index = json.loads(subprocess.run([sys.executable, "-c", SNAPSHOT], env=self.env,
                                          capture_output=True, text=True, check=True).stdout)
        return {"rows": rows, "index": index, "verify": self.run("verify").returncode}

    def drop(self) -> None:
        if self.db_name:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


def key(row: dict) -> str:
    return row["capture_sha256"]


def compare(clean: dict, crashed: dict) -> dict[str, int]:
    seen = Counter(key(r) for r in crashed["rows"])
    clean_rows = {key(r): r for r in clean["rows"]}
    crashed_rows = {key(r): r for r in crashed["rows"]}
    fields = ("url", "headline", "body", "status")
    return {
        "lost": len(set(clean_rows) - set(crashed_rows)),
        "doubled": sum(n - 1 for n in seen.values() if n > 1) + len(set(crashed_rows) - set(clean_rows)),
        "differ": sum(1 for k in clean_rows.keys() & crashed_rows.keys()
                      if any(clean_rows[k][f] != crashed_rows[k][f] for f in fields)),
        # against the published set itself: `morgue verify` (its search check) below
        "missing_from_search": len(set(clean["index"]) - set(crashed["index"])),
        "extra_in_search": len(set(crashed["index"]) - set(clean["index"])),
        "verify_failed": int(crashed["verify"] != 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pages", type=int, default=PAGES, help="pages of the generated site")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="morgue-crash-") as tmp:
        root = Path(tmp)
        legacy = root / "legacy"
        subprocess.run([MORGUE, "sample", "site", str(legacy), "--pages", str(args.pages)],
                       check=True, capture_output=True)
        clean_archive = Archive(root, args.database)
        durations = {stage: clean_archive.timed(clean_archive.command(stage, legacy))
                     for stage in STAGES}
        clean = clean_archive.snapshot()
        clean_archive.drop()
        if not clean["rows"] or clean["verify"] != 0:
            raise SystemExit("the clean run gave no articles or did not verify: nothing to compare")
        totals: Counter[str] = Counter()
        killed: Counter[str] = Counter()
        started = time.monotonic()
        for trial in range(args.kills):
            stage = STAGES[trial % len(STAGES)]
            archive = Archive(root, args.database)
            if stage != "ingest":
                archive.timed(archive.command("ingest", legacy))
            cmd = archive.command(stage, legacy)
            share = rng.uniform(0.05, 0.95)
            if archive.kill_during(cmd, share * durations[stage]):
                killed[stage] += 1
            archive.timed(cmd)  # the rerun
            result = compare(clean, archive.snapshot())
            totals.update(result)
            print(f"trial {trial + 1}: {stage} killed at {share:.0%}: {result}", flush=True)
            archive.drop()
        took = time.monotonic() - started
    load = os.getloadavg()
    text = (
        f"| database | kills (ingest / checks / reindex) | lost | doubled | missing from search "
        f"| extra in search | content differs | verify failed |\n| --- | --- | ---: | ---: | ---: "
        f"| ---: | ---: | ---: |\n| {args.database} | {sum(killed.values())} of {args.kills} "
        f"({killed['ingest']} / {killed['check']} / {killed['reindex']}) | {totals['lost']} | "
        f"{totals['doubled']} | {totals['missing_from_search']} | {totals['extra_in_search']} | "
        f"{totals['differ']} | {totals['verify_failed']} |\n\n"
        f"A legacy site of {args.pages} generated pages ({len(clean['rows'])} articles, "
        f"{len(clean['index'])} indexed); clean run: ingest with checks {durations['ingest']:.1f} s, "
        f"check {durations['check']:.1f} s, reindex {durations['reindex']:.1f} s; each kill at a "
        f"random 5-95% of that (seed {SEED}; a kill that came after the command had finished "
        f"is not counted as one). {took:.0f} s in all; load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs. Goal 0 / 0 / 0."
    )
    print(text)
    if args.write:
        write_section(f"crash-suite-{args.database}", text,
                      f"## Crash suite: kill -9 and rerun ({args.database})",
                      f"python benchmarks/crash_suite.py --kills {args.kills} --pages {args.pages} "
                      f"--database {args.database} --write")


if __name__ == "__main__":
    main()
