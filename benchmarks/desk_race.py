"""Many editors at once: nothing lost, nothing doubled.

For each database (SQLite, then PostgreSQL) in a fresh archive, ``morgue serve``
(gunicorn, several worker processes) answers the desk's API while:

- 20 editor clients (threads, each with its own API token) approve different
  corrections at the same time: each owns a few articles, each with two safe ``encoding``
  fixes, and approves them one after the other (reading the article's head first, as a
  client of the API does);
- two more editors race, over and over: on one article they approve *different* fixes
  from the same head; on another, the *same* fix. They wait at a barrier between
  reading the head and sending the approval, so the two requests arrive together.

Afterwards, from the database: every owned fix was applied exactly once; each race had
exactly one winner (200) and one loser told 409, and the article's text holds only the
winner's change (the loser's fix is still open); no other correction was written; one
audit entry per correction; `morgue verify` is clean.

    python benchmarks/desk_race.py
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
POSTGRES_ADMIN_URL = os.environ.get("MORGUE_BENCH_POSTGRES",
                                    "postgresql://postgres@127.0.0.1:5432")
MOJIBAKE, CURLY = "â€™", "\u2019"


# -- in a process configured for the database ------------------------------------------------

def setup(editors: int, per_editor: int, races: int, out: Path) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from morgue.accounts.roles import EDITOR
    from morgue.accounts.tokens import issue_token
    from morgue.archive.fieldtext import fingerprint
    from morgue.archive.models import Article, Capture, Finding, IngestRun
    from morgue.store import CaptureStore

    call_command("migrate", verbosity=0)
    store = CaptureStore(settings.MORGUE_STORE)
    run = IngestRun.objects.create(status=IngestRun.Status.FINISHED, paths=["bench"])
    group = Group.objects.get_or_create(name=EDITOR)[0]
    numbers = iter(range(1_000_000))

    def article_with_two_fixes() -> list[int]:
        n = next(numbers)
        capture = Capture.objects.create(
            sha256=store.put(f"<p>race story {n}</p>".encode()), size=20, source="bench",
            locator=f"story-{n}", format="mirror", run=run)
        body = f"Story {n}: the mayor{MOJIBAKE}s plan for the harbor{MOJIBAKE}s channel."
        article = Article(capture=capture, url=f"/race/{n}/", slug=f"story-{n}",
                          headline=f"Story {n}", section="Local", body=body, extractor="bench")
        article.extraction_digest = fingerprint(article)
        article.save()
        found = []
        start = -1
        while (start := body.find(MOJIBAKE, start + 1)) != -1:
            span = [start, start + len(MOJIBAKE)]
            found.append(Finding.objects.create(
                article=article, code="encoding", severity="warning", field="body",
                span_start=span[0], span_end=span[1], message="UTF-8 read as windows-1252",
                proposed_fix={"field": "body", "before": MOJIBAKE, "after": CURLY,
                              "span": span, "safe": True}).pk)
        return [article.pk, *found]

    def editor(name: str) -> str:
        user = get_user_model().objects.create_user(name, f"{name}@example.com", "x")
        user.groups.add(group)
        return issue_token(user, name="race")

    plan = {
        "workers": [{"key": editor(f"editor{i}"),
                     "articles": [article_with_two_fixes() for _ in range(per_editor)]}
                    for i in range(editors)],
        "racers": [editor("racer-a"), editor("racer-b")],
        "different": [article_with_two_fixes() for _ in range(races)],
        "same": [article_with_two_fixes() for _ in range(races)],
    }
    out.write_text(json.dumps(plan))


def check(plan_file: Path, results_file: Path, out: Path) -> None:
    import django

    django.setup()
    from morgue.archive.corrections import published_text
    from morgue.archive.models import Article, Correction, Finding
    from morgue.archive.verify import verify_archive
    from morgue.editorial.models import AuditEntry

    plan = json.loads(plan_file.read_text())
    results = json.loads(results_file.read_text())
    problems: list[str] = []
    applied = Correction.objects.filter(status=Correction.Status.APPLIED)

    def once(finding_id: int) -> None:
        n = applied.filter(finding_id=finding_id).count()
        if n != 1:
            problems.append(f"finding {finding_id} applied {n} times")

    owned = [f for w in plan["workers"] for a in w["articles"] for f in a[1:]]
    for finding_id in owned:
        once(finding_id)
    statuses = [r["status"] for r in results["workers"]]
    if statuses.count(200) != len(owned):
        problems.append(f"{statuses.count(200)} of {len(owned)} owned approvals answered 200 "
                        f"(others: {sorted(set(statuses) - {200})})")
    wins = 0
    for race in results["races"]:
        codes = sorted(r["status"] for r in race["answers"])
        if codes != [200, 409]:
            problems.append(f"race on article {race['article']} answered {codes}")
            continue
        winner = next(r for r in race["answers"] if r["status"] == 200)
        loser = next(r for r in race["answers"] if r["status"] == 409)
        wins += 1
        article = Article.objects.get(pk=race["article"])
        log = list(applied.filter(article=article))
        if [c.finding_id for c in log] != [winner["finding"]]:
            problems.append(f"article {article.pk}: log holds {[c.finding_id for c in log]}, "
                            f"not only the winner's {winner['finding']}")
        body = published_text(article).body
        if body.count(MOJIBAKE) != 1 or body.count(CURLY) != 1:
            problems.append(f"article {article.pk}: text is not just the winner's change")
        if race["kind"] == "different" and Finding.objects.get(
                pk=loser["finding"]).status != Finding.Status.OPEN:
            problems.append(f"article {article.pk}: the loser's fix is not open")
    expected = len(owned) + wins
    if applied.count() != expected:
        problems.append(f"{applied.count()} applied corrections, expected {expected}")
    if Correction.objects.exclude(status=Correction.Status.APPLIED).exists():
        problems.append("corrections other than applied ones were written")
    audits = AuditEntry.objects.filter(action="approve").count()
    if audits != expected:
        problems.append(f"{audits} approve audit entries, expected {expected}")
    verified = verify_archive()
    if not verified.ok:
        problems.append(f"verify: {len(verified.discrepancies)} discrepancies")
    out.write_text(json.dumps({"applied": applied.count(), "expected": expected,
                               "races_won": wins, "audit": audits, "verify_ok": verified.ok,
                               "problems": problems}))


# -- the clients ----------------------------------------------------------------------------

class Desk:
    """An editor's API client: one token, urllib, JSON."""

    def __init__(self, base: str, key: str) -> None:
        self.base, self.key = base, key

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def head(self, article_id: int) -> str:
        status, answer = self.call("GET", f"/api/desk/articles/{article_id}")
        assert status == 200, (status, answer)
        return answer["head"]

    def approve(self, finding_id: int, head: str) -> tuple[int, dict]:
        return self.call("POST", f"/api/desk/findings/{finding_id}/approve", {"head": head})


def work(base: str, worker: dict, answers: list[dict], latencies: list[float]) -> None:
    desk = Desk(base, worker["key"])
    for article_id, *findings in worker["articles"]:
        for finding_id in findings:
            started = time.perf_counter()
            status, answer = desk.approve(finding_id, desk.head(article_id))
            latencies.append(time.perf_counter() - started)
            answers.append({"finding": finding_id, "status": status,
                            "error": answer.get("error")})


def race(base: str, keys: list[str], article: list[int], kind: str) -> dict:
    article_id, first, second = article
    wanted = [first, second] if kind == "different" else [first, first]
    barrier = threading.Barrier(2)
    answers: list[dict] = []

    def racer(key: str, finding_id: int) -> None:
        desk = Desk(base, key)
        head = desk.head(article_id)
        barrier.wait()
        status, answer = desk.approve(finding_id, head)
        answers.append({"finding": finding_id, "status": status, "error": answer.get("error")})

    threads = [threading.Thread(target=racer, args=(k, f)) for k, f in zip(keys, wanted, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"article": article_id, "kind": kind, "answers": answers}


def drive(base: str, plan: dict) -> dict:
    answers: list[dict] = []
    latencies: list[float] = []
    races: list[dict] = []
    threads = [threading.Thread(target=work, args=(base, w, answers, latencies))
               for w in plan["workers"]]

    def racing() -> None:
        for different, same in zip(plan["different"], plan["same"], strict=True):
            races.append(race(base, plan["racers"], different, "different"))
            races.append(race(base, plan["racers"], same, "same"))

    threads.append(threading.Thread(target=racing))
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {"workers": answers, "races": races, "seconds": seconds,
            "p50": latencies[len(latencies) // 2] if latencies else 0,
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0}


# -- the run --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/sections", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {base} within {seconds} s")


def run_one(backend: str, args: argparse.Namespace) -> dict:
    home = Path(tempfile.mkdtemp(prefix=f"morgue-desk-race-{backend}-"))
    env = {**os.environ, "MORGUE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "morgue.settings",
           "MORGUE_SECRET_KEY": "bench-" + "k" * 50, "MORGUE_DEBUG": "0",
           "MORGUE_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("MORGUE_DATABASE_URL", None)
    name = ""
    if backend == "postgresql":
        import psycopg

        name = f"morgue_desk_race_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["MORGUE_DATABASE_URL"] = f"{POSTGRES_ADMIN_URL}/{name}"
    me = [sys.executable, __file__]
    try:
        subprocess.run([*me, "--setup", str(home / "plan.json"), "--editors", str(args.editors),
                        "--per-editor", str(args.per_editor), "--races", str(args.races)],
                       env=env, check=True)
        plan = json.loads((home / "plan.json").read_text())
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "morgue"), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL,
            stderr=open(home / "server.log", "w"), start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            load_before = os.getloadavg()
            results = drive(base, plan)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        (home / "results.json").write_text(json.dumps(results))
        subprocess.run([*me, "--check", str(home / "plan.json"), str(home / "results.json"),
                        str(home / "check.json")], env=env, check=True)
        checked = json.loads((home / "check.json").read_text())
        statuses = [r["status"] for r in results["workers"]]
        return {"database": backend, "approvals": len(statuses),
                "races": len(results["races"]), "seconds": round(results["seconds"], 1),
                "p50_ms": round(results["p50"] * 1000), "p95_ms": round(results["p95"] * 1000),
                "other_statuses": sorted({s for s in statuses if s != 200}),
                "load": [round(x, 1) for x in load_before], **checked}
    finally:
        if name:
            import psycopg

            with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


def table(results: list[dict]) -> str:
    lines = ["| database | editors | approvals | races with one 200 and one 409 | seconds | p50 ms "
             "| p95 ms | applied / expected | verify | problems |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['editors']} + 2 racers | {r['approvals']} | "
            f"{r['races_won']} of {r['races']} | {r['seconds']} | "
            f"{r['p50_ms']} | {r['p95_ms']} | {r['applied']} / {r['expected']} | "
            f"{'clean' if r['verify_ok'] else 'NOT CLEAN'} | "
            f"{'; '.join(r['problems']) or 'none'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--per-editor", type=int, default=5,
                        help="articles per editor (two fixes each)")
    parser.add_argument("--races", type=int, default=10, help="races of each kind")
    parser.add_argument("--workers", type=int, default=4, help="server processes")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the archive folders")
    parser.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.editors, args.per_editor, args.races, args.setup)
        return
    if args.check:
        check(*args.check)
        return
    results = []
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql" and args.skip_postgres:
            continue
        result = run_one(backend, args)
        result["editors"] = args.editors
        print(json.dumps(result), flush=True)
        results.append(result)
    print(table(results))
    if any(r["problems"] for r in results):
        raise SystemExit("something was lost or doubled")


if __name__ == "__main__":
    main()
