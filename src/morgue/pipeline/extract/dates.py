"""Publication dates as printed ("March 7, 2008", "2008-03-07T10:00:00Z") → ``date``.

The date is the calendar date as written, not converted to UTC: "2008-03-07T23:30-05:00"
is March 7, the day the paper printed. Ambiguous numeric dates ("03/07/2008") are not
guessed: :func:`parse_date` returns a reason instead, and the caller records it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

__all__ = ["parse_date", "is_date_line", "DATE_LINE_MAX_WORDS"]

#: A line that is only a date ("Friday, March 7, 2008 10:42 a.m. EST") has at most this
#: many words; longer lines that contain a date are sentences.
DATE_LINE_MAX_WORDS = 10

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_TIME_TAIL = r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d{2})+.*|\s+\d{1,2}\s*[ap]\.?m\.?.*)?"
_PREFIX = re.compile(
    r"^(?:published|updated|posted|last updated|first published|date)(?:\s+on)?\s*:?\s*", re.I
)

_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$",
    re.I,
)
_MONTH_FIRST = re.compile(
    rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}}){_TIME_TAIL}$", re.I
)
_DAY_FIRST = re.compile(
    rf"^{_WEEKDAY}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}}){_TIME_TAIL}$",
    re.I,
)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})(?:\s+\d{1,2}:\d{2}.*)?$")
_RFC2822 = re.compile(r"^(?:\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d{2}:\d{2}")


def parse_date(raw: str) -> tuple[dt.date | None, str | None]:
    """(date, None) when ``raw`` reads as a date, else (None, why not)."""
    text = _PREFIX.sub("", " ".join(raw.split())).strip()
    if not text:
        return None, "empty date"

    if match := _ISO.match(text):
        return _make(int(match["year"]), int(match["month"]), int(match["day"]), raw)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if match := pattern.match(text):
            return _make(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]), raw)
    if _RFC2822.match(text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None, f"{raw!r} is not a date"
        return parsed.date(), None
    if match := _NUMERIC.match(text):
        a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
        if a > 12:
            return _make(year, b, a, raw)
        if b > 12 or a == b:
            return _make(year, a, b, raw)
        return None, f"{raw!r} is ambiguous (month/day or day/month); not guessed"
    return None, f"{raw!r} is not a date"


def is_date_line(text: str) -> bool:
    """The whole line is a date, e.g. "Friday, March 7, 2008"."""
    if len(text.split()) > DATE_LINE_MAX_WORDS:
        return False
    return parse_date(text)[0] is not None


def _make(year: int, month: int, day: int, raw: str) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{raw!r} is not a real date"
