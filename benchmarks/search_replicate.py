"""A big search corpus fast: a generated SQLite archive copied N times over, in SQL.

Building 1,000,000 articles the ordinary way (generate, bulk-load, ``reindex()``) takes
this 2-core machine ~14 min of loading and ~28 min of indexing on SQLite (82 s and 167 s
per 100,000, measured): language detection alone is ~1 ms an article. The search
benchmark needs the documents, not a fresh analysis of the same stories, so this copies
a built archive (``search_scale.py`` builds 100,000 with ``site_load.py``) N times into
a new file: every copy gets ids past the last, its own URLs (``/copy-K`` appended) and
the same text, dates, sections and authors; then FTS5's index is built once from all of
it ('rebuild', as ``reindex()`` does), and a new index token is written. A word then
matches N times as many stories as in the source, as it would in an archive N times as
big from the same generator; what does not grow is the variety of text.

    python benchmarks/search_replicate.py SOURCE.sqlite3 TARGET.sqlite3 --times 10
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from morgue.search import schema  # noqa: E402 (the product's own FTS SQL)

#: table → {column: how the copy's value is made from the source's (``{off}`` the id
#: offset of the table named in the pair, K the copy's number)}; tables in FK order
TABLES: list[tuple[str, dict[str, str]]] = [
    ("archive_capture", {"id": "id + {archive_capture}",
                         "locator": "locator || '#copy-{k}'"}),
    ("archive_article", {"id": "id + {archive_article}",
                         "capture_id": "capture_id + {archive_capture}",
                         "part_of_id": "part_of_id + {archive_article}",
                         "url": "url || 'copy-{k}/'"}),
    ("search_document", {"article_id": "article_id + {archive_article}",
                         "url": "url || 'copy-{k}/'"}),
    ("search_articleauthor", {"id": "id + {search_articleauthor}",
                              "article_id": "article_id + {archive_article}"}),
    ("archive_legacypath", {"id": "id + {archive_legacypath}",
                            "article_id": "article_id + {archive_article}"}),
]


def replicate(source: Path, target: Path, times: int) -> None:
    started = time.perf_counter()
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(source, tmp)
    db = sqlite3.connect(tmp, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    for sql in schema.SQLITE_DROP_TRIGGERS:  # the index is built once, at the end
        db.execute(sql)
    spans = {name: db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}").fetchone()[0]
             for name, _ in TABLES if name != "search_document"}
    for k in range(1, times):
        offsets = {name: span * k for name, span in spans.items()}
        for name, changed in TABLES:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
            values = [changed[c].format(k=k, **offsets) if c in changed else c for c in columns]
            db.execute(f"INSERT INTO {name} ({', '.join(columns)}) "
                       f"SELECT {', '.join(values)} FROM {name} WHERE "
                       f"{'article_id' if name == 'search_document' else 'id'} <= "
                       f"{spans['archive_article'] if name == 'search_document' else spans[name]}")
        print(f"copy {k + 1} of {times} written ({time.perf_counter() - started:.0f} s)",
              flush=True)
    db.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    for sql in schema.SQLITE_TRIGGERS:
        db.execute(sql)
    db.execute("UPDATE search_indexstate SET token = ? WHERE id = 1", [uuid.uuid4().hex])
    db.execute("COMMIT")
    print(f"full-text index built ({time.perf_counter() - started:.0f} s)", flush=True)
    for sql in schema.AFTER_REBUILD["sqlite"]:
        db.execute(sql)
    db.close()
    tmp.rename(target)
    print(f"{target}: {times} copies in {time.perf_counter() - started:.0f} s", flush=True)


def replicate_postgres(admin_url: str, source: str, target: str, times: int) -> None:
    """The same on PostgreSQL: the target database made from the source as a template,
    then the copies inserted in SQL; the tsvector column computes itself for each new row
    (as it does for reindex()), the GIN index is built once at the end."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    print(f"{target} made from {source} ({time.perf_counter() - started:.0f} s)", flush=True)
    with psycopg.connect(f"{admin_url}/{target}") as db:
        db.execute("SET maintenance_work_mem = '512MB'")
        db.execute("DROP INDEX search_document_vector")
        spans = {name: db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}").fetchone()[0]
                 for name, _ in TABLES if name != "search_document"}
        for k in range(1, times):
            offsets = {name: span * k for name, span in spans.items()}
            for name, changed in TABLES:
                columns = [row[0] for row in db.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND is_generated = 'NEVER' ORDER BY ordinal_position", [name])]
                values = [changed[c].format(k=k, **offsets) if c in changed else c
                          for c in columns]
                key = "article_id" if name == "search_document" else "id"
                last = spans["archive_article"] if name == "search_document" else spans[name]
                db.execute(f"INSERT INTO {name} ({', '.join(columns)}) "
                           f"SELECT {', '.join(values)} FROM {name} WHERE {key} <= {last}")
            db.commit()
            print(f"copy {k + 1} of {times} written ({time.perf_counter() - started:.0f} s)",
                  flush=True)
        db.execute(schema.POSTGRES_UP[1])  # the GIN index, once
        for name in spans:  # ids handed out next come after the copies
            db.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                       f"(SELECT MAX(id) FROM {name}))")
        db.execute("UPDATE search_indexstate SET token = %s WHERE id = 1", [uuid.uuid4().hex])
        db.commit()
    print(f"{target}: {times} copies in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    replicate(args.source, args.target, args.times)


if __name__ == "__main__":
    main()
