"""The full-text index, in each database's own way (SQL in morgue.search.schema).

SQLite: an FTS5 table over search_document (external content: the text is stored once,
in search_document) kept in step by triggers. PostgreSQL: a stored generated tsvector
column on search_document, weighted A (headline), B (dek, authors), C (body), under a GIN
index. Either way nothing but ordinary rows in search_document has to be written.
"""

from django.db import migrations

from morgue.search import schema


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": schema.SQLITE_UP, "postgresql": schema.POSTGRES_UP}),
            _run({"sqlite": schema.SQLITE_DOWN, "postgresql": schema.POSTGRES_DOWN}),
        ),
    ]
