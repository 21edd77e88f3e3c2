"""The capture store on S3: a real S3-compatible server (moto in server mode) on the
loopback, reached through s3fs as every cluster worker would reach it."""

from __future__ import annotations

import gzip
import hashlib
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .pages import write_page

BUCKET = "morgue-captures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The server's endpoint, with this process's fsspec set up to reach it the way an
    operator sets up a worker (FSSPEC_S3_* and AWS_* variables)."""
    import fsspec
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FSSPEC_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setitem(fsspec.config.conf, "s3", {})
    fsspec.config.set_conf_env(fsspec.config.conf)  # as fsspec does when a worker imports it
    fsspec.filesystem("s3").clear_instance_cache()
    fsspec.filesystem("s3").mkdir(BUCKET)
    try:
        yield endpoint
    finally:
        fsspec.filesystem("s3").clear_instance_cache()
        # moto keeps its buckets in this process, not in the server: empty them
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset",
                                                      method="POST")).close()
        server.stop()


def test_blobs_round_trip_through_s3_and_damage_is_caught(s3: str) -> None:
    import fsspec

    from morgue.store import BlobDamaged, BlobMissing, CaptureStore

    store = CaptureStore(f"s3://{BUCKET}/captures")
    content = b"<html><p>The Evening Ledger, 12 March 1909</p></html>"
    sha = store.put(content)
    assert sha == hashlib.sha256(content).hexdigest()
    assert store.put(content) == sha  # the same bytes again change nothing
    assert store.exists(sha) and store.get(sha) == content and store.verify(sha)
    fs = fsspec.filesystem("s3")
    assert fs.find(f"{BUCKET}/captures") == [f"{BUCKET}/captures/{sha[:2]}/{sha[2:4]}/{sha}.gz"]

    fs.pipe_file(f"{BUCKET}/captures/{sha[:2]}/{sha[2:4]}/{sha}.gz",
                 gzip.compress(b"<html><p>something else</p></html>"))
    with pytest.raises(BlobDamaged, match="damaged"):
        store.get(sha)
    assert not store.verify(sha)
    with pytest.raises(BlobMissing):
        store.get("0" * 64)


@pytest.mark.django_db(transaction=True)
def test_ingest_on_a_cluster_keeps_captures_in_s3(s3: str, settings, tmp_path: Path,
                                                  client) -> None:
    import fsspec

    from morgue.archive.loading import IngestOptions, ingest
    from morgue.archive.models import Article, Capture
    from morgue.pipeline.cluster import connect

    settings.MORGUE_STORE = f"s3://{BUCKET}/ledger"
    settings.MORGUE_HOME = tmp_path / "home"  # profiles learned here stay here
    mirror = tmp_path / "mirror"
    for n in range(8):
        write_page(mirror, f"2009/story-{n}.html", f"Harbour Story {n}", "2009-03-12", n)
    # workers in this process (processes=False) share its fsspec setup
    with connect("local:2", processes=False) as cluster:
        result = ingest([str(mirror)], IngestOptions(dask=cluster.scheduler.address,
                                                     partition_pages=3))
    assert (result.articles_added, result.partitions_done) == (8, 3)
    shas = set(Capture.objects.values_list("sha256", flat=True))
    stored = {Path(key).name.removesuffix(".gz") for key in fsspec.filesystem("s3").find(f"{BUCKET}/ledger")}
    assert stored == shas and len(shas) == 8

    # the site reads the original bytes back from S3
    article = Article.objects.get(headline="Harbour Story 3")
    response = client.get(f"/articles/{article.pk}/original/capture")
    assert response.status_code == 200 and b"Harbour Story 3" in response.content
