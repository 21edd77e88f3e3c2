"""Stories printed over several pages: "Page 1 of 2 | Next page", ``?page=2``, ``_2.html``.

:func:`find_pagination` reads one page: which page of how many it is (from a "Page N of
M" line, else from its URL), where the next and previous pages are (links named so, or
``rel=next``), and which lines are the pagination itself (kept out of the body).
:func:`stitch` takes the articles of a source and joins each story's continuation pages
to its first page, in page order, keeping every page's legacy URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html

from ..records import Article, PageOf, SetAside
from .dom import Line

__all__ = ["Pagination", "find_pagination", "is_pagination_line", "first_page_url", "page_number_in_url",
           "stitch", "REASON_PAGINATION"]

REASON_PAGINATION = "pagination"

#: A pagination line is short: "« Previous page | Page 2 of 3 | Next page »".
PAGINATION_MAX_WORDS = 14
#: Page numbers beyond this in a URL are ids, not pages.
MAX_PAGES = 50
#: Query parameters that number the pages of a story.
PAGE_PARAMS = ("page", "pg", "pagenum", "page_num", "pagenumber", "currentpage", "p")

_PAGE_OF = re.compile(r"\bpage\s+(\d{1,2})\s*(?:of|/)\s*(\d{1,2})\b", re.I)
_NAV_WORDS = re.compile(
    r"\b(?:page|pages|next|previous|prev|continued|continue|continues|reading|on|first|last|"
    r"more|story|article|back|to|go|of|single|view|all|full)\b|[«»‹›<>|·•:,.()\[\]\-–—]|\d+",
    re.I,
)
_NEXT = re.compile(r"^\W*(?:next|continue|continued|more)\b", re.I)
_PREV = re.compile(r"^\W*(?:previous|prev|back)\b", re.I)
_SUFFIX = re.compile(r"^(?P<stem>.+?)_(?P<n>\d{1,2})(?P<ext>\.s?html?|\.php|\.asp|\.aspx)?$", re.I)
_PAGE_SEGMENT = re.compile(r"^(?P<stem>.*?)/page/(?P<n>\d{1,2})/?$", re.I)


@dataclass(slots=True)
class Pagination:
    page: PageOf
    #: indices (into the page's lines) of the pagination lines
    lines: list[int] = field(default_factory=list)


def is_pagination_line(text: str) -> bool:
    """"Page 1 of 2 | Next page", "Next page »", "Continued on page 2": only page words."""
    words = text.split()
    if not words or len(words) > PAGINATION_MAX_WORDS:
        return False
    has_cue = bool(_PAGE_OF.search(text)) or bool(re.search(r"\b(?:next|previous|prev)\s+page\b|"
                                                            r"\bcontinued\s+on\b|\bpage\s+\d", text, re.I))
    return has_cue and not _NAV_WORDS.sub(" ", text).strip()


def find_pagination(lines: list[Line], url: str | None, root: lxml.html.HtmlElement | None = None
                    ) -> Pagination | None:
    """Where the page sits in a multi-page story, or None if it is a one-page story."""
    number = count = None
    nav_lines: list[int] = []
    next_url = prev_url = None
    for line in lines:
        if not is_pagination_line(line.text):
            continue
        nav_lines.append(line.index)
        if match := _PAGE_OF.search(line.text):
            number, count = int(match[1]), int(match[2])
        for link in _links_of(line):
            text = link.text_content().strip()
            href = link.get("href")
            if not href:
                continue
            if _NEXT.match(text) and next_url is None:
                next_url = urljoin(url or "", href)
            elif _PREV.match(text) and prev_url is None:
                prev_url = urljoin(url or "", href)
    if root is not None:
        for link in root.iter("link", "a"):
            rel = (link.get("rel") or "").lower().split()
            href = link.get("href")
            if href and "next" in rel and next_url is None and nav_lines:
                next_url = urljoin(url or "", href)
            if href and "prev" in rel and prev_url is None and nav_lines:
                prev_url = urljoin(url or "", href)
    if number is None:
        in_url = page_number_in_url(url)
        if in_url is not None and (nav_lines or prev_url):
            number = in_url
        elif nav_lines and next_url and not prev_url:
            number = 1
    if number is None or (number == 1 and count in (None, 1) and not next_url):
        return None
    first = url if number == 1 else (first_page_url(url) if url else None)
    if number == 2 and prev_url and first is None:
        first = prev_url
    return Pagination(PageOf(number, count, first, prev_url, next_url), nav_lines)


def _links_of(line: Line) -> list[lxml.html.HtmlElement]:
    owner = line.owner
    if owner.tag == "a":
        return [owner]
    return list(owner.iter("a"))


def page_number_in_url(url: str | None) -> int | None:
    """2 for ``…/story_2.html``, ``…?page=2``, ``…/story/page/2/``; None otherwise."""
    if not url:
        return None
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_PARAMS and value.isdigit() and 1 <= int(value) <= MAX_PAGES:
            return int(value)
    if match := _PAGE_SEGMENT.match(parts.path):
        return int(match["n"])
    last = parts.path.rsplit("/", 1)[-1]
    if match := _SUFFIX.match(last):
        n = int(match["n"])
        return n if 2 <= n <= MAX_PAGES else None
    return None


def first_page_url(url: str) -> str | None:
    """The URL of page 1 for the URL of a later page, by the same numbering scheme."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if k.lower() not in PAGE_PARAMS]
    if len(kept) != len(query):
        return urlunsplit(parts._replace(query=urlencode(kept)))
    if match := _PAGE_SEGMENT.match(parts.path):
        return urlunsplit(parts._replace(path=match["stem"] or "/"))
    head, _, last = parts.path.rpartition("/")
    if match := _SUFFIX.match(last):
        return urlunsplit(parts._replace(path=f"{head}/{match['stem']}{match['ext'] or ''}"))
    return None


def _key(url: str | None) -> str:
    """URLs compared without scheme, ``www.``, a trailing slash or ``.html``/``index.html``."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = re.sub(r"(?:/index)?\.s?html?$", "", parts.path).rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def stitch(articles: Iterable[Article]) -> list[Article]:
    """Join continuation pages to their first page, in page order; other articles pass.

    The first page's article gets the later pages' paragraphs (each page's set-aside
    text and warnings too) and their legacy URLs in ``part_urls``. A continuation page
    whose first page is not among ``articles`` is returned as it is, with a warning.
    """
    items = list(articles)
    firsts: dict[str, Article] = {}
    for article in items:
        if article.page_of is None or article.page_of.number == 1:
            firsts.setdefault(_key(article.legacy_url), article)
    parts: dict[int, list[Article]] = {}
    out: list[Article] = []
    for article in items:
        page = article.page_of
        if page is None or page.number == 1:
            out.append(article)
            continue
        first = firsts.get(_key(page.first_url))
        if first is None or first is article:
            if not any("first page" in w for w in article.warnings):
                article.warnings.append(f"page {page.number} of a story whose first page "
                                        f"({page.first_url or 'unknown'}) was not found")
            out.append(article)
            continue
        parts.setdefault(id(first), []).append(article)
    for article in out:
        later = sorted(parts.get(id(article), []), key=lambda a: a.page_of.number if a.page_of else 0)
        if later:
            join_pages(article, later)
    return out


def join_pages(first: Article, later: list[Article]) -> None:
    """Append ``later`` pages (in order) to ``first``, in place."""
    numbers = [1] + [a.page_of.number for a in later if a.page_of]
    for page in later:
        first.paragraphs.extend(page.paragraphs)
        first.part_urls.append(page.legacy_url or "")
        first.set_aside.extend(SetAside(s.text, f"page {page.page_of.number if page.page_of else '?'}: {s.reason}")
                               for s in page.set_aside)
        first.warnings.extend(w for w in page.warnings if w not in first.warnings
                              and not w.startswith(("no publication date", "no headline")))
    count = first.page_of.count if first.page_of else None
    expected = list(range(1, (count or max(numbers)) + 1))
    missing = [n for n in expected if n not in numbers]
    if missing:
        first.warnings.append("pages missing from a multi-page story: " + ", ".join(map(str, missing)))
    first.field_sources["paragraphs"] = (first.field_sources.get("paragraphs", "") +
                                         f"; pages {', '.join(map(str, numbers))} stitched").lstrip("; ")
