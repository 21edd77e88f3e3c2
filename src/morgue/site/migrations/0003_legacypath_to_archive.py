"""The legacy-URL map belongs to the archive now (archive 0004 takes over the model):
the table is renamed to the archive's name and the model leaves this app."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('morgue_site', '0002_site_and_flat_pages'),
        ('archive', '0004_legacypath'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='LegacyPath')],
            database_operations=[
                migrations.AlterModelTable(name='LegacyPath', table='archive_legacypath'),
            ],
        ),
    ]
