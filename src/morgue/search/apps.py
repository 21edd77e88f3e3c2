from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "morgue.search"
    label = "search"
    verbose_name = "Search"
