from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "morgue.api"
    label = "api"
    verbose_name = "API"
