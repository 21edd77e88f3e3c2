"""`morgue profile learn`, `morgue profile show`, and ingest reading with profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from morgue.cli import cli
from morgue.sample import build_sample_archive, generate_site


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legacy")
    build_sample_archive(root)
    return root


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_learn_writes_a_profile_into_the_archive_home(sample: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MORGUE_HOME", str(tmp_path / "home"))
    result = invoke("profile", "learn", str(sample / "mirror"), "--min-pages", "3")
    assert result.exit_code == 0, result.output
    path = tmp_path / "home" / "profiles" / "www.eveningledger.com.yaml"
    data = yaml.safe_load(path.read_text())
    assert data["profile"] == "www.eveningledger.com" and len(data["templates"]) == 2
    assert "2 templates" in result.output and "h1.headline" in result.output

    shown = invoke("profile", "show")
    assert shown.exit_code == 0
    assert "www.eveningledger.com-1" in shown.output and "agreed" in shown.output
    assert 'font[size=5][face="Times New Roman"] > b' in shown.output  # not eaten as markup

    covered = invoke("profile", "show", str(path), "--on", str(sample / "mirror"))
    assert covered.exit_code == 0
    assert "Coverage" in covered.output and "not matched: http://www.eveningledger.com/" in covered.output


def test_learn_to_a_file_and_errors(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MORGUE_HOME", str(tmp_path / "empty-home"))
    target = tmp_path / "ledger.yaml"
    assert invoke("profile", "learn", str(sample / "mirror"), "-o", str(target), "--name", "ledger",
                  "--min-pages", "3").exit_code == 0
    assert yaml.safe_load(target.read_text())["profile"] == "ledger"
    too_few = invoke("profile", "learn", str(sample / "mirror"), "--min-pages", "50")
    assert too_few.exit_code == 1 and "nothing learned" in too_few.output
    none = invoke("profile", "show")
    assert none.exit_code == 1 and "no profiles in" in none.output
    target.write_text("profile: broken\ntemplates:\n- fields:\n    headline: {selector: 'h1 > > b'}\n")
    bad = invoke("profile", "show", str(target))
    assert bad.exit_code == 1 and "cannot read selector" in bad.output


def _articles(run_cli) -> list[dict]:
    out = run_cli("export", "--format", "jsonl")
    return [json.loads(line) for line in out.output.splitlines() if line.strip()]


@pytest.mark.django_db(transaction=True)
def test_ingest_with_a_profile_file(sample: Path, tmp_path: Path, run_cli, settings) -> None:
    settings.MORGUE_HOME = tmp_path / "home"
    target = tmp_path / "ledger.yaml"
    assert invoke("profile", "learn", str(sample / "mirror"), "-o", str(target), "--min-pages", "3").exit_code == 0
    result = run_cli("ingest", "--no-check", "--profile", str(target), str(sample / "mirror"))
    assert "Learned site profile" not in result.output
    from morgue.archive.models import Article

    read = Article.objects.exclude(field_sources__profile="none matched; read page by page")
    assert read.count() >= 15
    zoning = Article.objects.get(legacy_url__endswith="council-waterfront-zoning")
    assert zoning.field_sources["headline"].startswith("profile ")
    assert zoning.bylines == ["Samuel Reyes"] and zoning.section == "Local"
    assert not (tmp_path / "home" / "profiles").exists()  # --profile: nothing learned


@pytest.mark.django_db(transaction=True)
def test_ingest_learns_a_profile_first_and_says_so(tmp_path: Path, run_cli, settings) -> None:
    settings.MORGUE_HOME = tmp_path / "home"
    generate_site(tmp_path / "site", 50, seed=2)
    result = run_cli("ingest", "--no-check", str(tmp_path / "site"))
    assert "Learned site profile www.eveningledger.com" in result.output
    saved = list((tmp_path / "home" / "profiles").glob("*.yaml"))
    assert len(saved) == 1
    from morgue.archive.models import Article

    sources = [a.field_sources.get("profile", "") for a in Article.objects.all()]
    assert len(sources) == 50
    assert sum(s.startswith("www.eveningledger.com/") for s in sources) >= 45
    again = run_cli("ingest", "--no-check", str(tmp_path / "site"))
    assert "Learned site profile" not in again.output  # the saved profile covers the site now
