"""The dateline at the start of a story: "UNITED NATIONS — Russia is…" → "UNITED NATIONS".

Used by every extractor on the first body paragraph. Only an ALL-CAPS place (optionally
followed by ", Ill." / ", March 7" and an agency in brackets) before a dash counts, so
ordinary first sentences are left alone.
"""

from __future__ import annotations

import re

__all__ = ["split_dateline"]

#: The whole dateline is at most this long ("SPRINGFIELD, Ill., March 7, 2008 (AP)" is
#: 38); a longer all-caps run before a dash is a shouted sentence, not a place.
DATELINE_MAX_CHARS = 60

#: All-caps labels that precede a dash but are not places.
NOT_PLACES = frozenset(
    {
        "EDITOR'S NOTE", "EDITOR’S NOTE", "EDITORS NOTE", "NOTE", "UPDATE", "UPDATED",
        "BREAKING", "BREAKING NEWS", "CORRECTION", "CLARIFICATION", "ADVERTISEMENT",
        "ANALYSIS", "OPINION", "COMMENTARY", "REVIEW", "EXCLUSIVE", "WATCH", "VIDEO",
        "PHOTOS", "LIVE", "FILE", "FACT CHECK", "FIRST PERSON", "OBITUARY", "LETTERS",
    }
)

_PLACE = r"[A-Z][A-Z.'’\-]*(?:[ ][A-Z][A-Z.'’\-]*)*"
# ", Ill." / ", N.Y." / ", March 7" / ", Sept. 12" / ", 2008": up to two of them (wire copy
# sometimes has the month in lower case: "NEW HAVEN, Conn., april 7")
_MONTHS = r"(?:jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.?"
_QUALIFIER = (r"(?:,[ ]+(?:[A-Z0-9][A-Za-z0-9.]*|" + _MONTHS + r")(?:[ ][A-Z0-9][A-Za-z0-9.]*){0,3}){0,2}")
_AGENCY = r"(?:[ ]*\([A-Za-z][A-Za-z .&\-]{0,30}\))?"
# em/en dash with or without spaces, "--", or a hyphen with spaces on both sides
_SEPARATOR = r"(?:[ ]*[—–][ ]*|[ ]*--[ ]*|[ ]+-[ ]+)"
# wire copy without the comma: "JOHANNESBURG MARCH 13 -" (the day only after a month)
_BARE_DAY = r"(?:[ ](?P<day>\d{1,2}))?"
_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>{_PLACE}){_BARE_DAY}{_QUALIFIER}{_AGENCY}){_SEPARATOR}(?P<rest>\S.*)$", re.S
)
_CAPS_MONTHS = frozenset("JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUNE JUN JULY JUL AUG AUGUST "
                         "SEPT SEP SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER".split())


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """(dateline, rest of paragraph), or (None, paragraph) if it does not start with one.

    >>> split_dateline("WASHINGTON (AP) -- The Senate voted…")
    ('WASHINGTON (AP)', 'The Senate voted…')
    """
    text = paragraph.lstrip()
    match = _DATELINE.match(text)
    if match is None:
        return None, paragraph
    dateline = match.group("dateline").strip()
    place = match.group("place").strip()
    letters = sum(1 for c in place if c.isalpha())
    if letters < 2 or len(dateline) > DATELINE_MAX_CHARS or place in NOT_PLACES:
        return None, paragraph
    if match.group("day") and place.split()[-1].rstrip(".") not in _CAPS_MONTHS:
        return None, paragraph
    return dateline, match.group("rest")
