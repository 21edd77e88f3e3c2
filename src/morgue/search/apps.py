"""Full-text search behind one small interface, with SQLite FTS5 and PostgreSQL backends."""
from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "morgue.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # A correction changes the published text: index the article again once it is
        # committed (the corrections log sends its signal on commit).
        try:
            from morgue.archive.corrections import correction_recorded
        except ImportError:  # pragma: no cover - a build without the corrections log
            return
        correction_recorded.connect(_corrected, dispatch_uid="search-reindex-on-correction")


def _corrected(sender, correction, **kwargs) -> None:
    from .indexing import reindex

    reindex([correction.article_id])
