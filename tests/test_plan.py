"""The migration as code: `morgue init` writes the plan, `morgue migrate` carries it out
end to end, a rerun changes nothing; the plan's settings, the publishing policies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from morgue import config
from morgue.plan import load_plan, plan_text

MORGUE = [sys.executable, "-m", "morgue"]


def morgue(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*MORGUE, *args], env=env, capture_output=True, text=True,
                          timeout=600)
    if check and done.returncode not in (0,):
        raise AssertionError(f"morgue {' '.join(args)} exited {done.returncode}:\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


def test_plan_settings_are_read_and_the_environment_overrides(tmp_path: Path,
                                                              monkeypatch) -> None:
    (tmp_path / config.PLAN_FILE).write_text(plan_text(
        "The Riverton Tribune", 1887, "https://archive.riverton.example",
        policy="when-released"))
    monkeypatch.setenv("MORGUE_HOME", str(tmp_path))
    for name in ("MORGUE_PAPER_NAME", "MORGUE_FOUNDED", "MORGUE_SITE_URL", "MORGUE_PUBLISH"):
        monkeypatch.delenv(name, raising=False)
    assert config.get("MORGUE_PAPER_NAME") == "The Riverton Tribune"
    assert config.get("MORGUE_FOUNDED") == "1887"
    assert config.get("MORGUE_SITE_URL") == "https://archive.riverton.example"
    assert config.get("MORGUE_PUBLISH") == "when-released"
    assert "{paper}" in config.get("MORGUE_ARCHIVE_NOTICE")
    monkeypatch.setenv("MORGUE_PAPER_NAME", "The Riverton Evening Tribune")
    assert config.get("MORGUE_PAPER_NAME") == "The Riverton Evening Tribune"
    shown = {name: origin for name, _, origin, _ in config.shown()}
    assert shown["MORGUE_PAPER_NAME"] == "environment"
    assert shown["MORGUE_FOUNDED"] == "morgue.toml paper.founded"
    assert shown["MORGUE_EMAIL_FROM"] == "default"
    plan = load_plan(tmp_path)
    assert plan.auto_fix == ["encoding", "markup", "chrome", "repeated-text"]
    assert plan.crawl_options.rate == 1.0


def test_a_broken_plan_says_where_and_what_to_do(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / config.PLAN_FILE).write_text('[paper]\nname = "unterminated\n')
    with pytest.raises(config.PlanError, match="not valid TOML.*morgue init --force"):
        config.read_plan(tmp_path / config.PLAN_FILE)
    (tmp_path / config.PLAN_FILE).write_text('[sources]\npaths = "mirror"\n')
    with pytest.raises(config.PlanError, match="paths in the plan must be a list"):
        load_plan(tmp_path)
    with pytest.raises(config.PlanError, match="run `morgue init --paper NAME`"):
        load_plan(tmp_path / "elsewhere")


@pytest.mark.slow
def test_init_and_migrate_the_sample_then_rerun_changes_nothing(
        tmp_path: Path, scratch_database_url: str) -> None:
    home, legacy = tmp_path / "tribune", tmp_path / "legacy"
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_DATABASE_URL": scratch_database_url,
           "COLUMNS": "80"}
    for name in ("MORGUE_PAPER_NAME", "MORGUE_FOUNDED", "MORGUE_PUBLISH"):
        env.pop(name, None)
    morgue(env, "sample", "build", str(legacy))
    sources = [f"--source={legacy / name}" for name in
               ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")]
    morgue(env, "init", "--paper", "The Riverton Tribune", "--founded", "1887",
           "--site-url", "https://archive.riverton.example", *sources)
    assert 'name = "The Riverton Tribune"' in (home / "morgue.toml").read_text()

    first = morgue(env, "migrate")
    assert "Ready to publish" in first.stdout, first.stdout + first.stderr
    # At 80 columns the progress bars keep every number whole and the path's start.
    bars = [line for line in first.stderr.splitlines() if "━" in line]
    assert len(bars) == 5 and all(len(line) <= 80 for line in bars), bars
    assert all(re.search(r" \d+:\d\d:\d\d eta", line) for line in bars), bars
    assert all(str(legacy)[:5] in line for line in bars), bars

    stories = _export(env, tmp_path / "first.jsonl")
    # The safe fixes of the plan's checks were applied; blocking problems are held.
    corrections = [c for s in stories for c in s["corrections"]]
    assert {c["actor"] for c in corrections} == {"morgue fix"} and len(corrections) >= 5
    open_safe = [f for s in stories for f in s["findings"] if f["status"] == "open"
                 and f["check"] in ("encoding", "markup", "chrome") and f["fix"]
                 and f["fix"]["safe"]]
    assert open_safe == []
    held = [s for s in stories if s["status"] == "held"]
    assert held and all(any(f["blocking"] and f["status"] == "open" for f in s["findings"])
                        for s in held)
    # The site is published under the plan's paper name.
    shown = morgue({**env, "COLUMNS": "200"}, "settings").stdout
    assert "The Riverton Tribune" in shown and "morgue.toml paper.name" in shown
    page = subprocess.run([sys.executable, "-c", _HOME_PAGE], env=env, capture_output=True,
                          text=True, timeout=120, check=True).stdout
    assert "The Riverton Tribune" in page and "Evening Ledger</" not in page

    again = morgue(env, "migrate")
    assert "Ready to publish" in again.stdout
    assert "applied 0 corrections to 0 articles" in again.stdout
    assert _export(env, tmp_path / "again.jsonl") == stories  # ids, findings and all


_HOME_PAGE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "morgue.settings"
django.setup()
from django.test import Client
print(Client(HTTP_HOST="localhost").get("/").content.decode())
"""


def _export(env: dict[str, str], target: Path) -> list[dict]:
    morgue(env, "export", "--held", "-o", str(target))
    return [json.loads(line) for line in target.read_text().splitlines()]


def test_a_folder_never_initialised_says_to_run_init(tmp_path: Path) -> None:
    env = {**os.environ, "MORGUE_HOME": str(tmp_path / "nothing-here")}
    env.pop("MORGUE_DATABASE_URL", None)
    done = morgue(env, "--home", str(tmp_path / "new"), "stats", check=False)
    assert done.returncode == 1
    assert "run `morgue --home" in done.stderr and "init`" in done.stderr
    assert "unable to open database file" not in done.stderr
    assert not (tmp_path / "new").exists()  # nothing made behind the user's back
    done = morgue(env, "migrate", check=False)
    assert done.returncode == 1 and "morgue init --paper" in done.stderr
