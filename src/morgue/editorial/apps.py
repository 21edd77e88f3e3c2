from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "morgue.editorial"
    label = "editorial"
    verbose_name = "Editorial desk"
