"""Full-text search behind one small interface, with SQLite FTS5 and PostgreSQL backends."""
from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "morgue.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from morgue.archive.checking import publication_changed
        from morgue.archive.corrections import correction_recorded
        from morgue.archive.redirects import on_reindexed

        from .indexing import reindexed

        # Corrections change the published text: index their articles again once they are
        # committed (the corrections log signals once per committed transaction).
        correction_recorded.connect(_corrected, dispatch_uid="search-reindex-on-correction")
        # A check run held articles back (not an article, a copy of another) or published
        # them again: take them out of the index or put them back (sent on commit).
        publication_changed.connect(_publication_changed,
                                    dispatch_uid="search-reindex-on-publication-change")
        # The archive's legacy-URL claims are rebuilt with the index, in its transaction,
        # for whatever it was rebuilt for.
        reindexed.connect(on_reindexed, dispatch_uid="archive-legacy-paths")


def _corrected(sender, corrections, **kwargs) -> None:
    from .indexing import reindex

    reindex(sorted({c.article_id for c in corrections}))


def _publication_changed(sender, held=(), released=(), **kwargs) -> None:
    from .indexing import reindex

    changed = [*held, *released]
    if changed:
        reindex(changed)
