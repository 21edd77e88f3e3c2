"""Choose the database the tests run against, before Django is set up.

`make test` runs the suite twice: against SQLite, then with MORGUE_TEST_DATABASE=postgres
against the server at MORGUE_TEST_POSTGRES_URL (tests that touch the database only).
Where no PostgreSQL server answers, that second pass is skipped with a message, unless
MORGUE_REQUIRE_POSTGRES=1 (set by CI), which makes its absence an error.
"""

from __future__ import annotations

import os
import tempfile

import pytest

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/morgue"
POSTGRES_URL = os.environ.get("MORGUE_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
WANT_POSTGRES = os.environ.get("MORGUE_TEST_DATABASE") == "postgres"
REQUIRE_POSTGRES = os.environ.get("MORGUE_REQUIRE_POSTGRES") == "1"

# Tests never touch ./archive: settings read MORGUE_HOME when Django starts.
os.environ["MORGUE_HOME"] = tempfile.mkdtemp(prefix="morgue-test-home-")
os.environ.pop("MORGUE_DATABASE_URL", None)
os.environ.pop("MORGUE_STORE", None)
# Enrichment (spaCy) is off for ingest in tests that do not ask for it: it adds seconds
# per run. Tests of enrichment switch it on (tests/test_enrichment.py).
os.environ["MORGUE_ENRICH"] = "0"
# Named here, not in pyproject: settings must load after the environment above is set.
os.environ["DJANGO_SETTINGS_MODULE"] = "morgue.settings"

# Property tests (hypothesis, schemathesis) draw the same examples on every run, so a
# test that passes in CI passes again; wider random runs are for outside CI:
#   HYPOTHESIS_PROFILE=explore python -m pytest tests/test_api_fuzz.py tests/pipeline/test_fuzz.py
# and a failure they find becomes a fixed example in the tests.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("repeatable", derandomize=True, database=None,
                                     max_examples=100)
hypothesis_settings.register_profile("explore", derandomize=False, max_examples=2000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _postgres_unreachable(url: str) -> str | None:
    """Why the server can't be used, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'morgue[postgres]')"
    import dj_database_url

    db = dj_database_url.parse(url)
    try:
        psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
                        password=db["PASSWORD"] or None, dbname="postgres",
                        connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers at {url}: {str(exc).strip()}"
    return None


POSTGRES_PROBLEM = _postgres_unreachable(POSTGRES_URL) if WANT_POSTGRES else None
if WANT_POSTGRES and POSTGRES_PROBLEM is None:
    os.environ["MORGUE_DATABASE_URL"] = POSTGRES_URL
if WANT_POSTGRES and POSTGRES_PROBLEM and REQUIRE_POSTGRES:
    raise pytest.UsageError(
        f"MORGUE_REQUIRE_POSTGRES=1 but {POSTGRES_PROBLEM}. Start PostgreSQL or set "
        "MORGUE_TEST_POSTGRES_URL.")


# Set Django up now that the environment is chosen (pytest-django would not: no settings
# module was named when it looked).
import django  # noqa: E402

django.setup()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: uses a database; run again against PostgreSQL")
    config.addinivalue_line("markers", "browser: drives Chromium through Playwright "
                                       "(the `browser` fixture in tests/conftest.py)")


_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "scratch_database_url"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        engine = getattr(getattr(item, "callspec", None), "params", {}).get("search_engine")
        if engine:  # tests/conftest.py: tantivy follows commits, so real transactions
            item.add_marker(pytest.mark.django_db(transaction=engine == "tantivy"))
        uses_db = item.get_closest_marker("django_db") or _DB_FIXTURES & set(
            getattr(item, "fixturenames", ()))
        if uses_db:
            item.add_marker(pytest.mark.db)
            if POSTGRES_PROBLEM:
                item.add_marker(pytest.mark.skip(
                    reason=f"PostgreSQL pass skipped: {POSTGRES_PROBLEM}"))


def pytest_report_header(config: pytest.Config) -> str:
    if not WANT_POSTGRES:
        return "morgue database: SQLite"
    if POSTGRES_PROBLEM:
        return f"morgue database: PostgreSQL wanted but SKIPPED: {POSTGRES_PROBLEM}"
    return f"morgue database: PostgreSQL at {POSTGRES_URL}"
