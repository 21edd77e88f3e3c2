"""The public archive site: article pages, browsing, search, redirects, feeds, sitemaps."""
from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "morgue.site"
    label = "morgue_site"  # "site" would clash with django.contrib.sites
    verbose_name = "Public site"
