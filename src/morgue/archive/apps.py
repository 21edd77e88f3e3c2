from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "morgue.archive"
    label = "archive"
    verbose_name = "Archive"

    def ready(self) -> None:
        from .guards import install_append_only_guard

        post_migrate.connect(install_append_only_guard, sender=self,
                             dispatch_uid="archive-append-only-guard")
