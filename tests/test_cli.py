"""The `morgue` command: help everywhere, clear errors, exit statuses that mean something."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from morgue.cli import cli

from .test_docs import all_commands
from .pages import write_page


@pytest.mark.parametrize("name", [n for n, _ in all_commands(cli)])
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output and "--help" in result.output


@pytest.mark.django_db
def test_init_creates_home_and_secret_key(tmp_path: Path, run_cli) -> None:
    result = run_cli("init")
    assert result.exit_code == 0, result.output
    home = Path(os.environ["MORGUE_HOME"])
    key = home / "secret.key"
    assert key.exists() and len(key.read_text()) >= 40
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert run_cli("init").exit_code == 0  # again: nothing breaks, key unchanged
    assert key.read_text() == key.read_text()


@pytest.mark.django_db
def test_ingest_reports_and_exits_1_on_bad_input(tmp_path: Path, run_cli) -> None:
    root = tmp_path / "mirror"
    write_page(root, "ok.html", "Library Hours Extended", "2006-02-03", 1)
    (root / "www.eveningledger.com" / "empty.html").write_bytes(b"")

    result = run_cli("ingest", str(root))

    assert result.exit_code == 1
    assert "articles added" in result.stdout
    assert "morgue errors" in result.stderr
    listed = run_cli("errors", "--json")
    assert listed.exit_code == 1
    problems = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    assert [p["locator"].rsplit("/", 1)[-1] for p in problems] == ["empty.html"]
    assert problems[0]["severity"] == "error"


@pytest.mark.django_db
def test_stats_counts_what_was_ingested(tmp_path: Path, run_cli) -> None:
    root = tmp_path / "mirror"
    write_page(root, "a.html", "Regatta Draws Crowds", "2007-07-04", 1)
    write_page(root, "b.html", "Pier Repairs Begin", "2008-09-10", 2)
    assert run_cli("ingest", str(root)).exit_code == 0

    result = run_cli("stats")

    assert result.exit_code == 0
    assert "articles" in result.stdout
    assert "2007" in result.stdout and "2008" in result.stdout


@pytest.mark.django_db
def test_unknown_input_is_a_clean_error(tmp_path: Path, run_cli) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    result = CliRunner().invoke(cli, ["ingest", str(junk)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "--format" in result.output


def test_bad_column_map_is_a_usage_error(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text('{"title": "x"}\n')
    result = CliRunner().invoke(cli, ["ingest", "--map", "headline", str(export)])
    assert result.exit_code == 2
    assert "FIELD=COLUMN" in result.output
