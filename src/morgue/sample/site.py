"""A scalable generator of legacy article pages, for throughput benchmarks and fault tests.

``generate_site(dest, 100_000)`` writes a wget-style mirror of invented Evening Ledger
stories, alternating the 2003 and 2009 layouts, with dates from 1998 to 2012 and some
stories split over two pages. It streams: memory stays flat however many pages are
asked for. Speed comes from doing the expensive part once: sentences are composed into
a per-section pool up front, and each page only picks from the pools and fills a template.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from . import words
from .layouts import (
    LAYOUTS,
    Page,
    mirror_path,
    render_2003,
    render_2009,
    url_2003,
    url_2009,
)
from .paper import EDT, EST, SECTIONS

#: sentences composed per section before any page is written; large enough that two
#: generated stories rarely share a sentence (so near-duplicate checks stay quiet)
POOL_SIZE = 2048
#: share of stories long enough to be split over two pages, as the old sites did
MULTI_PAGE_SHARE = 0.1
#: created-directory cache is dropped past this size so memory stays bounded; the URL
#: schemes give about 33k distinct folders (days x sections), so normally it never is
DIR_CACHE_LIMIT = 65536
# Each layout's years: the static site until 2005, the CMS from 2006.
_ERAS = {
    "2003": (dt.date(1998, 1, 1).toordinal(), dt.date(2005, 12, 31).toordinal()),
    "2009": (dt.date(2006, 1, 1).toordinal(), dt.date(2012, 12, 31).toordinal()),
}
_TITLES = {"2003": "Staff Reporter of the Ledger", "2009": "Ledger Staff Writer"}
_SECTION_NAMES = tuple(SECTIONS)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _sentence(rng: random.Random, section: str) -> str:
    subject = rng.choice(words.SUBJECTS[section])
    obj = rng.choice(words.OBJECTS[section])
    form = rng.randrange(4)
    if form == 0:
        quote = rng.choice(words.QUOTES)
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        return f"\u201c{quote},\u201d said {name}, {rng.choice(words.ROLES)}."
    if form == 1:
        tail = rng.choice(words.TAILS)
        return f"{tail[0].upper()}{tail[1:]}, {subject[0].lower()}{subject[1:]} {rng.choice(words.VERBS)} {obj}."
    return f"{subject} {rng.choice(words.VERBS)} {obj} {rng.choice(words.TAILS)}."


def _headline(rng: random.Random, section: str) -> str:
    subject = rng.choice(words.SUBJECTS[section]).removeprefix("The ")
    return f"{subject} {rng.choice(words.HEAD_VERBS)} {rng.choice(words.OBJECTS[section])}"


def _write(path: str, data: bytes, made: set[str]) -> None:
    folder = os.path.dirname(path)
    if folder not in made:  # directories are created lazily, once
        if len(made) > DIR_CACHE_LIMIT:
            made.clear()
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    with open(path, "wb") as out:
        out.write(data)


def generate_site(dest: Path, pages: int, seed: int = 0, *,
                  layouts: Sequence[str] = LAYOUTS) -> int:
    """Write ``pages`` article pages under ``dest/www.eveningledger.com/``; return the count.

    Deterministic for a given ``seed``. Layouts alternate in the order given. A two-page
    story counts as two pages. Each story's slug ends in its number, so URLs never clash.
    """
    unknown = [name for name in layouts if name not in LAYOUTS]
    if unknown or not layouts:
        raise ValueError(f"layouts must be drawn from {LAYOUTS}, got {tuple(layouts)}")
    if pages < 0:
        raise ValueError("pages must be zero or more")
    root = os.fspath(dest)
    rng = random.Random(seed)
    pools = {section: [_sentence(rng, section) for _ in range(POOL_SIZE)] for section in _SECTION_NAMES}
    recent: deque[tuple[str, str]] = deque(maxlen=5)  # feeds "Most E-mailed"/"Related"
    made: set[str] = set()
    written = 0
    story_no = 0
    while written < pages:
        layout = layouts[story_no % len(layouts)]
        story_no += 1
        section = rng.choice(_SECTION_NAMES)
        first, last = _ERAS[layout]
        day = dt.date.fromordinal(rng.randint(first, last))
        published = dt.datetime(day.year, day.month, day.day, rng.randint(4, 7), rng.randrange(60),
                                tzinfo=EDT if 4 <= day.month <= 10 else EST)
        headline = _headline(rng, section)
        slug = f"{_NON_SLUG.sub('-', headline.lower().replace(chr(0x2019), '')).strip('-')}-{story_no}"
        pool = pools[section]
        n_paras = rng.randint(3, 7)
        sentences = rng.choices(pool, k=n_paras * 3 + 1)
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(1, n_paras * 3 + 1, 3)]
        bylines: tuple[str, ...] = () if section == "Opinion" else (
            f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}",)
        page_count = 2 if (n_paras >= 5 and pages - written >= 2
                           and rng.random() < MULTI_PAGE_SHARE) else 1
        make_url = url_2003 if layout == "2003" else url_2009
        render = render_2003 if layout == "2003" else render_2009
        urls = [make_url(day, section, slug, n) for n in range(1, page_count + 1)]
        if layout == "2003":
            charset = "iso-8859-1" if rng.random() < 0.2 else "windows-1252"
            comments: list[tuple[str, str]] = []
        else:
            charset = "utf-8"
            comments = [(rng.choice(words.SCREEN_NAMES), rng.choice(words.COMMENTS))
                        for _ in range(rng.randrange(4))]
        split = (n_paras + 1) // 2 if page_count == 2 else n_paras
        chunks = [paragraphs[:split], paragraphs[split:]][:page_count]
        related = list(recent)
        for n, (url, chunk) in enumerate(zip(urls, chunks, strict=True), start=1):
            page = Page(
                url=url, headline=headline, section=section, paragraphs=chunk,
                dek=sentences[0][:-1], bylines=bylines, byline_title=_TITLES[layout] if bylines else None,
                published=published, dateline="PORT ALDEN" if section != "Opinion" else None,
                page_no=n, page_count=page_count,
                prev_url=urls[n - 2] if n > 1 else None,
                next_url=urls[n] if n < page_count else None,
                related=related, comments=comments, charset=charset,
            )
            _write(os.path.join(root, mirror_path(url)), render(page), made)
            written += 1
        recent.appendleft((urls[0], headline))
    return written
