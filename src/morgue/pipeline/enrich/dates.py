"""A date for an undated article, inferred from evidence, never taken as its date.

Evidence, strongest first:

- **url**: the legacy URL names a year and month (``/2008/03/``, ``2008-03-14``);
- **events**: the text names an event of known date with how long ago it was
  ("Kosovo's declaration of independence last month": February 2008 + 1 month); the
  events are a small table (:data:`EVENTS`), extended as an archive needs;
- **neighbours**: dated stories next to it in the same crawl or dump (the caller passes
  their dates) agree on a month.

The capture time is an upper bound: a reading after it is dropped. The result is
"about March 2008" on the site, marked inferred everywhere, and never goes into the
article's ``published`` field (so ``date-out-of-range`` never judges it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .records import DateEvidence, InferredDate

__all__ = ["EVENTS", "infer_date"]

#: (pattern, the event's date, name). Datable events the press names again and again.
EVENTS: list[tuple[re.Pattern[str], dt.date, str]] = [
    (re.compile(r"Kosovo[’']s (?:unilateral )?declaration of independence", re.I),
     dt.date(2008, 2, 17), "Kosovo's declaration of independence (17 February 2008)"),
    (re.compile(r"\bSeptember 11(?:th)? attacks|\b9/11 attacks", re.I),
     dt.date(2001, 9, 11), "the September 11 attacks (2001)"),
    (re.compile(r"\bHurricane Katrina\b"), dt.date(2005, 8, 29), "Hurricane Katrina (August 2005)"),
    (re.compile(r"collapse of Lehman Brothers|Lehman Brothers(?:’|')? (?:collapse|bankruptcy)", re.I),
     dt.date(2008, 9, 15), "the collapse of Lehman Brothers (September 2008)"),
]
#: How long ago an event was, as the text says it right after naming it.
_AGO = {"last month": 1, "last week": 0, "this month": 0, "last year": 12, "earlier this month": 0}
#: Characters after an event's name searched for how long ago it was.
AGO_WINDOW = 40
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])(?:[/_-]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
#: Neighbours agree when at least this share of them falls in one month.
NEIGHBOUR_AGREEMENT = 0.6
MIN_NEIGHBOURS = 3


def infer_date(text: str, legacy_url: str = "", captured_at: dt.datetime | None = None,
               neighbours: list[dt.date] | None = None) -> InferredDate | None:
    """The likely month of an undated article, with every piece of evidence found."""
    evidence = [*_from_url(legacy_url), *_from_events(text), *_from_neighbours(neighbours or [])]
    if captured_at is not None:
        evidence = [e for e in evidence if e.date <= captured_at.date()]
    if not evidence:
        return None
    best = evidence[0]  # strongest first
    agreeing = [e for e in evidence if (e.date.year, e.date.month) == (best.date.year, best.date.month)]
    return InferredDate(best.date.replace(day=1), "month", agreeing)


def _from_url(url: str) -> list[DateEvidence]:
    match = _URL_DATE.search(url or "")
    if not match:
        return []
    day = dt.date(int(match.group(1)), int(match.group(2)), 1)
    return [DateEvidence("url", f"the address names {match.group(0)}", day)]


def _from_events(text: str) -> list[DateEvidence]:
    found = []
    for pattern, when, name in EVENTS:
        for match in pattern.finditer(text):
            after = text[match.end():match.end() + AGO_WINDOW].casefold()
            ago = next((months for words, months in _AGO.items() if words in after), None)
            if ago is None:
                continue
            month = when.month - 1 + ago
            day = dt.date(when.year + month // 12, month % 12 + 1, 1)
            said = next(w for w in _AGO if w in after)
            found.append(DateEvidence("events", f"names {name} as “{said}”", day))
            break
    return found


def _from_neighbours(dates: list[dt.date]) -> list[DateEvidence]:
    if len(dates) < MIN_NEIGHBOURS:
        return []
    (year, month), n = Counter((d.year, d.month) for d in dates).most_common(1)[0]
    if n < NEIGHBOUR_AGREEMENT * len(dates):
        return []
    return [DateEvidence("neighbours", f"{n} of {len(dates)} dated stories beside it in the "
                         f"same source are of {dt.date(year, month, 1):%B %Y}",
                         dt.date(year, month, 1))]
