"""A story's new URL follows its published headline and date.

URLs are made of the date and the headline (:func:`morgue.pipeline.extract.article_path`).
When a correction changes either, the story moves to the URL its corrected text makes,
and the URL it leaves becomes a :class:`~morgue.archive.models.FormerUrl`: part of the
legacy-URL map, answering one 301 to the new URL. Moving back (a revert) takes the
former URL back: a revert, the very URL the reverted correction left.
"""

from __future__ import annotations

from morgue.pipeline.extract import article_path

from .corrections import PublishedArticle
from .models import Article, Correction, FormerUrl

__all__ = ["URL_FIELDS", "follow", "unique_url"]

#: Fields a story's URL is made of.
URL_FIELDS = frozenset({"headline", "published"})


def unique_url(url: str, sha256: str, article_id: int | None = None) -> str:
    """``url``, or with the capture's hash appended when another story has or had it
    (the same rule ingest uses for two stories of one day and headline)."""
    others, formers = Article.objects.filter(url=url), FormerUrl.objects.filter(url=url)
    if article_id is not None:
        others, formers = others.exclude(pk=article_id), formers.exclude(article_id=article_id)
    taken = others.exists() or formers.exists()
    return url.rstrip("/") + f"-{sha256[:8]}/" if taken else url


def follow(article: Article, text: PublishedArticle, entry: Correction) -> str | None:
    """Move ``article`` (a story's first page) to the URL ``text`` makes after ``entry``;
    returns the new URL, or None when it stays."""
    if article.part_of_id or entry.field not in URL_FIELDS:
        return None
    # A revert goes back to the URL the reverted correction left, if it moved the story.
    left = FormerUrl.objects.filter(article=article, correction_id=entry.reverts_id).first(
        ) if entry.reverts_id else None
    wanted = left.url if left is not None else article_path(text)
    if wanted == article.url:
        return None
    new = unique_url(wanted, article.capture.sha256, article.pk)
    if new == article.url:
        return None
    FormerUrl.objects.filter(article=article, url=new).delete()
    FormerUrl.objects.create(article=article, url=article.url, correction=entry)
    slug = new.rstrip("/").rsplit("/", 1)[-1]
    Article.objects.filter(pk=article.pk).update(url=new, slug=slug)
    article.url, article.slug = new, slug
    return new
