"""Bulk approval at the editors' desk: 10,000 safe fixes approved in one go.

For each database (SQLite, then PostgreSQL) in a fresh archive: N articles, each with a
capture in the store and one open ``encoding`` finding whose safe fix replaces mojibake
(``â€™`` → ``’``), as the encoding check leaves them. An editor then previews and
bulk-approves them all through :func:`morgue.editorial.actions.bulk_approve` (the same
call the desk's bulk page makes). Measured: wall time and SQL statements of the preview
and of the approval (the approval's statements include the search index updates the
corrections log's signal triggers after each batch commits). Verified afterwards: every
finding fixed, exactly one applied correction per finding, no mojibake left in any
published text, one audit entry per correction, and `morgue verify` clean.

The corrections log announces each committed batch once, and the search index reindexes
that batch's articles. With ``--index once`` that listener is switched off for the
approval and the index is rewritten once at the end, for comparison.

    python benchmarks/desk_bulk.py --articles 10000
    python benchmarks/desk_bulk.py --articles 10000 --index once
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

POSTGRES_ADMIN_URL = os.environ.get("MORGUE_BENCH_POSTGRES",
                                    "postgresql://postgres@127.0.0.1:5432")
MOJIBAKE, CURLY = "â€™", "\u2019"
#: rows per bulk_create while loading
LOAD_BATCH = 1000


def load(count: int) -> None:
    """(In a process configured for one database.) Articles, blobs, findings, an editor."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from morgue.accounts.roles import EDITOR
    from morgue.archive.fieldtext import fingerprint
    from morgue.archive.models import Article, Capture, Finding, IngestRun
    from morgue.store import CaptureStore

    store = CaptureStore(settings.MORGUE_STORE)
    run = IngestRun.objects.create(status=IngestRun.Status.FINISHED, paths=["bench"])
    for start in range(0, count, LOAD_BATCH):
        numbers = range(start, min(count, start + LOAD_BATCH))
        with transaction.atomic():
            captures = Capture.objects.bulk_create(
                Capture(sha256=store.put(f"<html><p>story {n}</p></html>".encode()), size=30,
                        source="bench", locator=f"story-{n}.html", format="mirror", run=run)
                for n in numbers)
            rows = []
            for n, capture in zip(numbers, captures, strict=True):
                body = (f"Story {n}: the mayor{MOJIBAKE}s plan for the harbor passed.\n\n"
                        "Work starts in the spring and takes two years.")
                row = Article(capture=capture, url=f"/bench/{n}/", slug=f"story-{n}",
                              headline=f"Harbor story {n}", section="Local", body=body,
                              word_count=len(body.split()), extractor="bench")
                row.extraction_digest = fingerprint(row)
                rows.append(row)
            articles = Article.objects.bulk_create(rows)
            findings = []
            for article in articles:
                start_at = article.body.index(MOJIBAKE)
                span = [start_at, start_at + len(MOJIBAKE)]
                findings.append(Finding(
                    article=article, code="encoding", severity="warning", field="body",
                    span_start=span[0], span_end=span[1], message="UTF-8 read as windows-1252",
                    evidence=article.body[span[0] - 10:span[1] + 10],
                    proposed_fix={"field": "body", "before": MOJIBAKE, "after": CURLY,
                                  "span": span, "safe": True}))
            Finding.objects.bulk_create(findings)
    editor = get_user_model().objects.create_user("bench-editor", "editor@example.com", "x")
    editor.groups.add(Group.objects.get_or_create(name=EDITOR)[0])


class Counter:
    """A connection execute_wrapper that counts statements."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def child(count: int, out: Path, coalesced: bool) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from morgue.archive.corrections import published_text
    from morgue.archive.models import Article, Correction, Finding
    from morgue.archive.verify import verify_archive
    from morgue.editorial import actions
    from morgue.editorial.models import AuditEntry

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load(count)
    loaded = time.perf_counter() - started
    editor = get_user_model().objects.get(username="bench-editor")

    preview_count = Counter()
    with connection.execute_wrapper(preview_count):
        started = time.perf_counter()
        preview = actions.bulk_preview(editor, "encoding")
        preview_seconds = time.perf_counter() - started
    approve_count = Counter()
    if coalesced:
        # What the approval costs with the search index updated once at the end rather
        # than after each committed batch (what the search app's listener does).
        from morgue.archive.corrections import correction_recorded
        from morgue.search import reindex

        correction_recorded.disconnect(dispatch_uid="search-reindex-on-correction")
    with connection.execute_wrapper(approve_count):
        started = time.perf_counter()
        result = actions.bulk_approve(editor, "encoding", upto=preview.upto)
        if coalesced:
            reindex(list(Article.objects.values_list("pk", flat=True)))
        approve_seconds = time.perf_counter() - started

    # Verify: every fix applied once, nothing else written.
    fixed = Finding.objects.filter(status=Finding.Status.FIXED).count()
    applied = Correction.objects.filter(status=Correction.Status.APPLIED)
    distinct_findings = applied.values("finding_id").distinct().count()
    leftover = sum(MOJIBAKE in published_text(a).body or CURLY not in published_text(a).body
                   for a in Article.objects.prefetch_related("corrections").iterator(2000))
    verified = verify_archive()
    facts = {
        "database": connection.vendor + (" (index updated once)" if coalesced else ""),
        "articles": count, "loaded_seconds": round(loaded, 1),
        "preview": {"findings": preview.findings, "seconds": round(preview_seconds, 2),
                    "queries": preview_count.queries},
        "approve": {"corrections": result.corrections, "articles": result.articles,
                    "skipped": len(result.skipped), "seconds": round(approve_seconds, 1),
                    "queries": approve_count.queries},
        "check": {"findings_fixed": fixed, "applied": applied.count(),
                  "distinct_findings": distinct_findings, "texts_wrong": leftover,
                  "audit_entries": AuditEntry.objects.filter(action="bulk-approve").count(),
                  "verify_ok": verified.ok, "discrepancies": len(verified.discrepancies)},
    }
    facts["ok"] = (fixed == applied.count() == distinct_findings == count == result.corrections
                   and leftover == 0 and verified.ok
                   and facts["check"]["audit_entries"] == count)
    out.write_text(json.dumps(facts))


def run_one(backend: str, count: int, coalesced: bool = False) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"morgue-desk-bulk-{backend}-"))
    env = {**os.environ, "MORGUE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "morgue.settings",
           "MORGUE_SECRET_KEY": "bench-" + "k" * 50}
    env.pop("MORGUE_DATABASE_URL", None)
    name = ""
    if backend == "postgresql":
        import psycopg

        name = f"morgue_desk_bulk_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["MORGUE_DATABASE_URL"] = f"{POSTGRES_ADMIN_URL}/{name}"
    out = home / "result.json"
    try:
        subprocess.run([sys.executable, __file__, "--child", "--articles", str(count),
                        "--out", str(out)] + (["--coalesced"] if coalesced else []),
                       env=env, check=True)
        return json.loads(out.read_text())
    finally:
        if name:
            import psycopg

            with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(home, ignore_errors=True)


def table(results: list[dict]) -> str:
    lines = ["| database | corrections | preview (s) | preview queries | approve (s) "
             "| approve queries | queries per correction | per second | verified |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        a, p = r["approve"], r["preview"]
        lines.append(
            f"| {r['database']} | {a['corrections']:,} | {p['seconds']} | {p['queries']} | "
            f"{a['seconds']} | {a['queries']:,} | {a['queries'] / max(1, a['corrections']):.1f} "
            f"| {a['corrections'] / max(a['seconds'], 0.001):.0f} "
            f"| {'yes' if r['ok'] else 'NO: ' + json.dumps(r['check'])} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--index", choices=["per-batch", "once", "both"],
                        default="per-batch", help=(
                            "how the search index follows: after each committed batch, as "
                            "the search app's listener does; once, at the end; or both, "
                            "one after the other"))
    parser.add_argument("--coalesced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.articles, args.out, args.coalesced)
        return
    results = []
    modes = {"per-batch": [False], "once": [True], "both": [False, True]}[args.index]
    runs = [(b, c) for c in modes for b in ("sqlite", "postgresql")]
    for backend, coalesced in runs:
        if backend == "postgresql" and args.skip_postgres:
            continue
        load_before = os.getloadavg()
        result = run_one(backend, args.articles, coalesced)
        result["load"] = [round(x, 1) for x in load_before]
        print(json.dumps(result), flush=True)
        results.append(result)
    print(table(results))
    if not all(r["ok"] for r in results):
        raise SystemExit("verification failed")


if __name__ == "__main__":
    main()
