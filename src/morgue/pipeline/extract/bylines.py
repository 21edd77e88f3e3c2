"""Bylines: "By JOHN SMITH and JANE DOE, Staff Writers" → ["John Smith", "Jane Doe"].

Names only: "By", roles ("Staff Reporter of the Ledger", "Associated Press Writer"),
"E-mail the author", e-mail addresses and dates printed on the byline line are dropped;
several authors are split; a wire service credited on its own ("By The Associated
Press", "Reuters", "Ledger Wire Services") is kept as the byline; names set in capitals
are restored to normal case (:mod:`.names`).
"""

from __future__ import annotations

import re

from .lineshape import normalize_space
from .names import is_shouted, restore_case

__all__ = [
    "split_bylines",
    "split_outlet",
    "is_outlet",
    "byline_from_line",
    "clean_byline",
    "is_role_line",
    "is_wire_service",
    "BYLINE_MAX_WORDS",
]

#: A byline line ("By John Smith and Jane Doe, Staff Reporters") is at most this long.
BYLINE_MAX_WORDS = 14

#: Words that make a piece of a byline a role rather than a name, so
#: "John Smith, Staff Writer" gives "John Smith".
ROLE_WORDS = frozenset(
    "staff writer writers reporter reporters correspondent correspondents editor editors "
    "bureau chief contributor contributing columnist special photographer photographers "
    "intern senior associate national foreign political business sports science "
    "investigative managing executive critic".split()
)

#: A role line: "Staff Reporter of the Ledger", "Ledger Staff Writer", "Special to the Sun".
_ROLE_LINE = re.compile(
    r"^(?:(?:the\s+)?[\w.'’ -]{0,40}\s)?(?:staff|special|senior|chief|contributing|associate|"
    r"national|foreign|investigative|political|business|sports|science)?\s*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|critic|photographer|"
    r"intern|staff)s?\b(?:\s+(?:of|for|at|to)\s+[\w.'’ -]{1,60})?$"
    r"|^special\s+to\s+[\w.'’ -]{1,60}$",
    re.I,
)

#: News agencies and wire services: kept as a byline of their own.
_WIRE = re.compile(
    r"^(?:the\s+)?(?:associated\s+press|ap|reuters|afp|agence\s+france[- ]presse|upi|united\s+press"
    r"(?:\s+international)?|bloomberg(?:\s+news)?|dow\s+jones(?:\s+newswires)?|dpa|press\s+association|"
    r"pa|canadian\s+press|cnn\s+wire|[\w.'’ -]{0,40}\b(?:wire|news)\s+services?|"
    r"[\w.'’ -]{0,40}\bnews\s+service)$",
    re.I,
)

#: Things on a byline line that are not names: contact prompts and addresses.
_CONTACT = re.compile(
    r"\b(?:e-?mail|contact|follow)\s+(?:the\s+)?(?:author|writer|reporter|me|him|her|us)\b.*$"
    r"|\S+@\S+|\bhttps?://\S+|@\w+",
    re.I,
)
#: Words that may stay lower-case inside a name ("Ludwig van Beethoven").
_NAME_PARTICLES = frozenset("de del der di du da la le van von y bin al st.".split())

#: "By" in the languages archives are commonly in (von, par, por, di, door, av, af).
_BY_WORDS = r"by|von|par|por|di|door|av|af|de"
_BY = re.compile(r"^\s*(?i:" + _BY_WORDS + r"|from|(?:written|story|reporting|words|text)\s+by|texte?\s+de|"
                 r"recueilli\s+par)\s*:?\s+|^\s*[Bb]y(?=[A-Z])")
#: A reading time glued to a byline ("Zach Hanlon 5 minute read").
_READING_TIME = re.compile(r"[\s·|,]*\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s+(?:read|lesezeit)\b.*$", re.I)
#: what starts a byline line on its own ("From" only does inside a known byline field)
_BY_LINE = re.compile(r"^\s*(?:(?:written|story|reporting|words|text)\s+)?(?:by|von|par|por|door)\s*:?\s+", re.I)
#: A function word left at the end of a byline by a date that followed it ("Jane Doe on").
_TRAILING_WORD = re.compile(r"\s+(?:on|at|am|le|el|il|in|um|\||-)$", re.I)
_SEPARATORS = re.compile(r"\s*[;|/·•]\s*|\s+[-–—]\s+|\s+(?:and|&)\s+", re.I)
#: Pieces of a byline area that are no name: reading times, buttons, labels, "Submitted
#: on …", placeholders, and any piece with a digit in it (dates, times, counts).
_NOT_A_NAME = re.compile(
    r"\d|^(?:print|share|tweet|e-?mail|comments?|follow|submitted|posted|published|updated|read(?:\s+more)?|"
    r"more|menu|author|authors|admin|administrator|editor|staff|guest|anonymous|unknown|n/?a|none|xxx+|"
    r"by|von|par|por|door|written|about|bio|profile|著者|作者|記者|筆者|autor|auteur|redaktion|rédaction|redacción)\b"
    r"|\b(?:min(?:ute)?s?\s+read|read\s+time|reading\s+time)\b",
    re.I,
)
#: Month and day names alone ("April") are dates, not people.
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday today yesterday".split()
)
#: An outlet named in capitals ("CNN", "BBC", "NPR"): 2 to 5 capitals, one word.
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
#: The last word of an outlet's name ("CBC News", "The Ledger Times").
_OUTLET_WORD = re.compile(
    r"\b(?:news|times|post|press|media|tv|radio|magazine|journal|herald|tribune|gazette|daily|weekly|"
    r"network|channel|online|wire|agency)$", re.I)
_DATE_TAIL = re.compile(
    r"[,;|]?\s*(?:published|posted|updated)?\s*:?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2},?\s+\d{4}.*$",
    re.I,
)
#: A name is taken as set in capitals when at least this share of its letters are:
#: "JOHN McDONALD" is (10 of 11), "DeShawn Smith" is not.
SHOUTED_SHARE = 0.8
#: Abbreviations of agencies that must stay in capitals.
_ACRONYM_MAX = 4


def byline_from_line(text: str) -> str | None:
    """The names part of a "By …" line, or None if the line is not a byline."""
    t = normalize_space(text)
    match = _BY_LINE.match(t)
    if match is None:
        return None
    names = t[match.end():]
    words = names.split()
    if not words or len(words) > BYLINE_MAX_WORDS or not words[0][0].isupper():
        return None
    if names.endswith((".", "!", "?")) and not re.search(r"\b[A-Z][a-z]{0,2}\.$", names):
        return None
    return names


def is_role_line(text: str) -> bool:
    """"Staff Reporter of the Ledger", "Ledger Staff Writer": a byline's second line."""
    t = normalize_space(text).strip(" ,")
    return bool(t) and len(t.split()) <= 10 and bool(_ROLE_LINE.match(t)) and not is_wire_service(t)


def is_wire_service(text: str) -> bool:
    return bool(_WIRE.match(normalize_space(text).strip(" ,.")))


def clean_byline(raw: str) -> list[str]:
    """Names in a byline as printed, cleaned: see the module doc."""
    return split_bylines(raw)


def is_outlet(text: str, site_names: tuple[str, ...] | list[str] = ()) -> bool:
    """An outlet or wire service rather than a person: "Reuters", "CNN", "CBC News", or
    one of the site's own names."""
    t = normalize_space(text).strip(" ,.")
    if not t:
        return False
    if is_wire_service(t) or _ACRONYM.match(t):
        return True
    if t.casefold() in {n.casefold().strip() for n in site_names if n}:
        return True
    return bool(_OUTLET_WORD.search(t)) and len(t.split()) <= 4


def split_outlet(names: list[str], site_names: tuple[str, ...] | list[str] = ()) -> tuple[list[str], str | None]:
    """People apart from the outlet credited beside them: ["Kara Scannell", "CNN"] →
    (["Kara Scannell"], "CNN"); "Paul Steinhauser Fox News" too. A wire service or outlet
    credited alone stays the byline."""
    names = [part for name in names for part in _outlet_tail(name, site_names)]
    outlets = [n for n in names if is_outlet(n, site_names)]
    people = [n for n in names if n not in outlets]
    if not people or not outlets:
        return names, None
    return people, ", ".join(outlets)


def _outlet_tail(name: str, site_names: tuple[str, ...] | list[str]) -> list[str]:
    """A two-word name followed by an outlet's name with nothing between: split."""
    words = name.split()
    if is_outlet(name, site_names):
        return [name]
    for cut in (2, 3):
        if len(words) >= cut + 1 and is_outlet(" ".join(words[cut:]), site_names) \
                and all(w[:1].isupper() for w in words[:cut]) and not is_outlet(" ".join(words[:cut]), site_names):
            return [" ".join(words[:cut]), " ".join(words[cut:])]
    return [name]


def _is_name(piece: str) -> bool:
    if _NOT_A_NAME.search(piece):
        return False
    words = piece.split()
    if len(words) == 1 and words[0].strip(".,").casefold() in _CALENDAR_WORDS:
        return False
    return any(c.isalpha() for c in piece)


def split_bylines(raw: str) -> list[str]:
    """Split "A; B", "A and B", "A, B and C"; drop "By", roles, contacts and pieces that
    are no name (reading time, "Print", dates); restore case."""
    text = normalize_space(raw)
    text = _CONTACT.sub("", text)
    text = _READING_TIME.sub("", text)
    text = _DATE_TAIL.sub("", text)
    text = _BY.sub("", text).strip(" ,;|")
    found: list[str] = []
    for part in _SEPARATORS.split(text):
        for name in _split_commas(part):
            name = _TRAILING_WORD.sub("", _BY.sub("", name)).strip(" ,;:-–—")
            if not name or is_role_line(name) or _is_role_piece(name) or not _is_name(name):
                continue
            name = _normal_case(name)
            if name and name not in found:
                found.append(name)
    return found


def _normal_case(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < SHOUTED_SHARE * len(letters):
        return name  # printed in normal case: kept as it is
    if is_shouted(name) and len(name.split()) == 1 and len(name.strip(".")) <= _ACRONYM_MAX:
        return name  # "AP", "AFP", "UPI"
    return restore_case(name)


def _split_commas(part: str) -> list[str]:
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) <= 1:
        return [part]
    if all(_looks_like_name(p) or is_outlet(p) or not _is_name(p) for p in pieces):
        return pieces  # "Jane Doe, John Roe" / "John Smith, Reuters" / "Kara Scannell, CNN"
    if _looks_like_name(pieces[0]) and all(_is_role_piece(p) or is_wire_service(p) for p in pieces[1:]):
        return pieces  # "John Smith, Staff Writer": the role is dropped by the caller
    return [part]  # "Smith, John": an inverted name, kept as printed


def _is_role_piece(piece: str) -> bool:
    words = [w.strip(".").casefold() for w in piece.split()]
    return bool(words) and any(w in ROLE_WORDS for w in words) and not is_wire_service(piece)


def _looks_like_name(piece: str) -> bool:
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        lower = word.casefold()
        if lower in ROLE_WORDS:
            return False
        if not (word[0].isupper() or lower in _NAME_PARTICLES):
            return False
    return True
