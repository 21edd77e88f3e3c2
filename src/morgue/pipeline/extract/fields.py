"""Headline, dek, bylines, date and section of one HTML page, each with where it was found.

Every finder tries the page's own signals in a fixed order of trust and records which
one answered (``Found.source``); when the page prints the value, ``Found.element`` is the
element holding it, which is what site profiles learn selectors from.

- **headline**: a line of the page that ``<title>``, ``og:title`` or JSON-LD agree with
  (so "The Evening Ledger: Harbor plan" gives the printed "Harbor plan"), preferring
  ``<h1>`` and headline markup over links; else the title without the site's name.
- **dek**: the description when the page prints it under the headline, or a heading,
  ``dek``/``subhead`` block or italic line right under the headline.
- **bylines**: a "By …" line between headline and story, or byline/author markup there,
  else author markup anywhere outside comment sections; weighed against JSON-LD and
  ``<meta name=author>`` (structured names printed in the byline win; a byline area with
  no name gives way to them). A role line under it ("Staff Reporter of the Ledger") is
  noted so it stays out of the body and the names; an outlet credited beside the people
  ("…, CNN") is kept apart (``PageFields.outlet``).
- **published**: ``<meta>`` publication dates, JSON-LD ``datePublished``, ``<time>`` /
  ``abbr.published`` markup, a date printed between headline and story (not one labelled
  "Updated"), the URL, a year and month in the URL (a partial date), then (in
  :mod:`.html`) htmldate on markup only. A UTC timestamp one day off the printed or URL
  day gives way to it: a publication date is the paper's local day. Never a date in a
  sidebar, a link or the page's top bar.
- **section**: ``<meta>``/JSON-LD, breadcrumbs, a kicker right above the headline (a link
  to a section front, kicker markup, or words the URL's path names), then a URL path
  segment, named as the site's own navigation names it when it does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from .bylines import BYLINE_MAX_WORDS, byline_from_line, is_role_line, split_bylines, split_outlet
from .dates import (
    date_from_url,
    is_update_label,
    is_utc_timestamp,
    month_from_url,
    parse_date,
    publication_date_in,
    search_date,
)
from .dom import Line
from .lineshape import is_title_like, normalize_space, word_count
from .names import is_shouted
from .meta import AUTHOR_META, DATE_META, DESCRIPTION_META, SECTION_META, TITLE_META, PageMeta, ld_names

__all__ = ["Found", "PageFields", "find_fields", "norm", "title_joins", "strip_site_name"]

#: The header zone (headline to story) is searched at most this many lines deep: a
#: byline block with role, date and share links is under ten lines.
HEADER_ZONE_LINES = 14
#: Without a headline found, the zone is this many lines above the story.
ZONE_ABOVE_STORY = 8
#: A dek is 3 to this many words; longer is a story paragraph.
DEK_MAX_WORDS = 60
DEK_MIN_WORDS = 3
#: A line under the headline that gives the date is at most this long ("Published
#: March 7, 2008, 10:42 a.m. | Updated March 8, 2008, 9:15 a.m. EST" is 16 words).
DATE_TEXT_MAX_WORDS = 20
#: A UTC timestamp names a day at most this far from the paper's own (time zones run
#: from UTC-12 to UTC+14): within it, the URL's or the printed day wins.
UTC_SLIP_DAYS = 1
#: An author marked anywhere on the page is a name of at most this many words.
AUTHOR_MARKUP_MAX_WORDS = 6
#: A byline-looking line is in a comment section when an element this far up says so.
COMMENT_DEPTH = 8
#: A kicker or section label is at most this many words.
KICKER_MAX_WORDS = 4
#: Navigation links name a section in at most this many words.
NAV_MAX_WORDS = 4

_WORDS = re.compile(r"\w+")
_TITLE_SEPARATORS = re.compile(r"(\s+[|–—·•»~/]\s+|\s+-\s+|:\s+|\s+::\s+)")
_HEADLINE_MARK = re.compile(r"headline|title|entry-title|heading", re.I)
_DEK_MARK = re.compile(r"\b(?:dek|deck|sub-?head(?:line)?|standfirst|summary|sub-?title|strap(?:line)?|"
                       r"teaser|intro|lede|description|excerpt)\b", re.I)
_BYLINE_MARK = re.compile(r"by-?line|author|writer|\bbyl\b|contributor|reporter", re.I)
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|auteur|profile|people|staff|journalist)s?/", re.I)
#: A person's name: two to four capitalised words (initials and particles allowed).
_PERSON = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+(?:[^\W\d_][\w.'’-]*)){1,3}$")
_COMMENTS_MARK = re.compile(r"comment|disqus|respond|reply|discussion", re.I)
_BREADCRUMB_MARK = re.compile(r"bread-?crumb|crumbs", re.I)
_KICKER_MARK = re.compile(r"kicker|section|category|rubric|eyebrow|overline|label|topic|flag", re.I)
_DATE_MARK = re.compile(r"publish|pubdate|posted|dateline-date|timestamp|\bdate\b", re.I)
_LABEL = re.compile(r"^\(.*\)$|\bcontinued\b", re.I)
_HOME_CRUMBS = frozenset({"home", "homepage", "front page", "frontpage", "index", "start", "main"})
#: URL path segments that are no section, whatever the navigation says.
_NOT_SECTIONS = frozenset({"news", "article", "articles", "story", "stories", "archive", "archives",
                           "content", "www", "index", "html", "static", "pages", "page", "p", "a",
                           "node", "id", "features", "feature", "cgi-bin", "blog", "blogs", "post", "posts",
                           "category", "categories", "tag", "tags", "topic", "topics", "item", "items",
                           "detail", "details", "view", "amp", "mobile", "web", "wp", "home", "de", "en",
                           "fr", "es", "it", "nl", "pt", "ru", "uk", "us", "int", "intl", "edition",
                           "artikel", "nachrichten", "aktuell", "aktuelles", "noticias", "notizie", "actualites",
                           "magazin", "magazine", "media", "press", "presse", "release", "releases"})
#: A section segment is one to three words of letters ("local", "real-estate"); longer
#: hyphenated segments are a story's slug.
_SECTION_SEGMENT = re.compile(r"^[^\W\d_]{2,20}(?:[-_][^\W\d_]{2,20}){0,2}$")


@dataclass(slots=True)
class Found:
    """One field's value, how it was found, and (when printed) the element holding it."""

    value: Any
    source: str
    element: lxml.html.HtmlElement | None = None
    #: index of the line in ``page_lines`` when the value is a printed line
    line: int | None = None
    #: for dates: "day", or "month" when only the year and month are known
    precision: str = "day"


@dataclass(slots=True)
class PageFields:
    headline: Found | None = None
    dek: Found | None = None
    bylines: Found | None = None
    published: Found | None = None
    section: Found | None = None
    #: the outlet or wire service credited beside the people of the byline
    outlet: str | None = None
    #: lines that belong to the byline (a role line, the line the date is on) and so
    #: are neither body nor anything else; index -> why
    header_lines: dict[int, str] = field(default_factory=dict)


def norm(text: str) -> str:
    """Words only, case-folded: how two renderings of the same text are compared."""
    return " ".join(_WORDS.findall(text.casefold()))


def title_joins(title: str) -> list[str]:
    """Every run of consecutive parts of a ``<title>`` cut at its separators, longest
    first: "Ledger: Harbor plan | Local" → the whole, "Ledger: Harbor plan", …, "Local"."""
    pieces = _TITLE_SEPARATORS.split(title)
    parts = pieces[0::2]
    seps = pieces[1::2]
    joins: list[str] = []
    for i in range(len(parts)):
        text = parts[i]
        joins.append(text)
        for j in range(i + 1, len(parts)):
            text = text + seps[j - 1] + parts[j]
            joins.append(text)
    joins = [normalize_space(j) for j in joins if j.strip()]
    return sorted(set(joins), key=lambda j: (-len(j), j))


def strip_site_name(title: str, site_names: list[str]) -> tuple[str, bool]:
    """"Harbor plan | Local | The Evening Ledger" → "Harbor plan | Local" given the site's
    name; also a leading "The Evening Ledger: ". Returns (title, whether it changed)."""
    names = {norm(n) for n in site_names if n}
    if not names:
        return title, False
    pieces = _TITLE_SEPARATORS.split(title)
    changed = False
    while len(pieces) >= 3 and norm(pieces[-1]) in names:
        pieces = pieces[:-2]
        changed = True
    while len(pieces) >= 3 and norm(pieces[0]) in names:
        pieces = pieces[2:]
        changed = True
    return normalize_space("".join(pieces)), changed


def find_fields(
    lines: list[Line],
    meta: PageMeta,
    url: str | None,
    body_start: int | None,
    *,
    site_names: list[str] | None = None,
) -> PageFields:
    """Find the fields of one page. ``body_start`` is the index of the story's first line
    (when known)."""
    names = list(site_names or []) + meta.site_names
    found = PageFields()
    found.headline = _headline(lines, meta, names)
    head_at = found.headline.line if found.headline else None
    zone = _zone(lines, head_at, body_start)
    found.dek = _dek(lines, zone, meta, found.headline)
    found.bylines = _bylines(lines, zone, meta, found, names)
    found.published = _published(lines, zone, meta, url, found)
    found.section = _section(lines, meta, url, found.headline, names)
    return found


# --- zone -------------------------------------------------------------------------------


def _zone(lines: list[Line], head_at: int | None, body_start: int | None) -> range:
    if head_at is not None:
        end = head_at + 1 + HEADER_ZONE_LINES
        if body_start is not None and body_start > head_at:
            end = min(end, body_start)
        return range(head_at + 1, min(end, len(lines)))
    if body_start is not None:
        return range(max(0, body_start - ZONE_ABOVE_STORY), body_start)
    return range(0)


# --- headline ---------------------------------------------------------------------------


def _marks(element: lxml.html.HtmlElement, depth: int = 2) -> str:
    """class, id, itemprop and rel of an element and its nearest ancestors, as one string."""
    out = []
    current: lxml.html.HtmlElement | None = element
    for _ in range(depth + 1):
        if current is None or not isinstance(current.tag, str):
            break
        for attr in ("class", "id", "itemprop", "rel", "name"):
            value = current.get(attr)
            if value:
                out.append(value)
        current = current.getparent()
    return " ".join(out)


def _tags_up(element: lxml.html.HtmlElement, depth: int = 2) -> list[str]:
    tags = []
    current: lxml.html.HtmlElement | None = element
    for _ in range(depth + 1):
        if current is None or not isinstance(current.tag, str):
            break
        tags.append(current.tag.lower())
        current = current.getparent()
    return tags


def _in_link(element: lxml.html.HtmlElement) -> bool:
    return "a" in _tags_up(element, 2)


def _ends_of(part: str, whole: str) -> bool:
    """``part`` begins or ends ``whole`` and is not all of it: "习近平会见美国总统" of the
    title "习近平会见美国总统-新华网", whose separator has no spaces around it."""
    return bool(part) and part != whole and (whole.startswith(part) or whole.endswith(part))


def _headline(lines: list[Line], meta: PageMeta, site_names: list[str]) -> Found | None:
    wanted: dict[str, str] = {}
    ld_headline = meta.ld_value("headline")
    if isinstance(ld_headline, str) and ld_headline.strip():
        wanted.setdefault(norm(ld_headline), "json-ld:headline")
    for key in TITLE_META:
        for value in meta.tags.get(key, []):
            for join in [value, *title_joins(value)]:
                wanted.setdefault(norm(join), f"meta:{key}")
    for join in title_joins(meta.title):
        wanted.setdefault(norm(join), "<title>")
    site = {norm(n) for n in site_names}
    wanted = {k: v for k, v in wanted.items() if k and k not in site}

    best: tuple[float, int] | None = None
    best_found: Found | None = None
    h1s = [line for line in lines if "h1" in _tags_up(line.owner, 1) and not line.caption]
    for line in lines:
        if line.caption:
            continue
        key = norm(line.text)
        label = wanted.get(key)
        if label is None:
            continue
        tags = _tags_up(line.owner, 2)
        score = 0.0
        if "h1" in tags:
            score += 3
        elif {"h2", "h3"} & set(tags) or _HEADLINE_MARK.search(_marks(line.owner)):
            score += 2
        elif {"b", "strong", "font"} & set(tags):
            score += 1
        if _in_link(line.owner):
            score -= 3
        score += min(len(key.split()), 20) / 100  # the longer agreement
        rank = (score, -line.index)
        if best is None or rank > best:
            best = rank
            best_found = Found(line.text, f"page text matching {label} (<{line.owner.tag}>)", line.owner, line.index)
    if best_found is not None:
        return best_found
    title = norm(meta.title)
    if len(h1s) == 1 and (word_count(h1s[0].text) >= 2 or _ends_of(norm(h1s[0].text), title)):
        line = h1s[0]
        return Found(line.text, "h1", line.owner, line.index)
    for key in ("og:title", "twitter:title"):
        for value in meta.tags.get(key, []):
            text, changed = strip_site_name(value, site_names)
            if text:
                return Found(text, f"meta:{key}" + (" (site name removed)" if changed else ""))
    if isinstance(ld_headline, str) and ld_headline.strip():
        return Found(normalize_space(ld_headline), "json-ld:headline")
    if meta.title:
        text, changed = strip_site_name(meta.title, site_names)
        if text:
            return Found(text, "<title>" + (" (site name removed)" if changed else ""))
    return None


# --- dek --------------------------------------------------------------------------------


def _dek(lines: list[Line], zone: range, meta: PageMeta, headline: Found | None) -> Found | None:
    descriptions = {norm(v): f"meta:{k}" for k in DESCRIPTION_META for v in meta.tags.get(k, [])}
    for k in zone:
        line = lines[k]
        key = norm(line.text)
        if key in descriptions and word_count(line.text) >= DEK_MIN_WORDS:
            if headline is not None and key == norm(str(headline.value)):
                continue
            return Found(line.text, f"page text matching {descriptions[key]} (<{line.owner.tag}>)", line.owner, k)
    if headline is None or headline.line is None or not zone:
        return None
    # the first line under the headline, if it is set as a dek
    for k in list(zone)[:2]:
        line = lines[k]
        # the whole paragraph: a dek may run over several lines
        text = " ".join(other.text for other in lines[k:zone.stop] if other.para == line.para)
        if byline_from_line(text) is not None or search_date(text)[0] is not None and word_count(text) <= 8:
            return None
        if _LABEL.match(text):
            continue  # "(Continued from page 1)"
        if not DEK_MIN_WORDS <= word_count(text) <= DEK_MAX_WORDS:
            continue
        tags = set(_tags_up(line.owner, 1))
        marked = bool(_DEK_MARK.search(_marks(line.owner)))
        set_as_dek = marked or bool(tags & {"h2", "h3", "h4", "i", "em"})
        if set_as_dek and not _in_link(line.owner):
            how = "dek markup" if marked else f"<{line.owner.tag}> under the headline"
            return Found(text, how, line.owner, k)
        return None
    return None


# --- bylines ----------------------------------------------------------------------------


def _bylines(lines: list[Line], zone: range, meta: PageMeta, found: PageFields,
             site_names: list[str]) -> Found | None:
    """The byline printed under the headline, weighed against the structured authors
    (JSON-LD, ``<meta name=author>``): when the page prints a structured name, the
    structured names win (they carry no "By", role or reading time); when the printed
    line has no name at all ("11 minute read", "Print"), the structured ones are used.
    An outlet or wire service credited beside people goes to ``found.outlet``."""
    printed = _printed_byline(lines, zone, found)
    if printed is None:
        printed = _author_markup(lines, zone.start if zone else 0)
    structured = _structured_bylines(meta)
    chosen = printed
    if structured is not None:
        if printed is None:
            chosen = structured
        else:
            line = norm(lines[printed.line].text) if printed.line is not None else ""
            if any(norm(name) and f" {norm(name)} " in f" {line} " for name in structured.value):
                chosen = Found(structured.value, f"{structured.source}, printed in the byline",
                               printed.element, printed.line)
    if chosen is None:
        return None
    people, outlet = split_outlet(list(chosen.value), site_names)
    if outlet:
        found.outlet = outlet
        chosen.value = people
    return chosen


def _printed_byline(lines: list[Line], zone: range, found: PageFields) -> Found | None:
    for k in zone:
        line = lines[k]
        if _in_comments(line.owner):
            continue  # a commenter is no author
        names = byline_from_line(line.text)
        marked = bool(_BYLINE_MARK.search(_marks(line.owner)))
        if names is None and marked and word_count(line.text) <= BYLINE_MAX_WORDS and not is_role_line(line.text):
            if search_date(line.text)[0] is None or word_count(line.text) > 6:
                names = line.text
        if names is None:
            continue
        rest = [other.text for other in lines[k + 1:zone.stop] if other.para == line.para]
        if rest and byline_from_line(line.text) is None:
            names = " ".join([names, *rest])  # "Jonathan Allen, Natasha Korecki and Allan Smith" over links
        people = split_bylines(names)
        if not people:
            continue
        how = '"By" line under the headline' if byline_from_line(line.text) else "byline markup"
        for j in (k + 1, k + 2):
            if j in zone and is_role_line(lines[j].text):
                found.header_lines[j] = "byline title"
        return Found(people, f"{how} (<{line.owner.tag}>)", line.owner, k)
    return None


def _author_markup(lines: list[Line], start: int) -> Found | None:
    """No byline under the headline: a short line marked as the author anywhere on the page
    (``rel=author``, ``itemprop=author``, an author class, a link to an author page), not
    in a comment section; the first one from the headline down, else from the top."""
    order = list(range(start, len(lines))) + list(range(0, start))
    for k in order:
        line = lines[k]
        if word_count(line.text) > AUTHOR_MARKUP_MAX_WORDS or line.caption:
            continue
        owner = line.owner
        link = owner if owner.tag == "a" else None
        marked = bool(_BYLINE_MARK.search(_marks(owner, 1))) or (
            link is not None and _AUTHOR_HREF.search(link.get("href") or ""))
        if not marked or _in_comments(owner):
            continue
        people = [p for p in split_bylines(line.text) if _PERSON.match(p)]
        if people:
            return Found(people, f"author markup on the page (<{owner.tag}>)", owner, k)
    return None


def _structured_bylines(meta: PageMeta) -> Found | None:
    authors = ld_names(meta.ld_value("author"))
    people = [p for a in authors for p in split_bylines(a) if not p.startswith(("http", "www."))]
    if people:
        return Found(people, "json-ld:author")
    hit = meta.first(AUTHOR_META)
    if hit and not hit[1].startswith(("http", "www.")):
        people = split_bylines(hit[1])
        if people:
            return Found(people, f"meta:{hit[0]}")
    return None


def _in_comments(element: lxml.html.HtmlElement) -> bool:
    """Inside a comment section (class or id naming comments, up to COMMENT_DEPTH up)."""
    return bool(_COMMENTS_MARK.search(_marks(element, COMMENT_DEPTH)))


# --- date -------------------------------------------------------------------------------


def _published(lines: list[Line], zone: range, meta: PageMeta, url: str | None, found: PageFields) -> Found | None:
    """The local publication day. Markup first (meta, JSON-LD, ``<time>``); a UTC
    timestamp one day off the day the URL or the printed date line names gives way to
    that day (the paper's own calendar), and the disagreement is recorded."""
    stamped = _stamped_date(lines, zone, meta)
    printed = _printed_date(lines, zone, found)
    url_day = date_from_url(url)
    if stamped is not None:
        found_date, raw = stamped
        for local in (printed, Found(url_day, "URL") if url_day else None):
            if local is None or local.value == found_date.value or not is_utc_timestamp(raw):
                continue
            if abs((local.value - found_date.value).days) <= UTC_SLIP_DAYS:
                local.source += f" (the {found_date.source} timestamp {raw} is in UTC)"
                return local
        return found_date
    if printed is not None:
        return printed
    if url_day is not None:
        return Found(url_day, "URL")
    month = month_from_url(url)
    if month is not None:
        return Found(month, "URL (year and month only)", precision="month")
    return None


def _stamped_date(lines: list[Line], zone: range, meta: PageMeta) -> tuple[Found, str] | None:
    """The date the page's markup gives, with the raw value it was read from."""
    for key in DATE_META:
        for value in meta.tags.get(key, []):
            date = parse_date(value)[0]
            if date is not None:
                return Found(date, f"meta:{key}"), value
    value = meta.ld_value("datePublished")
    if isinstance(value, str):
        date = parse_date(value)[0]
        if date is not None:
            return Found(date, "json-ld:datePublished"), value
    for k in zone:
        hit = _markup_date(lines[k].owner)
        if hit is not None:
            return Found(hit[0], hit[1], lines[k].owner, k), hit[2]
    return None


def _printed_date(lines: list[Line], zone: range, found: PageFields) -> Found | None:
    for k in zone:
        text = lines[k].text
        date = publication_date_in(text)
        if date is not None and word_count(text) <= DATE_TEXT_MAX_WORDS:
            if found.bylines is None or found.bylines.line != k:
                found.header_lines.setdefault(k, "date line")
            return Found(date, "date printed under the headline", lines[k].owner, k)
    return None


def _markup_date(element: lxml.html.HtmlElement) -> tuple[dt.date, str, str] | None:
    current: lxml.html.HtmlElement | None = element
    for _ in range(3):
        if current is None or not isinstance(current.tag, str):
            return None
        tag = current.tag.lower()
        marks = _marks(current, 0)
        if tag in ("time", "abbr") or "datepublished" in marks.lower():
            if is_update_label(marks):
                return None
            for attr in ("datetime", "title", "content"):
                value = current.get(attr)
                if value:
                    date = parse_date(value)[0]
                    if date is not None and (tag == "time" or _DATE_MARK.search(marks)):
                        return date, f"<{tag} {attr}>", value
        current = current.getparent()
    return None


# --- section ----------------------------------------------------------------------------


def _section(lines: list[Line], meta: PageMeta, url: str | None, headline: Found | None,
             site_names: list[str]) -> Found | None:
    hit = meta.first(SECTION_META)
    if hit:
        return Found(hit[1], f"meta:{hit[0]}")
    value = meta.ld_value("articleSection")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str) and value.strip():
        return Found(normalize_space(value), "json-ld:articleSection")
    crumbs = _breadcrumb(lines, headline, site_names)
    if crumbs is not None:
        return crumbs
    if headline is not None and headline.line is not None:
        kicker = _kicker(lines, headline.line, url)
        if kicker is not None:
            return kicker
    from_url = _section_from_url(lines, url)
    if from_url is not None:
        return from_url
    return None


def _breadcrumb(lines: list[Line], headline: Found | None, site_names: list[str]) -> Found | None:
    skip = set(_HOME_CRUMBS) | {norm(n) for n in site_names}
    if headline is not None:
        skip.add(norm(str(headline.value)))
    crumbs: list[Line] = []
    for line in lines:
        if _BREADCRUMB_MARK.search(_marks(line.owner, 4)):
            crumbs.append(line)
    if not crumbs:
        return None
    items: list[tuple[str, lxml.html.HtmlElement]] = []
    for line in crumbs:
        links = [a for a in line.owner.iter("a")] or ([line.owner] if line.owner.tag == "a" else [])
        if links:
            items += [(normalize_space(a.text_content()), a) for a in links]
        else:
            items += [(t.strip(), line.owner) for t in re.split(r"\s*[>»›/|]\s*", line.text)]
    items = [(t, e) for t, e in items if t and norm(t) not in skip and word_count(t) <= NAV_MAX_WORDS]
    if not items:
        return None
    text, element = items[-1]
    return Found(text, "breadcrumbs", element)


def _kicker(lines: list[Line], head_at: int, url: str | None) -> Found | None:
    if head_at == 0:
        return None
    line = lines[head_at - 1]
    if not 1 <= word_count(line.text) <= KICKER_MAX_WORDS or not is_title_like(line.text):
        return None
    if search_date(line.text)[0] is not None:
        return None
    owner = line.owner
    if {"li", "nav", "ul", "ol", "option"} & set(_tags_up(owner, 3)):
        return None  # the last item of a menu above the headline is no kicker
    link = owner if owner.tag == "a" else next(owner.iterancestors("a"), None)
    if link is not None and _section_path(link.get("href")):
        return Found(line.text, "kicker link above the headline", owner, line.index)
    if _KICKER_MARK.search(_marks(owner)):
        return Found(line.text, "kicker above the headline", owner, line.index)
    if set(norm(line.text).split()) & set(_url_sections(url)):
        # "LOCAL NEWS" above the headline of /news/2004/local/…: the page and its URL agree
        text = line.text.title() if is_shouted(line.text) else line.text
        return Found(text, "kicker above the headline, named in the URL", owner, line.index)
    return None


def _section_path(href: str | None) -> bool:
    """A link to a section front: a path of one to three segments, no query, no file."""
    if not href:
        return False
    parts = urlsplit(href)
    if parts.query:
        return False
    segments = [s for s in parts.path.split("/") if s]
    if not 1 <= len(segments) <= 3:
        return False
    last = segments[-1]
    return "." not in last or last.startswith("index.")


def nav_sections(lines: list[Line]) -> dict[str, str]:
    """Navigation links: last path segment → the name the site gives it ("local" → "Local")."""
    names: dict[str, Counter[str]] = {}
    for line in lines:
        owner = line.owner
        link = owner if owner.tag == "a" else None
        if link is None:
            continue
        href = link.get("href")
        text = normalize_space(link.text_content()).strip("•·»›> ")
        if not text or word_count(text) > NAV_MAX_WORDS or not _section_path(href):
            continue
        segments = [s for s in urlsplit(href or "").path.split("/") if s]
        last = segments[-1].lower()
        if last.startswith("index."):
            if len(segments) < 2:
                continue
            last = segments[-2].lower()
        if norm(text).replace(" ", "") == norm(last).replace(" ", "") or norm(text) in norm(last.replace("-", " ")):
            names.setdefault(last, Counter())[text] += 1
    return {seg: counts.most_common(1)[0][0] for seg, counts in names.items()}


def _url_sections(url: str | None) -> list[str]:
    """Path segments of ``url`` that may name a section: words, not the story's own slug,
    a number, a date or a generic path word."""
    if not url:
        return []
    segments = [s.lower() for s in urlsplit(url).path.split("/") if s][:-1]  # not the story's own
    return [s for s in segments if _SECTION_SEGMENT.match(s) and s not in _NOT_SECTIONS]


def _section_from_url(lines: list[Line], url: str | None) -> Found | None:
    segments = _url_sections(url)
    if not segments:
        return None
    nav = nav_sections(lines)
    for segment in reversed(segments):
        if segment in nav:
            return Found(nav[segment], "URL path, named by the site's navigation")
    segment = segments[-1]
    return Found(segment.replace("-", " ").replace("_", " ").title(), "URL path segment")
