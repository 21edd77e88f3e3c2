"""The legacy-URL map: which old-site addresses showed which article.

Rows are derived (rebuilt by :func:`morgue.site.redirects.refresh` after every reindex)
and say only who *claims* an address; which article an address redirects to is decided
when it is asked (:func:`morgue.site.redirects.resolve`), so holding or releasing an
article changes where its old URLs go without rebuilding anything.
"""

from __future__ import annotations

from django.db import models


class LegacyPath(models.Model):
    """One old-site address of an article: its capture's, a copy's, or one of its pages."""

    #: path and query, without scheme and host; the path percent-decoded
    path = models.TextField()
    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE,
                                related_name="legacy_paths")
    #: the address as the legacy material gave it
    legacy_url = models.TextField()
    #: lower wins when several articles claim one path: 0 a crawled page (mirror, WARC),
    #: 1 an export's URL or the URL the page named as its own
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "article"],
                                               name="legacy_path_once_per_article")]
        indexes = [models.Index(fields=["path", "rank"], name="legacy_path_lookup")]

    def __str__(self) -> str:
        return f"{self.path} → article {self.article_id}"
