"""The README documents every command and every setting; every command has help."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from morgue import config
from morgue.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += all_commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name,command", all_commands(cli), ids=lambda v: str(v))
def test_command_is_documented(name: str, command: click.Command) -> None:
    assert f"morgue {name}" in README, f"README does not mention `morgue {name}`"
    assert command.help and len(command.help) > 30, f"`morgue {name}` needs real --help text"


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting: config.Setting) -> None:
    assert f"`{setting.name}`" in README


def test_secrets_are_hidden_when_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MORGUE_DATABASE_URL", "postgresql://ed:hunter2@db.example:5432/m")
    monkeypatch.setenv("MORGUE_SECRET_KEY", "s3cret")
    shown = {name: value for name, value, *_ in config.shown()}
    assert "hunter2" not in shown["MORGUE_DATABASE_URL"]
    assert shown["MORGUE_DATABASE_URL"].startswith("postgresql://ed:***@db.example")
    assert shown["MORGUE_SECRET_KEY"] == "***"


def test_every_export_field_is_documented() -> None:
    from morgue.archive.export import SCHEMA

    section = README.split("### The export", 1)[1].split("\n## ", 1)[0]
    missing = [f.name for f in SCHEMA if f"`{f.name}`" not in section]
    assert not missing, f"README's export section does not describe {missing}"
