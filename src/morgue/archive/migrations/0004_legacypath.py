"""The legacy-URL map moves from the site app into the archive, which owns it.

Only Django's state changes here; the table is renamed by morgue_site's 0003, which runs
after this one, so the rows (derived, but costly to rebuild) are kept.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0003_article_pages'),
        ('morgue_site', '0002_site_and_flat_pages'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LegacyPath',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('path', models.TextField()),
                        ('legacy_url', models.TextField()),
                        ('rank', models.PositiveSmallIntegerField(default=0)),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='legacy_paths', to='archive.article')),
                    ],
                    options={
                        'indexes': [models.Index(fields=['path', 'rank'], name='legacy_path_lookup')],
                        'constraints': [models.UniqueConstraint(fields=('path', 'article'), name='legacy_path_once_per_article')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
