"""Joins two migrations written side by side (releases and ingest partitions)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_release"),
        ("archive", "0008_ingest_partition"),
    ]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
