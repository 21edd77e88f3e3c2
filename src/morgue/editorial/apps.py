"""Readers' error reports and the editors' desk: review, approve, reject, on the record."""
from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "morgue.editorial"
    label = "editorial"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        # A reader's reports are part of what we hold about them (export, deletion).
        from morgue.accounts.personal_data import register

        from .personal import reports_of

        register(reports_of)
