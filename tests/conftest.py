"""Fixtures shared by the tests: an isolated archive home, a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared test data is not at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def store_root(settings, tmp_path: Path) -> Path:
    """A fresh capture store for one test."""
    settings.MORGUE_STORE = tmp_path / "captures"
    return settings.MORGUE_STORE


@pytest.fixture(params=["database", "tantivy"])
def search_engine(request, settings, tmp_path: Path) -> str:
    """Each search backend in turn (MORGUE_SEARCH_ENGINE): the database's own full text,
    then tantivy in a folder of its own. tantivy follows the database once a reindex
    commits, so its tests run in real transactions (marked in the root conftest.py)."""
    if request.param == "tantivy":
        settings.MORGUE_SEARCH_ENGINE = "tantivy"
        settings.MORGUE_SEARCH_INDEX = tmp_path / "search-index"
    return request.param


@pytest.fixture
def run_cli(store_root: Path):
    """Invoke `morgue ...` in process, against the test database."""
    from morgue.cli import cli

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own for a test that runs `morgue` in a subprocess.

    SQLite: empty, meaning the subprocess uses a file in its MORGUE_HOME. PostgreSQL: a
    throwaway database on the test server, dropped afterwards.
    """
    url = os.environ.get("MORGUE_DATABASE_URL", "")
    if not url:
        yield ""
        return
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(url)
    name = f"morgue_scratch_{uuid.uuid4().hex[:10]}"
    admin = dict(host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"],
                 password=params["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def stand_in_checks() -> Iterator[list[Any]]:
    """Small stand-ins for the registered checks, for one test (tests/archive_rows.py)."""
    from .archive_rows import STAND_INS, checks_replaced_by

    with checks_replaced_by(STAND_INS[:]) as checks:
        yield checks


# --- a real browser (Debian's Chromium driven by Playwright) -----------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for `@pytest.mark.browser` tests, one per test session."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with "
                    "`apt-get update && apt-get install -y chromium` (CI does, in .ci/run)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, which makes Django
    # refuse database calls as if they came from async code. Tests call Django and the
    # browser in turn, never at once, so the guard is lifted while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# --- the sample archive as `make demo` serves it --------------------------------------------

DEMO_INPUTS = ["mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml"]


@pytest.fixture
def demo_archive(store_root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The sample archive as `make demo` serves it: ingested, checked, one story corrected
    by an editor (to show its notice), indexed."""
    from morgue.archive.checking import check_archive
    from morgue.archive.corrections import add_correction
    from morgue.archive.loading import ingest
    from morgue.archive.models import Article
    from morgue.sample import build_sample_archive
    from morgue.search import reindex

    sample = build_sample_archive(tmp_path_factory.mktemp("sample")).root
    ingest([str(sample / name) for name in DEMO_INPUTS])
    check_archive()
    story = (Article.objects.filter(status=Article.Status.PUBLISHED,
                                    headline="State backs plan to dredge Port Alden harbor",
                                    body__contains="65 percent").order_by("pk").first())
    assert story is not None, "the sample's dredging story is gone: update this fixture"
    start = story.body.index("65 percent")
    add_correction(story, "body", "65 percent", "75 percent", span=(start, start + 10),
                   kind="editorial",
                   reason="An earlier version of this article misstated the federal share of "
                          "the dredging cost. It is 75 percent, not 65 percent.")
    reindex()
