"""Per-language analysers and the queue an external index (tantivy) follows.

Each document gets its language and analyser; the full-text index is made again to read
them: on SQLite an FTS5 table with a ``stems`` column, on PostgreSQL a tsvector generated
with each row's own configuration. Documents indexed before keep English until the next
``morgue reindex``, as they were read before.
"""

import importlib

import morgue.search.models
from django.db import migrations, models

from morgue.search import schema

_FIRST = importlib.import_module("morgue.search.migrations.0002_fulltext")


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_covering_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='Pending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('article_id', models.BigIntegerField(null=True)),
            ],
        ),
        migrations.AddField(
            model_name='document',
            name='analyser',
            field=morgue.search.models.AnalyserField(default='english', max_length=32),
        ),
        migrations.AddField(
            model_name='document',
            name='language',
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.AddField(
            model_name='document',
            name='stems',
            field=models.TextField(blank=True),
        ),
        # SQLite made search_document again for the new columns, which dropped the
        # triggers; the FTS table is made again with its new column and rebuilt.
        migrations.RunPython(
            _run({"sqlite": [*schema.SQLITE_DOWN, *schema.SQLITE_UP],
                  "postgresql": [*_FIRST.POSTGRES_DOWN, *schema.POSTGRES_UP]}),
            _run({"sqlite": [*schema.SQLITE_DOWN, *_FIRST.SQLITE_UP,
                             "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"],
                  "postgresql": [*schema.POSTGRES_DOWN, *_FIRST.POSTGRES_UP]}),
        ),
    ]
