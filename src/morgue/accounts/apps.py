from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "morgue.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        post_migrate.connect(_sync_groups, dispatch_uid="morgue.accounts.sync_groups")


def _sync_groups(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    """After `migrate`, give the role groups the permissions of models added since.

    post_migrate is sent once per app, each after its permissions are created: act on
    the last app's, when every permission exists.
    """
    from django.apps import apps

    if sender is list(apps.get_app_configs())[-1]:
        from .roles import sync_groups

        sync_groups()
