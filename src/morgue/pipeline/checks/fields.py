"""``missing-headline``, ``missing-date``, ``missing-byline``: fields the move lost.

A date counts as missing too when it was only guessed (htmldate) and the page prints it
nowhere: the story's own date was lost and a neighbour's was picked up instead.

Headline and date are expected on every story; a story without a headline is held until
an editor gives it one (pages that are not stories at all, such
as error pages, are left to ``not-an-article``). Bylines are not: wire copy, editorials
and letters go unsigned, so a missing byline is only news where the archive (or the
story's section) normally signs its stories; an archive too small to tell is held to
the normal rule (the founding example, alone, is flagged).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .notarticle import not_article_reason

__all__ = ["check_missing_headline", "check_missing_date", "check_missing_byline"]

#: ``field_sources["published"]`` values meaning the date was guessed, not read.
GUESSED_DATE_SOURCES = ("htmldate", "guess")
#: "20 March 2009", "2019년 11월 20일", "22 de outubro de 2010": day and year at most this
#: many characters apart.
NEAR_CHARS = 25

#: Below this many stories the archive is too small to learn its byline habits from.
BYLINE_MIN_STORIES = 20
#: A missing byline is flagged when at least this share of the archive's stories (and,
#: for sections with BYLINE_MIN_STORIES or more, of the section's) carry one.
BYLINE_MIN_SHARE = 0.5


def check_missing_headline(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    if not (item.article.headline or "").strip() and not_article_reason(item) is None:
        # Held, not published: a story page with no headline is not one a reader can
        # find or cite. An editor's headline (a correction) releases it.
        yield Finding(key=item.key, check="missing-headline", severity="warning",
                      field="headline", blocking=True,
                      message="the article has no headline; held until an editor gives it one")


def check_missing_date(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    article = item.article
    if not_article_reason(item) is not None:
        return  # an error page or a wall has no date to lose; not-an-article says what it is
    if article.published is not None:
        yield from _unsupported_guess(item)
        return
    why = [w for w in article.warnings if "date" in w.casefold()]
    yield Finding(
        key=item.key, check="missing-date", severity="warning", field="published",
        evidence="; ".join(why),
        message="the article has no publication date" + (f" ({why[0]})" if why else ""))


def check_missing_byline(items: Items, options: CheckOptions) -> Iterator[Finding]:
    total = signed = 0
    sections: dict[str, list[int]] = {}
    for item in items():
        article = item.article
        if not article.paragraphs or not_article_reason(item) is not None:
            continue
        has = 1 if article.bylines else 0
        total += 1
        signed += has
        counts = sections.setdefault((article.section or "").casefold(), [0, 0])
        counts[0] += 1
        counts[1] += has
    small = total < BYLINE_MIN_STORIES
    if not small and signed < BYLINE_MIN_SHARE * total:
        return  # an archive that mostly does not sign its stories
    for item in items():
        article = item.article
        if article.bylines or not article.paragraphs or not_article_reason(item) is not None:
            continue
        n, s = sections.get((article.section or "").casefold(), [0, 0])
        if n >= BYLINE_MIN_STORIES and s < BYLINE_MIN_SHARE * n:
            continue  # a section that goes unsigned (editorials, letters, briefs)
        share = "" if small else f"; {signed / total:.0%} of the archive's stories have one"
        yield Finding(key=item.key, check="missing-byline", severity="info", field="bylines",
                      message=f"the article has no byline{share}")


def _unsupported_guess(item: CheckItem) -> Iterator[Finding]:
    """A date only *guessed* (htmldate) that the page prints nowhere: the real one is missing.

    htmldate also reads dates out of links and scripts, so a story whose own date was
    lost can come out dated like the next story in its related-links box.
    """
    article = item.article
    source = article.field_sources.get("published", "")
    published = article.published
    if published is None or not any(cue in source for cue in GUESSED_DATE_SOURCES):
        return
    if item.capture_text is None or date_in_text(published, item.capture_text):
        return
    urls = [u for u in (article.legacy_url, *item.legacy_urls) if u]
    if any(date_in_text(published, url) for url in urls):
        return
    yield Finding(
        key=item.key, check="missing-date", severity="warning", field="published",
        evidence=f"{published.isoformat()} (from {source})",
        message=(f"the page prints no publication date; {published.isoformat()} was guessed "
                 f"({source}) from something else on the page, such as a link to another story"))


def date_in_text(date: dt.date, text: str) -> bool:
    """Whether ``text`` shows ``date`` in a usual way: ISO, numeric, English month names,
    or (any language) its day number within a few words of its year."""
    y, m, d = date.year, date.month, date.day
    month = date.strftime("%B")
    forms = (
        f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}{m:02d}{d:02d}", f"{y}/{m}/{d}",
        f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{d}.{m}.{y}", f"{d:02d}.{m:02d}.{y}",
        f"{d}/{m}/{y}", f"{d:02d}/{m:02d}/{y}", f"{m}/{d}/{y % 100:02d}",
    )
    if any(form in text for form in forms):
        return True
    near = re.compile(
        rf"(?<!\d)0?{d}(?:st|nd|rd|th)?(?!\d)\D{{0,{NEAR_CHARS}}}(?<!\d){y}(?!\d)|"
        rf"(?<!\d){y}(?!\d)\D{{0,{NEAR_CHARS}}}(?<!\d)0?{d}(?!\d)|"
        rf"\b(?:{month}|{month[:3]})\.?\s+0?{d}\b", re.I)
    return bool(near.search(text))
