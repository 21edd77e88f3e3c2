"""The full-text index, in each database's own way (SQL in morgue.search.schema).

SQLite: an FTS5 table over search_document (external content: the text is stored once,
in search_document) kept in step by triggers. PostgreSQL: a stored generated tsvector
column on search_document, weighted A (headline), B (dek, authors), C (body), under a GIN
index. Either way nothing but ordinary rows in search_document has to be written.
"""

from django.db import migrations

# The SQL as first applied, kept here: morgue.search.schema holds today's, which a later
# migration (0005) applies.
# porter: "dredging" finds "dredge"; remove_diacritics: "cafe" finds "café".
SQLITE_TABLE = """CREATE VIRTUAL TABLE search_fts USING fts5(
    headline, dek, body, authors,
    content='search_document', content_rowid='article_id',
    tokenize='porter unicode61 remove_diacritics 2')"""

# External content: the FTS table indexes search_document's text and reads it from there;
# these triggers keep the two in step on every insert, delete and update.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, headline, dek, body, authors)
        VALUES (new.article_id, new.headline, new.dek, new.body, new.authors);
    END""",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, dek, body, authors)
        VALUES ('delete', old.article_id, old.headline, old.dek, old.body, old.authors);
    END""",
    """CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, dek, body, authors)
        VALUES ('delete', old.article_id, old.headline, old.dek, old.body, old.authors);
        INSERT INTO search_fts(rowid, headline, dek, body, authors)
        VALUES (new.article_id, new.headline, new.dek, new.body, new.authors);
    END""",
]
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
]
SQLITE_UP = [SQLITE_TABLE, *SQLITE_TRIGGERS]
SQLITE_DOWN = [*SQLITE_DROP_TRIGGERS, "DROP TABLE IF EXISTS search_fts"]

# Weights: A headline, B dek and authors, C body (ts_rank's defaults give A 1.0, B 0.4,
# C 0.2). The configuration is fixed here; another language needs a migration.
POSTGRES_UP = [
    """ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(authors, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING GIN (vector)",
    # Move the text and the vector out of line (TOAST) unless a row is tiny: a search
    # then reads dates and sections from narrow rows, several hundred to a page.
    "ALTER TABLE search_document SET (toast_tuple_target = 256)",
]
POSTGRES_DOWN = [
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
