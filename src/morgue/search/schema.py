"""The full-text index's SQL for each database, used by migration 0002 and by a full
rebuild. Changing anything here needs a new migration that applies the change."""

from __future__ import annotations

# porter: "dredging" finds "dredge"; remove_diacritics: "cafe" finds "café". ``stems``
# holds the Snowball stems of an article in another language than English (German
# "Häusern" → "haus"), written by indexing (morgue.search.languages), so FTS5's one
# tokenizer serves every language.
SQLITE_TABLE = """CREATE VIRTUAL TABLE search_fts USING fts5(
    headline, dek, body, authors, stems,
    content='search_document', content_rowid='article_id',
    tokenize='porter unicode61 remove_diacritics 2')"""

_COLUMNS = "headline, dek, body, authors, stems"
_NEW = "new.article_id, new.headline, new.dek, new.body, new.authors, new.stems"
_OLD = "'delete', old.article_id, old.headline, old.dek, old.body, old.authors, old.stems"

# External content: the FTS table indexes search_document's text and reads it from there;
# these triggers keep the two in step on every insert, delete and update.
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES ({_NEW});
    END""",
    f"""CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS}) VALUES ({_OLD});
    END""",
    f"""CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS}) VALUES ({_OLD});
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES ({_NEW});
    END""",
]
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
]
SQLITE_UP = [SQLITE_TABLE, *SQLITE_TRIGGERS,
             "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"]
SQLITE_DOWN = [*SQLITE_DROP_TRIGGERS, "DROP TABLE IF EXISTS search_fts"]

# Weights: A headline, B dek and authors, C body (ts_rank's defaults give A 1.0, B 0.4,
# C 0.2). Each row is read by its own text search configuration (``analyser``, a
# regconfig: 'english', 'german', 'simple', ...), its language's stemmer and stop words.
POSTGRES_UP = [
    """ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(analyser, coalesce(headline, '')), 'A') ||
        setweight(to_tsvector(analyser, coalesce(dek, '')), 'B') ||
        setweight(to_tsvector(analyser, coalesce(authors, '')), 'B') ||
        setweight(to_tsvector(analyser, coalesce(body, '')), 'C')
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

#: After rewriting every row, so the planner knows the new table (and SQLite's FTS
#: index is merged into as few segments as it can be).
AFTER_REBUILD = {
    "sqlite": ["INSERT INTO search_fts(search_fts) VALUES ('optimize')", "ANALYZE"],
    "postgresql": ["ANALYZE search_document", "ANALYZE search_articleauthor"],
}
