"""Issue 13 follow-up: a date known only to the month and an outlet credited beside the
bylines are kept by the archive, shown as such, exported, and survive export + import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from morgue.archive.models import Article

MONTH_ONLY = "www.harbor-gazette.com/2006/10/harbor-dredging-plan-wins-approval.html"
WITH_OUTLET = "www.harbor-gazette.com/2006/11/14/nation/senate-passes-port-security-bill.html"

PAGE = """<!doctype html><html><head><title>{title} - Harbor Gazette</title></head><body>
<div class="nav"><a href="/">Home</a> <a href="/news/">News</a></div>
<article><h1>{title}</h1>{byline}
{paragraphs}
</article><div class="footer">Copyright Harbor Gazette</div></body></html>"""

WORDS = ("The harbor commission voted on the plan after months of hearings, and members "
         "said the vote settled a question that had divided the waterfront for years. ")


def _write(root: Path, path: str, title: str, byline: str, seed: int) -> None:
    paragraphs = "\n".join(f"<p>{WORDS * 2}Paragraph {seed}-{n} adds detail about the "
                           f"work, the cost and the schedule.</p>" for n in range(6))
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title, byline=byline, paragraphs=paragraphs))


def _morgue(home: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "morgue", *args], env=env, text=True,
                          capture_output=True, timeout=600)


@pytest.mark.django_db(transaction=True)
def test_month_date_and_outlet_are_kept_shown_exported_and_restored(
        tmp_path: Path, run_cli, client, scratch_database_url) -> None:
    mirror = tmp_path / "mirror"
    _write(mirror, MONTH_ONLY, "Harbor dredging plan wins approval", "", 1)
    _write(mirror, WITH_OUTLET, "Senate passes port security bill",
           '<p class="byline">By Kara Scannell, CNN</p>', 2)
    assert run_cli("ingest", "--no-check", str(mirror)).exit_code == 0

    month = Article.objects.get(legacy_url__endswith=MONTH_ONLY.rsplit("/", 1)[-1])
    assert (month.published.isoformat(), month.published_precision) == ("2006-10-01", "month")
    credited = Article.objects.get(legacy_url__endswith=WITH_OUTLET.rsplit("/", 1)[-1])
    assert (credited.bylines, credited.outlet) == (["Kara Scannell"], "CNN")
    assert credited.published_precision == "day"
    assert {"outlet", "published_precision"} <= set(month.extraction_digest)

    page = client.get(month.url).content.decode()
    assert "October 2006" in page
    assert "October 1, 2006" not in page and "1 October 2006" not in page
    assert '"datePublished":"2006-10"' in page
    assert '"datePublished":"2006-11-14"' in client.get(credited.url).content.decode()
    api = client.get(f"/api/articles/{month.pk}").json()
    assert (api["published"], api["published_precision"]) == ("2006-10-01", "month")
    assert client.get(f"/api/articles/{credited.pk}").json()["outlet"] == "CNN"

    one, parquet = tmp_path / "one.jsonl", tmp_path / "one.parquet"
    assert run_cli("export", "-o", str(one)).exit_code == 0
    assert run_cli("export", "--format", "parquet", "-o", str(parquet)).exit_code == 0
    for records in ([json.loads(line) for line in one.read_text().splitlines()],
                    pq.read_table(parquet).to_pylist()):
        by_id = {r["id"]: r for r in records}
        assert by_id[month.pk]["published_precision"] == "month"
        assert str(by_id[month.pk]["published"]) == "2006-10-01"
        assert by_id[credited.pk]["outlet"] == "CNN"
        assert by_id[credited.pk]["pages"][0]["outlet"] == "CNN"
        assert by_id[month.pk]["pages"][0]["published_precision"] == "month"

    home, captures = tmp_path / "restored", tmp_path / "one.warc.gz"
    assert run_cli("export", "-o", str(one), "--captures", str(captures)).exit_code == 0
    restored = _morgue(home, scratch_database_url, "import", str(one), "--captures", str(captures))
    assert restored.returncode == 0, restored.stderr
    two = tmp_path / "two.jsonl"
    again = _morgue(home, scratch_database_url, "export", "-o", str(two))
    assert again.returncode == 0, again.stderr
    assert two.read_bytes() == one.read_bytes()
    verified = _morgue(home, scratch_database_url, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
