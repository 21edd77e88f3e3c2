"""The whole story, once: the export holds exactly the published stories, each with every
old address that redirects to it; every count agrees; export + captures restore an
archive whose export is the same again. On the bundled sample and on a generated site
with multi-page stories."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from oaipmh_scythe import Scythe

from morgue.archive.models import Article, Capture, Finding
from morgue.archive.redirects import legacy_key, redirect_map, resolve_legacy
from morgue.archive.report import gather_report
from morgue.archive.stats import archive_stats
from morgue.archive.stories import held_stories, published_stories
from morgue.sample import build_sample_archive
from morgue.sample.site import generate_site
from morgue.search import browse

SAMPLE_INPUTS = ("mirror", "ledger-2009.warc.gz", "dumps", "export.jsonl", "wordpress.xml")
#: pages of the generated site: enough for several two-page stories (10% of stories)
GENERATED_PAGES = 60


def _build(kind: str, root: Path) -> list[str]:
    if kind == "sample":
        build_sample_archive(root)
        return [str(root / name) for name in SAMPLE_INPUTS]
    generate_site(root, GENERATED_PAGES, seed=5)
    return [str(root)]


def _morgue(home: Path, database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MORGUE_HOME": str(home), "MORGUE_DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "morgue", *args], env=env, text=True,
                          capture_output=True, timeout=600)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["sample", "generated"])
def test_export_is_the_published_stories_and_restores(kind, tmp_path, run_cli, client,
                                                       scratch_database_url, live_server):
    inputs = _build(kind, tmp_path / "legacy")
    run_cli("ingest", *inputs)  # with the checks: duplicates held, findings written
    run_cli("fix")
    one, captures = tmp_path / "one.jsonl", tmp_path / "one.warc.gz"
    assert run_cli("export", "-o", str(one), "--captures", str(captures)).exit_code == 0
    records = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]

    # export records = published stories (held ones marked, later pages inside theirs)
    published = [r for r in records if r["status"] == "published"]
    stories = set(published_stories().values_list("pk", flat=True))
    assert {r["id"] for r in published} == stories
    assert sum(len(r["pages"]) for r in records) == Article.objects.count()
    if kind == "generated":
        assert any(len(r["pages"]) == 2 for r in published)
        assert all(len({p["id"] for p in r["pages"]}) == len(r["pages"]) for r in records)

    # every count agrees: stats, report, site, API, sitemaps
    sitemap_urls = sum(_sitemap_urls(client, name) for name in _sitemaps(client)
                       if name != "pages")
    assert (archive_stats().stories == gather_report().totals["published"]
            == browse.span()[0] == client.get("/api/articles").json()["total"]
            == sitemap_urls == len(stories))

    # an OAI-PMH harvest returns every published story once, the held ones as deleted
    with Scythe(f"{live_server.url}/oai") as scythe:
        harvested = list(scythe.list_records())
    assert sorted(int(r.header.identifier.rsplit(":", 1)[1]) for r in harvested
                  if not r.deleted) == sorted(stories)
    assert ({int(r.header.identifier.rsplit(":", 1)[1]) for r in harvested if r.deleted}
            == set(held_stories().values_list("pk", flat=True)))

    # legacy_urls cover every old address, and name only addresses that redirect there
    by_id = {r["id"]: r for r in published}
    assert ({u for r in published for u in r["legacy_urls"]}
            == {m.legacy_url for m in redirect_map()})
    for record in published:
        keys = {legacy_key(u) for u in record["legacy_urls"]}
        for url in record["legacy_urls"]:
            path, _, query = legacy_key(url).partition("?")
            assert resolve_legacy(path, query) == record["url"], url
        page_ids = [p["id"] for p in record["pages"]]
        addresses = [p["legacy_url"] for p in record["pages"] if p["legacy_url"]]
        for capture in Capture.objects.filter(article__pk__in=page_ids):
            addresses += [capture.legacy_url, *capture.copies.values_list("legacy_url",
                                                                          flat=True)]
        for url in filter(None, addresses):
            path, _, query = legacy_key(url).partition("?")
            winner = resolve_legacy(path, query)
            # an address another published story also claims goes to one of them
            assert legacy_key(url) in keys or winner in {r["url"] for r in published}, url
    for held in Finding.objects.filter(code="duplicate", article__status=Article.Status.HELD,
                                       blocking=True).select_related("article"):
        canonical = by_id.get(next(iter(held.related), None))
        if canonical is not None and held.article.legacy_url:
            assert held.article.legacy_url in canonical["legacy_urls"]

    # export -> import into an empty home -> export: the same files
    home = tmp_path / "restored"
    restored = _morgue(home, scratch_database_url, "import", str(one), "--captures",
                       str(captures))
    assert restored.returncode == 0, restored.stderr
    two, captures_two = tmp_path / "two.jsonl", tmp_path / "two.warc.gz"
    again = _morgue(home, scratch_database_url, "export", "-o", str(two), "--captures",
                    str(captures_two))
    assert again.returncode == 0, again.stderr
    assert two.read_bytes() == one.read_bytes()
    assert captures_two.read_bytes() == captures.read_bytes()
    verified = _morgue(home, scratch_database_url, "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _sitemaps(client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    return re.findall(r"sitemap-([^.]+)\.xml", index)


def _sitemap_urls(client, name: str) -> int:
    return client.get(f"/sitemap-{name}.xml").content.decode().count("<url>")
