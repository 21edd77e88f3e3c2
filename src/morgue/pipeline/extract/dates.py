"""Publication dates as printed ("March 7, 2008", "2008-03-07T10:00:00Z") → ``date``.

The date is the local calendar date as written, not converted to UTC:
"2008-03-07T23:30-05:00" is March 7, the day the paper printed. A timestamp given in UTC
("2023-11-09T03:28:35Z") may name the next or the previous day from the paper's own:
:func:`is_utc_timestamp` tells the caller, which weighs it against the URL and the printed
date line. Ambiguous numeric dates ("03/07/2008") are not guessed: :func:`parse_date`
returns a reason instead, and the caller records it; dotted ones ("07.03.2008") are day
first wherever they are written. :func:`month_from_url` reads a partial date
("/2006/10/slug.html": October 2006).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

__all__ = [
    "parse_date",
    "is_date_line",
    "search_date",
    "date_from_url",
    "is_update_label",
    "publication_date_in",
    "numeric_date",
    "numeric_orders",
    "is_utc_timestamp",
    "month_from_url",
    "DATE_LINE_MAX_WORDS",
]

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
#: Month names of the other languages archives are commonly in (German, French, Spanish,
#: Italian, Dutch, Portuguese): a printed "20. September 2020" or "3 de marzo de 2019".
_OTHER_MONTHS = (
    "januar jänner janvier enero gennaio januari janeiro",
    "februar février fevrier febrero febbraio februari fevereiro",
    "märz maerz mars marzo maart março marco",
    "avril abril aprile",
    "mai mayo maggio mei maio",
    "juni juin junio giugno junho",
    "juli juillet julio luglio julho",
    "août aout agosto augustus",
    "septembre septiembre settembre setembro",
    "oktober octobre octubre ottobre outubro",
    "novembre noviembre novembro",
    "dezember décembre decembre diciembre dicembre dezembro",
)
for _number, _spellings in enumerate(_OTHER_MONTHS, start=1):
    for _name in _spellings.split():
        _MONTHS.setdefault(_name, _number)

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th|\.)?"
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
    rf"^{_WEEKDAY}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:(?:of|de)\s+)?{_MONTH},?\s+(?:de\s+)?(?P<year>\d{{4}}){_TIME_TAIL}$",
    re.I,
)
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?:,?\s+\d{1,2}:\d{2}.*)?$")
#: "20180619T055000+0900": the compact (basic) ISO 8601 form some JSON-LD uses.
_COMPACT_ISO = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})T\d{4,6}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$",
                          re.I)
#: A timestamp with a time of day given in UTC (or with no offset at all).
_UTC_TIMESTAMP = re.compile(
    r"^\d{4}-?\d{2}-?\d{2}[T ]\d{2}:?\d{2}(?::?\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]00:?00)?$", re.I)
_RFC2822 = re.compile(r"^(?:\w{3},\s*)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d{2}:\d{2}")


def parse_date(raw: str) -> tuple[dt.date | None, str | None]:
    """(date, None) when ``raw`` reads as a date, else (None, why not)."""
    text = _PREFIX.sub("", " ".join(raw.split())).strip()
    if not text:
        return None, "empty date"

    if (match := _ISO.match(text)) or (match := _COMPACT_ISO.match(text)):
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
        if a > 12 or match["sep"] == ".":  # "07.03.2008": day first wherever dots are used
            return _make(year, b, a, raw)
        if b > 12 or a == b:
            return _make(year, a, b, raw)
        return None, f"{raw!r} is ambiguous (month/day or day/month); not guessed"
    return None, f"{raw!r} is not a date"


def is_utc_timestamp(raw: str) -> bool:
    """A date with a time of day in UTC (or no offset): its day may not be the local one."""
    return bool(_UTC_TIMESTAMP.match(" ".join(raw.split())))


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


#: Dates in URLs are only believed within these years: "/1000/" or "/2099/" in a path are
#: ids, not dates. Newspapers went online in the mid-1990s; archives reach back further.
URL_YEARS = (1900, 2099)

_SEARCH = re.compile(
    rf"\b(?:{_WEEKDAY})(?:{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}}){_ORDINAL}\s+(?:(?:of|de)\s+)?(?P<month2>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(?:de\s+)?(?P<year2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?<![\d/.])(?P<na>\d{1,2})(?P<nsep>[/.])(?P<nb>\d{1,2})(?P=nsep)(?P<ny>\d{4}))(?![0-9])",
    re.I,
)
_UPDATE_LABEL = re.compile(
    r"\b(?:updated|last\s+updated|modified|last\s+modified|revised|corrected|"
    r"printed|retrieved|accessed|captured|archived|aktualisiert|geändert|mis\s+à\s+jour|actualizado|"
    r"aggiornato|bijgewerkt|atualizado)\b\s*(?:on|at|am)?\s*:?",
    re.I,
)
_PUBLISHED_LABEL = re.compile(r"\b(?:first\s+)?(?:published|posted|printed\s+in\s+print|veröffentlicht|"
                              r"erschienen|publié|publicado|pubblicato|gepubliceerd)\b\s*(?:on|am|le|el|il)?\s*:?",
                              re.I)
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/(?!\d{1,2}(?:/|$))")
_URL_DATE = re.compile(
    r"(?<![0-9])(?P<year>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<month>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?![0-9])"
)


def search_date(text: str) -> tuple[dt.date | None, str]:
    """The first date written inside ``text`` and the words that gave it, or (None, "").

    "By Jane Doe, March 7, 2008, 10:42 a.m." → March 7, 2008. Only unambiguous forms:
    month names and ISO dates, never "03/07/2008".
    """
    for match in _SEARCH.finditer(text):
        if match["iso"]:
            date, _ = parse_date(match["iso"])
        elif match["na"]:
            date, _ = parse_date(match.group(0))  # dotted: day first; slashed: only if unambiguous
        elif match["year"]:
            date, _ = _make(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]), text)
        else:
            date, _ = _make(int(match["year2"]), _MONTHS[match["month2"].lower()], int(match["day2"]), text)
        if date is not None:
            return date, match.group(0)
    return None, ""


def is_update_label(text: str) -> bool:
    """The text labels a date that is not the publication date ("Updated: …")."""
    return bool(_UPDATE_LABEL.search(text))


def publication_date_in(text: str) -> dt.date | None:
    """The date a line gives as the publication date: "Posted: Mar. 3, 1987 | Updated:
    Mar. 4, 1987" → March 3; a line that only says "Updated …" gives none."""
    published = _PUBLISHED_LABEL.search(text)
    if published is not None:  # "Updated: March 9 | Published: March 7"
        text = text[published.end():]
    label = _UPDATE_LABEL.search(text)
    if label is not None:
        text = text[: label.start()]
    return search_date(text)[0]


#: Two-digit years ("3/3/87") below this are 20xx, the rest 19xx: old archives reach
#: back further than they reach forward.
TWO_DIGIT_PIVOT = 30
#: Orders a numeric date may be written in; a site profile learns which one a template uses.
ORDERS = ("month first", "day first")
_NUMERIC_IN_TEXT = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])")


def numeric_date(text: str, order: str) -> dt.date | None:
    """The first numeric date in ``text`` ("3/3/87", "07.03.2008") read in ``order``."""
    for match in _NUMERIC_IN_TEXT.finditer(text):
        a, b, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000 if year < TWO_DIGIT_PIVOT else 1900
        month, day = (a, b) if order == ORDERS[0] else (b, a)
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def numeric_orders(text: str, date: dt.date) -> list[str]:
    """The orders in which ``text`` holds ``date`` as a numeric date."""
    return [order for order in ORDERS if numeric_date(text, order) == date]


def date_from_url(url: str | None) -> dt.date | None:
    """"/2003/03/07/local/…", "/20030307/", "2003-03-07-slug" → the date; else None."""
    if not url:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    for match in _URL_DATE.finditer(path):
        year = int(match["year"])
        if not URL_YEARS[0] <= year <= URL_YEARS[1]:
            continue
        try:
            return dt.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            continue
    return None


def month_from_url(url: str | None) -> dt.date | None:
    """"/2006/10/slug.html" → October 1, 2006, for a date known only to the month (the
    caller records it as such); None when the URL names no month or names the day."""
    if not url or date_from_url(url) is not None:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "/" in path else ""
    match = _URL_MONTH.search(path)
    if match is None:
        return None
    return dt.date(int(match["year"]), int(match["month"]), 1)
