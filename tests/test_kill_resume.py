"""Kill an ingest halfway with SIGKILL, run it again: nothing doubled, nothing missing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .pages import write_page

PAGES = 400
# The first batch commits after 100 pages; kill once a commit is visible.
KILL_AFTER_CAPTURES = 1


def count(database_url: str, home: Path, sql: str) -> int:
    if database_url:
        import psycopg

        with psycopg.connect(database_url) as c:
            try:
                return c.execute(sql).fetchone()[0]
            except psycopg.errors.UndefinedTable:  # tables not created yet
                return 0
    db = home / "morgue.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(db, timeout=30) as c:
        try:
            return c.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:  # tables not created yet
            return 0


@pytest.mark.slow
def test_killed_ingest_finishes_on_rerun(tmp_path: Path, scratch_database_url: str) -> None:
    mirror = tmp_path / "mirror"
    for n in range(PAGES):
        write_page(mirror, f"{2000 + n % 10}/story-{n}.html", f"Story Number {n}",
                   f"{2000 + n % 10}-01-{1 + n % 28:02d}", n)
    home = tmp_path / "home"
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_DATABASE_URL": scratch_database_url}
    env.pop("MORGUE_STORE", None)
    command = [sys.executable, "-m", "morgue", "ingest", str(mirror)]

    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while count(scratch_database_url, home, "select count(*) from archive_capture") \
            < KILL_AFTER_CAPTURES:
        assert first.poll() is None, "ingest ended before it could be killed"
        assert time.monotonic() < deadline, "ingest committed nothing in 120 s"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    done_when_killed = count(scratch_database_url, home, "select count(*) from archive_capture")
    assert 0 < done_when_killed < PAGES, "the kill did not land halfway"

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr

    def q(sql: str) -> int:
        return count(scratch_database_url, home, sql)

    assert q("select count(*) from archive_capture") == PAGES
    assert q("select count(distinct locator) from archive_capture") == PAGES
    assert q("select count(*) from archive_article") == PAGES
    assert q("select count(distinct capture_id) from archive_article") == PAGES
    assert q("select count(*) from archive_ingestrun where status = 'interrupted'") == 1
    assert q("select already_had from archive_ingestrun where status = 'finished'") \
        == done_when_killed
