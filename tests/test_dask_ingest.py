"""`morgue ingest --dask`: partitions on a real Dask cluster, written once, resumable.

The clusters are real: a LocalCluster of worker processes (`local:2`), one the test
starts and hands over by its address, and `dask scheduler` / `dask worker` started as
subprocesses. A worker is killed with SIGKILL mid-run to show its partition is retried
and nothing is doubled.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .pages import write_page

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = 30


@pytest.fixture(autouse=True)
def own_home(settings, tmp_path: Path) -> None:
    """Profiles learned from these pages stay in this test's home: in the session's, they
    would read other tests' pages."""
    settings.MORGUE_HOME = tmp_path / "home"


def mirror_of(root: Path, pages: int = PAGES) -> Path:
    mirror = root / "mirror"
    for n in range(pages):
        write_page(mirror, f"{2000 + n % 10}/story-{n}.html", f"Story Number {n}",
                   f"{2000 + n % 10}-01-{1 + n % 28:02d}", n)
    return mirror


def ingest(paths: list[Path], address: str, partition_pages: int = 10, progress=None):
    from morgue.archive.loading import IngestOptions
    from morgue.archive.loading import ingest as run_ingest

    options = IngestOptions(dask=address, partition_pages=partition_pages)
    return run_ingest([str(p) for p in paths], options, progress=progress)


def assert_each_page_once(pages: int) -> None:
    from morgue.archive.models import Article, Capture

    assert Capture.objects.count() == pages
    assert Capture.objects.values("locator").distinct().count() == pages
    assert Article.objects.count() == pages
    assert Article.objects.values("capture").distinct().count() == pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_local_cluster_ingests_each_page_once_and_a_rerun_adds_nothing(
        tmp_path: Path, store_root: Path) -> None:
    from morgue.archive.models import IngestPartition
    from morgue.store import CaptureStore

    mirror = mirror_of(tmp_path)
    first = ingest([mirror], "local:2")
    assert (first.articles_added, first.partitions_done, first.partitions_failed) == (PAGES, 3, 0)
    assert_each_page_once(PAGES)
    rows = IngestPartition.objects.all()
    assert {r.status for r in rows} == {"done"} and sum(r.pages for r in rows) == PAGES
    # the workers' bytes are in the store, and read back whole
    from morgue.archive.models import Capture

    store = CaptureStore(store_root)
    assert all(store.verify(sha) for sha in Capture.objects.values_list("sha256", flat=True))

    again = ingest([mirror], "local:2")
    assert (again.partitions_done, again.partitions_had, again.articles_added) == (0, 3, 0)
    assert again.already_had == PAGES
    assert_each_page_once(PAGES)


def test_cli_ingest_on_a_local_cluster_says_how_partitions_went(tmp_path: Path, run_cli) -> None:
    mirror = mirror_of(tmp_path, 12)
    result = run_cli("ingest", "--dask", "local:2", "--partition-pages", "5", "--no-check",
                     str(mirror))
    assert result.exit_code == 0, result.output
    assert "partitions done" in result.output and "│ 3 " in result.output
    assert_each_page_once(12)
    stats = run_cli("stats").output
    assert "3 partitions" in stats
    assert [line.split("│")[2].strip() for line in stats.splitlines()
            if line.startswith(("│ done", "│ pending", "│ failed"))] == ["3", "0", "0"]


def test_a_bad_address_is_refused_before_anything_is_read(tmp_path: Path, run_cli) -> None:
    from morgue.archive.models import IngestRun

    result = run_cli("ingest", "--dask", "nowhere", str(mirror_of(tmp_path, 1)))
    assert result.exit_code != 0
    assert "not a scheduler address" in result.output and "local:N" in result.output
    assert IngestRun.objects.count() == 0
    assert "worker count" in run_cli("ingest", "--dask", "local:0", str(tmp_path)).output


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    """`dask scheduler` and one `dask worker`, as an operator starts them."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    logs = (tmp_path / "scheduler.log").open("wb"), (tmp_path / "worker.log").open("wb")
    started = [subprocess.Popen([bin_dir / "dask", "scheduler", "--host", "127.0.0.1",
                                 "--port", str(port), "--no-dashboard"],
                                stdout=logs[0], stderr=subprocess.STDOUT)]
    started.append(subprocess.Popen([bin_dir / "dask", "worker", address, "--nthreads", "1",
                                     "--no-dashboard"], stdout=logs[1], stderr=subprocess.STDOUT))
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)
        for log in logs:
            log.close()


@pytest.mark.slow
def test_ingest_on_a_scheduler_started_with_dask_scheduler(tmp_path: Path, store_root: Path,
                                                           scheduler: str) -> None:
    mirror = mirror_of(tmp_path, 20)
    result = ingest([mirror], scheduler)
    assert (result.articles_added, result.partitions_done) == (20, 2)
    assert_each_page_once(20)


class KillAWorker:
    """A progress sink that, when the first pages are written, SIGKILLs a worker that is
    in the middle of a partition."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        self.client = Client(address)
        self.killed: int | None = None

    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, pages: int) -> None:
        if self.killed is not None:
            return
        busy = [worker for worker, keys in self.client.processing().items() if keys]
        if not busy:
            return
        pid = self.client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        self.killed = pid


@pytest.mark.slow
def test_a_killed_workers_partition_is_retried_and_nothing_doubles(
        tmp_path: Path, store_root: Path) -> None:
    from distributed import LocalCluster

    from morgue.archive.models import IngestPartition

    pages = 60
    mirror = mirror_of(tmp_path, pages)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        killer = KillAWorker(cluster.scheduler_address)
        try:
            result = ingest([mirror], cluster.scheduler_address, partition_pages=5,
                            progress=killer)
        finally:
            killer.client.close()
    assert killer.killed is not None, "no worker was busy when the first pages were written"
    with pytest.raises(ProcessLookupError):
        os.kill(killer.killed, 0)
    failures = list(IngestPartition.objects.exclude(status="done").values_list("key", "error"))
    assert (result.partitions_done, result.partitions_failed) == (12, 0), failures
    assert result.articles_added == pages
    assert_each_page_once(pages)
    assert set(IngestPartition.objects.values_list("status", flat=True)) == {"done"}


@pytest.fixture
def threads_cluster() -> Iterator[str]:
    """A LocalCluster of two workers in this process: no process to kill here."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


SAMPLE_INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")


def test_the_sample_on_a_cluster_gets_the_same_articles_and_findings_as_on_one_machine(
        tmp_path: Path, store_root: Path, threads_cluster: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every format of the bundled sample, partitioned; then the checks, per-article and
    corpus-wide (reductions in buckets of a few stories, so copies cross buckets) on the
    cluster, find what they find in one process."""
    from morgue.archive import items
    from morgue.archive.checking import check_archive, check_options
    from morgue.archive.models import Article, Finding, Problem
    from morgue.pipeline.checks import chrome, duplicate
    from morgue.sample import build_sample_archive

    monkeypatch.setattr(duplicate, "STORIES_PER_BUCKET", 4)
    monkeypatch.setattr(chrome, "STORIES_PER_BUCKET", 4)
    monkeypatch.setattr(items, "CLUSTER_BATCH", 9)

    manifest = build_sample_archive(tmp_path / "legacy")
    result = ingest([manifest.root / name for name in SAMPLE_INPUTS], threads_cluster,
                    partition_pages=7)
    assert result.partitions_failed == 0 and result.partitions_done > len(SAMPLE_INPUTS)
    from morgue.archive.loading import IngestOptions
    from morgue.archive.loading import ingest as run_ingest

    # the same inputs read again in one process find every page already there
    again = run_ingest([str(manifest.root / name) for name in SAMPLE_INPUTS], IngestOptions())
    assert (again.articles_added, again.captures_added) == (0, 0)
    planted_at_ingest = {"truncated_gzip", "empty_file", "binary_junk", "exact_duplicate"}
    problems = set(Problem.objects.values_list("locator", flat=True))
    for planted in manifest.planted:
        if planted["kind"] in planted_at_ingest:
            assert any(p.endswith(planted["locator"]) for p in problems), planted

    def findings() -> set[tuple[int, str, str]]:
        return set(Finding.objects.exclude(code="extraction")
                   .values_list("article_id", "code", "message"))

    on_cluster = check_archive(options=check_options(), dask=threads_cluster)
    found_on_cluster = findings()
    here = check_archive(options=check_options())
    assert found_on_cluster == findings()
    assert on_cluster.findings == here.findings > 0
    assert on_cluster.articles == here.articles == Article.objects.count()
    assert {code for _, code, _ in found_on_cluster} >= {"duplicate", "category", "encoding"}


def test_a_big_warc_is_shared_by_the_workers_in_ranges_of_records(
        tmp_path: Path, store_root: Path, threads_cluster: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A WARC over the split size is cut into ranges of records: each story is ingested
    once, and a rerun finds every range done."""
    from morgue.archive.models import IngestPartition
    from morgue.pipeline import partitions

    from .pipeline.test_partitions_warc import write_warc

    monkeypatch.setattr(partitions, "SPLIT_BYTES", 0)
    path = write_warc(tmp_path / "crawl.warc.gz", 20)
    first = ingest([path], threads_cluster, partition_pages=6)
    assert (first.articles_added, first.partitions_done, first.partitions_failed) == (20, 7, 0)
    assert_each_page_once(20)
    keys = sorted(IngestPartition.objects.values_list("key", flat=True))
    assert len(keys) == 7 and all(" records " in k for k in keys)
    again = ingest([path], threads_cluster, partition_pages=6)
    assert (again.articles_added, again.captures_added) == (0, 0)
    assert_each_page_once(20)
