"""Reuters-21578 (``../shared/data/reuters21578/*.sgm``) read into plain story records.

The files are SGML in Latin-1 (README.txt section VI): one ``<REUTERS …>`` element per
story with ``<DATE>``, ``<TOPICS><D>…</D></TOPICS>``, ``<PLACES>``, and a ``<TEXT>``
holding ``<TITLE>``, ``<DATELINE>`` and ``<BODY>``. The layout is fixed and documented, so
a few regular expressions read it; an SGML parser would only add a dependency. Numeric
character references (``&#3;`` end-of-text and other control codes) are dropped, the
named ones (``&lt;``, ``&amp;``) resolved. The body's hard-wrapped lines are joined into
paragraphs at the 3-to-5-space indents that start each one, and the wire's closing
``Reuter`` sign-off is removed (it is the agency's mark, in every story).

Research use only: see the collection's README.txt.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Story", "read_reuters", "REUTERS_DIR", "SECTIONS", "article_pool", "headline", "typographic",
           "published", "story_url", "capture_lines"]

REUTERS_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578"

_DOC = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_D = re.compile(r"<D>(.*?)</D>", re.S)
_NUMERIC_REF = re.compile(r"&#\d+;")
_PARAGRAPH_START = re.compile(r"\n {3,5}(?=\S)")
_SIGN_OFF = re.compile(r"\s*\breuters?\b[\s.^M]*$", re.I)
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Story:
    newid: int
    date: dt.datetime | None
    topics: list[str]
    places: list[str]
    title: str
    dateline: str
    paragraphs: list[str] = field(default_factory=list)
    #: "TRAIN", "TEST" or "NOT-USED" (the ModApte-style LEWISSPLIT)
    split: str = ""
    #: the collection's PEOPLE and ORGS categories ("reagan", "opec")
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


def read_reuters(folder: Path = REUTERS_DIR, files: int | None = None) -> Iterator[Story]:
    """Every story of the collection (or of its first ``files`` files), in NEWID order."""
    for path in sorted(folder.glob("reut2-*.sgm"))[:files]:
        text = path.read_bytes().decode("latin-1")
        for match in _DOC.finditer(text):
            yield _story(dict(_ATTR.findall(match[1])), match[2])


def _story(attrs: dict[str, str], inner: str) -> Story:
    # The DATELINE element sometimes swallows the story's first words:
    # "RIO DE JANEIRO, Feb 26 - Brazil's "Cruzado" anti-" + "inflation plan, ..."
    place, _, spill = _clean_line(_tag(inner, "DATELINE")).partition(" - ")
    paragraphs = _paragraphs(_tag(inner, "BODY"))
    if spill.strip() and paragraphs:
        joiner = "" if spill.endswith("-") else " "
        paragraphs[0] = spill.strip() + joiner + paragraphs[0]
    return Story(
        newid=int(attrs.get("NEWID", "0")),
        date=_date(_tag(inner, "DATE")),
        topics=_list(inner, "TOPICS"),
        places=_list(inner, "PLACES"),
        title=_clean_line(_tag(inner, "TITLE")),
        dateline=place.rstrip(" -"),
        paragraphs=paragraphs,
        split=attrs.get("LEWISSPLIT", ""),
        people=_list(inner, "PEOPLE"),
        orgs=_list(inner, "ORGS"),
    )


def _tag(inner: str, name: str) -> str:
    match = re.search(rf"<{name}>(.*?)</{name}>", inner, re.S)
    return match[1] if match else ""


def _list(inner: str, name: str) -> list[str]:
    return [d.strip() for d in _D.findall(_tag(inner, name)) if d.strip()]


def _unescape(text: str) -> str:
    return html.unescape(_NUMERIC_REF.sub("", text))


def _clean_line(text: str) -> str:
    return _SPACE.sub(" ", _unescape(text)).strip()


def _paragraphs(body: str) -> list[str]:
    text = _unescape(body)
    parts = _PARAGRAPH_START.split("\n" + text)
    paragraphs = [_SPACE.sub(" ", p).strip() for p in parts]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        last = _SIGN_OFF.sub("", paragraphs[-1]).strip()
        paragraphs[-1:] = [last] if last else []
    return paragraphs


def _date(raw: str) -> dt.datetime | None:
    """"26-FEB-1987 15:01:01.79" (sometimes followed by noise) → a UTC datetime."""
    match = re.match(r"\s*(\d{1,2}-[A-Z]{3}-\d{4} \d{2}:\d{2}:\d{2})", raw)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match[1], "%d-%b-%Y %H:%M:%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


# --- a legacy news site made of the stories ----------------------------------------------

#: The archive's sections: well-populated single-topic Reuters categories, named as a
#: site would name them.
SECTIONS = {"acq": "Mergers", "crude": "Oil", "trade": "Trade", "money-fx": "Currencies",
            "interest": "Rates", "ship": "Shipping", "sugar": "Sugar"}
#: Reuters dates (1987) moved to when such a site was on the web (same month and day).
YEAR_SHIFT = 22
#: Stories shorter than this are tables or one-line briefs, not articles.
MIN_WORDS = 60
#: Two stories this similar are one story sent twice (a correction, a resend).
NEAR_COPY_JACCARD = 0.5
#: A story with this share of its word 3-shingles in another is a short take of it, sent
#: before or after the fuller version (Reuters-21578 holds about 40 such pairs).
SHORTER_COPY_SHARE = 0.9
SITE = "Wire Archive"
HOST = "http://www.wirearchive.example"
NAV = "Home | Markets | Mergers | Oil | Trade | Currencies | Rates | Shipping | Sugar"
FOOTER = ("© 2009 Wire Archive. All rights reserved.",
          "Use of this site constitutes acceptance of our Terms of Use and Privacy Policy.")

_TICKER = re.compile(r"\s*<[^<>]{1,12}>")
_WORD_RE = re.compile(r"\w+")


def article_pool(stories: list[Story]) -> list[Story]:
    """Stories fit to be clean articles: one section topic, narrative (not a table), ending
    on a full sentence (a wire take ending "More" is a first part), no paragraph printed
    twice, and not a resend of an earlier story (Jaccard of word 3-shingles at least
    :data:`NEAR_COPY_JACCARD`, compared exactly through an inverted index) nor a fuller or
    shorter take of one (:data:`SHORTER_COPY_SHARE` of the shorter's shingles in the other). The collection's
    own faults would otherwise count against the checks as false findings."""
    pool: list[Story] = []
    shingles: list[set[int]] = []
    index: dict[int, list[int]] = defaultdict(list)
    for story in stories:
        if len(story.topics) != 1 or story.topics[0] not in SECTIONS or story.date is None:
            continue
        paragraphs = story.paragraphs
        if sum(len(p.split()) for p in paragraphs) < MIN_WORDS or not story.title:
            continue
        if not paragraphs[-1].rstrip("\"'").endswith((".", "!", "?")):
            continue
        if sum(p.rstrip("\"'").endswith((".", "!", "?")) for p in paragraphs) < 0.8 * len(paragraphs):
            continue
        if len({" ".join(_WORD_RE.findall(p.casefold())) for p in paragraphs}) < len(paragraphs):
            continue
        words = _WORD_RE.findall(" ".join(paragraphs).casefold())
        mine = {hash(tuple(words[i:i + 3])) for i in range(len(words) - 2)}
        shared: Counter[int] = Counter(n for h in mine for n in index.get(h, ()))
        if any(c / len(mine | shingles[n]) >= NEAR_COPY_JACCARD for n, c in shared.items()
               if c >= NEAR_COPY_JACCARD * len(mine)):
            continue
        if any(c >= SHORTER_COPY_SHARE * min(len(mine), len(shingles[n])) for n, c in shared.items()):
            continue  # a short first take and its fuller version: one story sent twice
        for h in mine:
            index[h].append(len(pool))
        shingles.append(mine)
        pool.append(story)
    return pool


def headline(story: Story) -> str:
    """"SHELL CANADA <SHC> RAISED CRUDE POSTINGS" → "Shell Canada Raised Crude Postings"."""
    words = _TICKER.sub("", story.title).split()
    return " ".join(w if len(w) <= 3 and w.isupper() and w not in {"THE", "AND", "FOR", "TO"} else w.capitalize()
                    for w in words)


def typographic(text: str) -> str:
    """Straight quotes to curly ones, as the site's CMS printed them."""
    text = re.sub(r"(^|[\s(\[])\"", "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    return re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text).replace("'", "\u2019")


def published(story: Story) -> dt.date:
    assert story.date is not None
    day = story.date.date()
    try:
        return day.replace(year=day.year + YEAR_SHIFT)
    except ValueError:  # 29 February
        return day.replace(year=day.year + YEAR_SHIFT, day=28)


def story_url(key: int, section: str, date: dt.date | None, dated: bool = True) -> str:
    if dated and date is not None:
        return f"{HOST}/{section.lower()}/{date:%Y/%m/%d}/{key}.html"
    return f"{HOST}/story/{key}.html"


def capture_lines(title: str | None, bylines: list[str], date: dt.date | None, paragraphs: list[str],
                  related: list[str]) -> str:
    """The visible text of the story's page: nav, head, story, related links, footer."""
    lines = [SITE, NAV]
    if title:
        lines.append(title)
    lines.extend(f"By {b}" for b in bylines)
    if date is not None:
        lines.append(f"{date:%B} {date.day}, {date.year}")
    lines.extend(paragraphs)
    if related:
        lines.append("Related stories")
        lines.extend(related)
    lines.extend(FOOTER)
    return "\n".join(lines)
