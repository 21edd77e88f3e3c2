"""The public archive site: article pages, browsing, search, redirects, feeds, sitemaps."""
from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "morgue.site"
    label = "morgue_site"  # "site" would clash with django.contrib.sites
    verbose_name = "Public site"

    def ready(self) -> None:
        from morgue.search.indexing import reindexed

        from .redirects import on_reindexed

        # Whatever the index was rebuilt for, the legacy-URL claims follow.
        reindexed.connect(on_reindexed, dispatch_uid="site-legacy-paths")
