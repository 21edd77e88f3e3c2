"""The suite runs where `make test` says it does: a PostgreSQL pass that quietly ran on
SQLite (settings loaded before conftest.py chose the database) would prove nothing."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connection


def test_the_database_is_the_one_asked_for(db):
    wanted = "postgresql" if os.environ.get("MORGUE_TEST_DATABASE") == "postgres" else "sqlite"
    assert connection.vendor == wanted


def test_tests_never_write_into_the_working_folder():
    assert Path(settings.MORGUE_HOME).resolve() != (Path.cwd() / "archive").resolve()
    assert not str(settings.MORGUE_HOME).startswith(str(Path.cwd()))
