"""The three role groups, reader, editor and admin, with their permissions.

Permissions are made here first (Django makes them only after every migration has run),
then handed out by the rules in :data:`morgue.accounts.roles.ROLE_PERMISSIONS`. Models
added later get theirs after each `migrate` (``AccountsConfig.ready``).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from morgue.accounts.roles import ROLES, sync_groups


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("archive", "0003_article_pages"),
        ("flatpages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
    ]
