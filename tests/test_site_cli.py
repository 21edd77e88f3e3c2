"""`morgue serve`, `morgue redirects` and `morgue reindex`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from morgue.search import SearchQuery, search
from morgue.search.models import Document

from .site_helpers import make_article, sample_archive


def test_reindex_command(run_cli, db):
    sample_archive()
    result = run_cli("reindex")
    assert result.exit_code == 0, result.output
    assert "Indexed 6 published articles" in result.output
    assert Document.objects.count() == 6
    assert search(SearchQuery(q="jazz")).total == 1


def test_redirects_command_writes_each_format(run_cli, db, tmp_path: Path):
    sample_archive()
    run_cli("reindex")
    for fmt, marker in (("nginx", "map $request_uri"), ("apache", "RewriteRule"),
                        ("csv", "legacy_path,new_url")):
        out = tmp_path / f"redirects.{fmt}"
        result = run_cli("redirects", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert marker in out.read_text()
        assert "5 redirects written" in result.output


def test_redirects_command_fails_when_an_address_cannot_redirect(run_cli, db, tmp_path: Path):
    make_article(legacy_url="http://www.eveningledger.com/")  # the new front page wins
    run_cli("reindex")
    result = run_cli("redirects", "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 1
    assert "do not resolve in one hop" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as exc:
            return exc
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


@pytest.mark.slow
def test_serve_runs_gunicorn_with_static_files_and_headers(tmp_path: Path,
                                                           scratch_database_url: str):
    home = tmp_path / "home"
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_DATABASE_URL": scratch_database_url}
    morgue = [sys.executable, "-m", "morgue"]
    subprocess.run([*morgue, "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*morgue, "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        home_page = _get(f"http://127.0.0.1:{port}/")
        assert home_page.status == 200
        assert "default-src 'self'" in home_page.headers["Content-Security-Policy"]
        assert home_page.headers["X-Frame-Options"] == "DENY"
        assert "gunicorn" in home_page.headers.get("Server", "")
        css = _get(f"http://127.0.0.1:{port}/static/site/site.css")
        assert css.status == 200 and b"--paper" in css.read()
        missing = _get(f"http://127.0.0.1:{port}/no/such/page/")
        assert missing.status == 404
        assert b"Traceback" not in missing.read()  # debug pages are off
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert "gunicorn" in output


def test_serve_refuses_without_a_secret_key(run_cli, db, settings):
    settings.SECRET_KEY = "insecure-morgue-key-run-morgue-init"
    result = run_cli("serve")
    assert result.exit_code == 1
    assert "morgue init" in result.output


def test_serving_brings_the_index_up_to_date(db, store_root):
    from morgue.archive.models import Article
    from morgue.site.serving import ensure_index

    stories = sample_archive()
    assert ensure_index() == 6  # empty: built
    assert ensure_index() is None  # nothing to do
    Article.objects.filter(pk=stories["jazz"].pk).update(status=Article.Status.HELD)
    Article.objects.filter(pk=stories["held"].pk).update(status=Article.Status.PUBLISHED)
    assert ensure_index() == 2
    assert not Document.objects.filter(pk=stories["jazz"].pk).exists()
    assert Document.objects.filter(pk=stories["held"].pk).exists()
