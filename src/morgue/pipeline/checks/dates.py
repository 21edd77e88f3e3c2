"""``date-out-of-range``: a publication date that cannot be the real one.

- a placeholder: the Unix epoch (1970-01-01, or 1969-12-31 shown west of Greenwich) and
  the other "zero" dates databases and spreadsheets write for "no date";
- before the paper existed (``CheckOptions.founded``), or after ``latest`` / today;
- the capture date standing in: the date equals the day the page was captured, and it
  came from no date printed for the story (a masthead "today" line, an import stamp);
- the legacy URL says another day (``/2010/01/15/``) and, again, the date came from no
  printed evidence: the CMS or the crawler stamped its own day on the story.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..records import CheckItem, Finding

from .base import CheckOptions

__all__ = ["check_date_range", "date_problem", "PLACEHOLDER_DATES", "STRONG_DATE_SOURCES"]

PLACEHOLDER_DATES = {
    dt.date(1970, 1, 1): "the Unix epoch (a date stored as zero)",
    dt.date(1969, 12, 31): "the Unix epoch, shown in a time zone west of Greenwich",
    dt.date(1900, 1, 1): "a common “no date” placeholder (1900-01-01)",
    dt.date(1899, 12, 30): "the spreadsheet epoch (a date stored as zero)",
    dt.date(1899, 12, 31): "the spreadsheet epoch (a date stored as zero)",
    dt.date(1904, 1, 1): "the classic Mac epoch (a date stored as zero)",
    dt.date(1753, 1, 1): "SQL Server's smallest date (a “no date” placeholder)",
    dt.date(1, 1, 1): "the smallest date a program can store (a “no date” placeholder)",
}

#: ``Article.field_sources["published"]`` values that mean the page printed this date for
#: the story itself. htmldate and exports are not among them: htmldate also reads a
#: masthead's "today" line, and CMS imports stamp their own day.
STRONG_DATE_SOURCES = ("meta:", "date line", "byline line", "json-ld", "time element")

#: A date may be this many days after ``latest`` (time zones, a late-night crawl).
FUTURE_GRACE_DAYS = 1
#: The capture day "equals" the publication day within this many days (time zones).
CAPTURE_SAME_DAYS = 1
#: A URL date and the publication date may differ by this many days (a story filed
#: before midnight and published the next morning).
URL_GRACE_DAYS = 2

_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)")


def check_date_range(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    published = item.article.published
    if published is None:
        return
    reason = date_problem(item, options)
    if reason is None:
        return
    source = item.article.field_sources.get("published", "unknown source")
    yield Finding(key=item.key, check="date-out-of-range", severity="warning", field="published",
                  evidence=f"{published.isoformat()} (from {source})",
                  message=f"publication date {published.isoformat()} is {reason}")


def date_problem(item: CheckItem, options: CheckOptions) -> str | None:
    """Why the article's publication date cannot be right, or None (also None undated)."""
    published = item.article.published
    if published is None:
        return None
    if published in PLACEHOLDER_DATES:
        return PLACEHOLDER_DATES[published]
    if options.founded is not None and published.year < options.founded:
        return f"before the paper was founded ({options.founded})"
    latest = options.latest_date()
    if published > latest + dt.timedelta(days=FUTURE_GRACE_DAYS):
        return f"in the future (after {latest.isoformat()})"
    source = item.article.field_sources.get("published", "")
    if source.startswith(STRONG_DATE_SOURCES):
        return None
    if item.captured_at is not None:
        captured = item.captured_at.date()
        if abs((captured - published).days) <= CAPTURE_SAME_DAYS:
            return (f"the day the page was captured ({captured.isoformat()}), and no date printed "
                    "for the story supports it: the capture date standing in")
    url_date = _url_date(item)
    if url_date is not None and abs((published - url_date).days) > URL_GRACE_DAYS:
        return (f"not the date in the story's own URL ({url_date.isoformat()}), and no date printed "
                "for the story supports it: probably an import or capture stamp")
    return None


def _url_date(item: CheckItem) -> dt.date | None:
    for url in (item.article.legacy_url, *item.legacy_urls):
        if not url:
            continue
        match = _URL_DATE.search(url)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None
