"""A legacy news site made of Reuters-21578 stories, with the truth kept beside each page.

The single-site extraction benchmark needs what a real migration has and a public test
set does not: hundreds of pages of one site, in the templates its CMS used over the
years, with the right headline, byline, date, dateline, section and body of every page
known. So the stories of Reuters-21578 (``../shared/data/reuters21578``, read by
``benchmarks/reuters.py``) are put through two invented 2000s templates of an invented
paper, *The Wire Desk*:

- **2001** — a table layout: ``<font>`` tags, a navigation column, a "Most E-mailed" box
  whose links carry other stories' dates, today's date in the top bar, the section as a
  kicker link above the headline, the byline in capitals ("By CAL MANKOWSKI") with a
  role line and the date under it, an advertisement between paragraphs, "Page 1 of 2 |
  Next page" on long stories (``…_2.html``), the site's name before the headline in
  ``<title>``, dates in the URL, no metadata.
- **2004** — a home-grown PHP CMS: ``story.php?id=…`` URLs (no date, no section), the
  section as a plain label above the headline, the byline in capitals with no "By" and
  no byline markup, the date printed only as "03/03/87", "Top stories" with numeric
  dates beside, ``&page=2`` pagination; ``<meta name=author|date|section>`` only on
  stories from April 1987 on. Page by page, the pages without metadata lose byline,
  date and section; a profile learns where they are printed (and that "03/03/87" is
  month first) from the pages whose metadata says the same.
- **2007** — a CMS layout: divs, breadcrumbs, a byline in mixed case, "Posted: Mar. 3,
  1987 | Updated: Mar. 4, 1987", share tools, an inline ad block, related stories with
  dates, reader comments with their own dates, ``?page=2`` pagination, no date in the
  URL; OpenGraph and ``article:*`` meta tags only on stories from April 1987 on (the
  CMS gained them in an upgrade).

Deterministic for a seed. Research use of the Reuters text only (see its README.txt).
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters import REUTERS_DIR, Story, read_reuters  # noqa: E402

__all__ = ["SitePage", "site_stories", "render_site", "HOST", "LAYOUTS"]

HOST = "www.wiredesk.example"
BASE = f"http://{HOST}"
PAPER = "The Wire Desk"
LAYOUTS = ("2001", "2004", "2007")
#: A story of at least this many paragraphs runs over two pages.
TWO_PAGES_FROM = 9
#: Day the 2001 site was crawled (its top bar prints it), and the 2007 site's "last updated".
CRAWL_2001 = dt.date(2001, 6, 12)
UPDATED_2007 = dt.date(2007, 8, 17)
#: 2004 and 2007 stories get meta tags from this date on.
META_FROM = dt.date(1987, 4, 1)
CRAWL_2004 = dt.date(2004, 6, 14)

#: Reuters topics → the paper's sections, first match wins.
SECTION_OF_TOPIC = (
    ({"earn", "acq"}, "Business"),
    ({"money-fx", "interest", "money-supply", "dlr", "yen", "dmk"}, "Markets"),
    ({"crude", "nat-gas", "gas", "fuel", "heat", "propane", "jet", "naphtha"}, "Energy"),
    ({"grain", "wheat", "corn", "coffee", "cocoa", "sugar", "oilseed", "soybean", "veg-oil",
      "cotton", "livestock", "rice", "barley", "sorghum", "rubber", "tin", "gold", "silver",
      "copper", "zinc", "lead", "alum", "iron-steel", "nickel", "palm-oil"}, "Commodities"),
    ({"trade", "gnp", "bop", "cpi", "jobs", "ipi", "retail", "wpi", "housing", "income"}, "Economy"),
)
SECTIONS = ("Business", "Markets", "Energy", "Commodities", "Economy", "World")
SECTION_SLUGS = {name: name.lower() for name in SECTIONS}

COMMENTS = (
    "This is exactly what the analysts were warning about last quarter.",
    "Does anyone know how this affects the smaller exporters?",
    "Another example of the market reacting before the facts are in.",
    "I work in this industry and the real story is the labor costs.",
    "Good reporting, but I would like to see the numbers for Europe too.",
)
SCREEN_NAMES = ("trader_joe", "mkt_watcher", "grainbelt", "oilpatch77", "skeptic_in_ny")
_AUTHOR = re.compile(r"<AUTHOR>\s*(?:by\s+)?(?P<name>[^,<]+?)\s*(?:,\s*[^<]*)?</AUTHOR>", re.I)
_NEWID = re.compile(r'NEWID="(\d+)"')
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class SitePage:
    """One page of the site and the truth about it."""

    url: str
    layout: str
    content: bytes
    charset: str
    #: headline, bylines, published (ISO), dateline, section, paragraphs (this page's),
    #: story (newid), page_no, page_count, story_paragraphs (the whole story)
    truth: dict = field(default_factory=dict)


def _authors(folder: Path) -> dict[int, str]:
    """NEWID → author name, for the stories that have an ``<AUTHOR>``."""
    found: dict[int, str] = {}
    for path in sorted(folder.glob("reut2-*.sgm")):
        text = path.read_bytes().decode("latin-1")
        for chunk in text.split("</REUTERS>"):
            newid = _NEWID.search(chunk)
            author = _AUTHOR.search(chunk)
            if newid and author:
                found[int(newid[1])] = " ".join(author["name"].split())
    return found


def _usable(story: Story) -> bool:
    words = sum(len(p.split()) for p in story.paragraphs)
    return (story.date is not None and bool(story.title) and bool(story.dateline)
            and len(story.paragraphs) >= 2 and words >= 60 and len(story.title.split()) >= 3)


def site_stories(count: int, seed: int = 0, folder: Path = REUTERS_DIR) -> list[tuple[Story, str | None]]:
    """``count`` usable stories (with their author, if any), a seeded sample in NEWID order."""
    usable = [s for s in read_reuters(folder) if _usable(s)]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(usable, min(count, len(usable))), key=lambda s: s.newid)
    authors = _authors(folder)
    return [(s, _name_case(authors[s.newid]) if s.newid in authors else None) for s in chosen]


def _names(author: str | None) -> list[str]:
    """"Allan Saunderson and Antonia Sharpe" → both names."""
    return [n.strip() for n in re.split(r"\s+and\s+|\s*&\s*", author) if n.strip()] if author else ["Reuters"]


def _dateline(dateline: str) -> str:
    """The paper sets the place in capitals, whatever the wire sent: "TORONTO, March 11"."""
    place, sep, rest = dateline.strip("* ").partition(",")  # "****PARIS" in a few SGML records
    return place.upper() + sep + rest


def _name_case(name: str) -> str:
    """The SGML has "TED D'AFFLISIO" next to "Cal Mankowski": the truth is normal case."""
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() if "'" not in w else
                        "'".join(p[:1] + p[1:].lower() for p in w.split("'")) for w in name.split())
    return name


def section_of(story: Story) -> str:
    topics = set(story.topics)
    for names, section in SECTION_OF_TOPIC:
        if topics & names:
            return section
    return "World"


def _slug(title: str, newid: int) -> str:
    return f"{_NON_SLUG.sub('-', title.lower()).strip('-')[:60].strip('-')}-{newid}"


def _t(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _long(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _ap(day: dt.date) -> str:
    month = day.strftime("%B") if day.month in (3, 4, 5, 6, 7) else day.strftime("%b") + "."
    if day.month == 9:
        month = "Sept."
    return f"{month} {day.day}, {day.year}"


def render_site(count: int, seed: int = 0, folder: Path = REUTERS_DIR) -> Iterator[SitePage]:
    """Every page of a site of ``count`` stories, layouts alternating by story."""
    rng = random.Random(seed + 1)
    stories = site_stories(count, seed, folder)
    urls: list[tuple[str, str, dt.date]] = []  # (url, title, date) of stories already on the site
    for n, (story, author) in enumerate(stories):
        layout = LAYOUTS[n % len(LAYOUTS)]
        section = section_of(story)
        assert story.date is not None
        day = story.date.date()
        slug = _slug(story.title, story.newid)
        paragraphs = list(story.paragraphs)
        split = (len(paragraphs) + 1) // 2 if len(paragraphs) >= TWO_PAGES_FROM else len(paragraphs)
        chunks = [paragraphs[:split], paragraphs[split:]] if split < len(paragraphs) else [paragraphs]
        if layout == "2001":
            first = f"{BASE}/{day:%Y/%m/%d}/{SECTION_SLUGS[section]}/{slug}.html"
            page_urls = [first] + [first[:-5] + f"_{i}.html" for i in range(2, len(chunks) + 1)]
        elif layout == "2004":
            first = f"{BASE}/story.php?id={story.newid}"
            page_urls = [first] + [f"{first}&page={i}" for i in range(2, len(chunks) + 1)]
        else:
            first = f"{BASE}/news/{SECTION_SLUGS[section]}/{slug}"
            page_urls = [first] + [f"{first}?page={i}" for i in range(2, len(chunks) + 1)]
        sidebar = [(u, t, d) for u, t, d in urls[-5:]]
        comments = [(rng.choice(SCREEN_NAMES), rng.choice(COMMENTS), day + dt.timedelta(days=rng.randint(1, 9)))
                    for _ in range(rng.randrange(4))] if layout == "2007" else []
        updated = day + dt.timedelta(days=rng.randint(1, 3)) if rng.random() < 0.4 else None
        for i, chunk in enumerate(chunks, start=1):
            dateline = _dateline(story.dateline) if layout != "2007" else f"{_dateline(story.dateline)} (Reuters)"
            truth = {
                "story": story.newid, "headline": story.title,
                "bylines": _names(author),
                "published": day.isoformat(), "dateline": dateline if i == 1 else None,
                "section": section, "paragraphs": chunk, "page_no": i, "page_count": len(chunks),
                "story_paragraphs": paragraphs, "first_url": page_urls[0],
            }
            args = dict(title=story.title, section=section, author=author, day=day, dateline=dateline,
                        paragraphs=chunk, page_no=i, page_count=len(chunks), urls=page_urls,
                        sidebar=sidebar)
            if layout == "2001":
                charset = "iso-8859-1"
                markup = _render_2001(**args)
            elif layout == "2004":
                charset = "windows-1252"
                markup = _render_2004(**args, meta=day >= META_FROM)
            else:
                charset = "utf-8"
                markup = _render_2007(**args, comments=comments, updated=updated, meta=day >= META_FROM)
            yield SitePage(page_urls[i - 1], layout, markup.encode(charset, errors="xmlcharrefreplace"),
                           charset, truth)
        urls.append((page_urls[0], story.title, day))


def _path(url: str) -> str:
    return url[len(BASE):] if url.startswith(BASE) else url


def _pager(page_no: int, page_count: int, urls: list[str]) -> list[str]:
    nav = [f"Page {page_no} of {page_count}"]
    if page_no > 1:
        nav.insert(0, f'<a href="{_a(_path(urls[page_no - 2]))}">Previous page</a>')
    if page_no < page_count:
        nav.append(f'<a href="{_a(_path(urls[page_no]))}">Next page</a>')
    return nav


_NAV_2001 = "".join(f'<tr><td><font face="Verdana" size="2"><a href="/{SECTION_SLUGS[s]}/">{s}</a></font></td></tr>\n'
                    for s in SECTIONS)


def _render_2001(*, title: str, section: str, author: str | None, day: dt.date, dateline: str,
                 paragraphs: list[str], page_no: int, page_count: int, urls: list[str],
                 sidebar: list[tuple[str, str, dt.date]]) -> str:
    center = [f'<font face="Verdana" size="1"><a href="/{SECTION_SLUGS[section]}/">{_t(section)}</a></font><br>\n',
              f'<font face="Georgia" size="5"><b>{_t(title)}</b></font><br>\n']
    if page_no == 1:
        who = (author or "Reuters").upper()
        role = "<br>Reuters Correspondent" if author else ""
        center.append(f'<font face="Verdana" size="2"><b>By {_t(who)}</b>{role}<br>{_long(day)}</font>\n')
    else:
        center.append('<font face="Verdana" size="2"><i>(Continued from page 1)</i></font>\n')
    for k, para in enumerate(paragraphs):
        text = _t(para)
        if k == 0 and page_no == 1:
            text = f"{_t(dateline)} - {text}"
        center.append(f'<p><font face="Times New Roman" size="3">{text}</font></p>\n')
        if k == 2 and len(paragraphs) > 4:
            center.append('<center><font face="Verdana" size="1" color="#999999">ADVERTISEMENT</font><br>'
                          '<img src="/ads/banner_300x250.gif" width="300" height="250" alt=""></center>\n')
    if page_count > 1:
        center.append(f'<p align="center"><font face="Verdana" size="2">{" | ".join(_pager(page_no, page_count, urls))}'
                      '</font></p>\n')
    center.append('<p><font face="Verdana" size="1"><a href="/cgi-bin/mail.pl">E-mail this story</a> | '
                  '<a href="/cgi-bin/print.pl">Printer-friendly version</a></font></p>\n')
    most = "".join(f'<li><font face="Verdana" size="1"><a href="{_a(_path(u))}">{_t(t)}</a> ({_long(d)})</font></li>\n'
                   for u, t, d in sidebar)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{PAPER}: {_t(title)}</title>
</head>
<body bgcolor="#FFFFFF" marginheight="0" marginwidth="0">
<table width="780" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><a href="/"><img src="/img/wiredesk.gif" width="780" height="70" border="0" alt="{PAPER}"></a></td></tr>
<tr><td colspan="3" bgcolor="#660000"><font face="Verdana" size="1" color="#FFFFFF">{CRAWL_2001:%A}, {_long(CRAWL_2001)} | <a href="/weather/">Weather</a> | <a href="/subscribe/">Subscribe</a></font></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#EEEEEE">
<table width="150" border="0" cellpadding="3" cellspacing="0">
<tr><td><font face="Verdana" size="2"><b>News</b></font></td></tr>
{_NAV_2001}<tr><td><font face="Verdana" size="2"><a href="/archives/">Archives</a></font></td></tr>
</table>
<center><font face="Verdana" size="1" color="#999999">ADVERTISEMENT</font><br><img src="/ads/skyscraper.gif" width="120" height="600" alt=""></center>
</td>
<td width="450" valign="top">
{"".join(center)}</td>
<td width="180" valign="top" bgcolor="#F5F5F0">
<table width="180" border="0" cellpadding="4" cellspacing="0"><tr><td bgcolor="#CCCCAA"><font face="Verdana" size="2"><b>Most E-mailed</b></font></td></tr>
<tr><td><ol>
{most}</ol></td></tr></table>
</td>
</tr>
<tr><td colspan="3" align="center"><hr size="1" noshade><font face="Verdana" size="1">Copyright &copy; 2001 {PAPER}. All rights reserved. | <a href="/privacy.html">Privacy Policy</a> | <a href="/terms.html">Terms of Use</a></font></td></tr>
</table>
</body></html>
"""


def _numeric(day: dt.date) -> str:
    return f"{day:%m/%d/%y}"


def _render_2004(*, title: str, section: str, author: str | None, day: dt.date, dateline: str,
                 paragraphs: list[str], page_no: int, page_count: int, urls: list[str],
                 sidebar: list[tuple[str, str, dt.date]], meta: bool) -> str:
    head = ""
    if meta:
        head = (f'<meta name="date" content="{day.isoformat()}">\n<meta name="section" content="{_a(section)}">\n'
                + f'<meta name="author" content="{_a(author or "Reuters")}">\n')
    center = [f'<div class="slug">{_t(section.upper())}</div>\n<div class="hed">{_t(title)}</div>\n']
    if page_no == 1:
        center.append(f'<div class="credit">{_t((author or "Reuters").upper())}</div>\n')
    center.append(f'<span class="date">{_numeric(day)}</span>\n<div id="story">\n')
    for k, para in enumerate(paragraphs):
        text = f"{_t(dateline)} - {_t(para)}" if k == 0 and page_no == 1 else _t(para)
        center.append(f"<p>{text}</p>\n")
    center.append("</div>\n")
    if page_count > 1:
        center.append(f'<div class="pages">{" | ".join(_pager(page_no, page_count, urls))}</div>\n')
    center.append('<div class="tools"><a href="/mail.php">Email this</a> | <a href="/print.php">Print this</a></div>\n')
    top = "".join(f'<li><a href="{_a(_path(u))}">{_t(t)}</a> ({_numeric(d)})</li>' for u, t, d in sidebar)
    nav = "".join(f'<a href="/index.php?s={SECTION_SLUGS[s]}">{s}</a><br>' for s in SECTIONS)
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>WireDesk.com - {_t(title)}</title>
{head}<link rel="stylesheet" href="/style.css">
</head>
<body>
<div id="masthead"><a href="/"><img src="/img/wd-2004.gif" alt="{PAPER}"></a> <span class="today">{_numeric(CRAWL_2004)}</span></div>
<div id="leftnav">{nav}<a href="/archive.php">Archive</a></div>
<div id="center">
{"".join(center)}</div>
<div id="right"><b>Top stories</b><ul>{top}</ul><div class="ad">ADVERTISEMENT</div></div>
<div id="footer">Copyright 2004 WireDesk.com. All rights reserved. <a href="/privacy.php">Privacy</a></div>
</body>
</html>
"""


def _render_2007(*, title: str, section: str, author: str | None, day: dt.date, dateline: str,
                 paragraphs: list[str], page_no: int, page_count: int, urls: list[str],
                 sidebar: list[tuple[str, str, dt.date]], comments: list[tuple[str, str, dt.date]],
                 updated: dt.date | None, meta: bool) -> str:
    slug = SECTION_SLUGS[section]
    head = [f'<meta name="description" content="{_a(paragraphs[0][:150])}" />\n']
    if meta:
        head += [f'<meta property="og:title" content="{_a(title)}" />\n',
                 f'<meta property="og:site_name" content="{PAPER}" />\n',
                 f'<meta property="article:published_time" content="{day.isoformat()}T12:00:00-05:00" />\n',
                 f'<meta property="article:section" content="{_a(section)}" />\n']
        if author:
            head.append(f'<meta name="author" content="{_a(author)}" />\n')
    body = [f'<h1 class="story-title">{_t(title)}</h1>\n']
    if page_no == 1:
        who = f'By <a class="author" href="/authors/{_a(_NON_SLUG.sub("-", (author or "reuters").lower()))}/">{_t(author)}</a>' \
            if author else "By Reuters"
        body.append(f'<div class="byline">{who}</div>\n')
    stamp = f"Posted: {_ap(day)} 10:42 a.m. EST"
    if updated:
        stamp += f" | Updated: {_ap(updated)} 9:15 a.m. EST"
    body.append(f'<div class="timestamp">{stamp}</div>\n')
    body.append(f'<div class="tools"><a href="#">Email</a> | <a href="#">Print</a> | <a href="#">Share</a> | '
                f'<a href="#comments">Comments ({len(comments)})</a></div>\n<div class="story-body">\n')
    for k, para in enumerate(paragraphs):
        if k == 0 and page_no == 1:
            body.append(f'<p><span class="dateline">{_t(dateline)} -</span> {_t(para)}</p>\n')
        else:
            body.append(f"<p>{_t(para)}</p>\n")
        if k == 1 and len(paragraphs) > 3:
            body.append('<div class="ad-inline"><span class="ad-label">Advertisement</span>'
                        '<a href="/ads/go?slot=story"><img src="/ads/300x250/broker.gif" alt="" /></a></div>\n')
    body.append("</div>\n")
    if page_count > 1:
        body.append(f'<div class="pager">{" | ".join(_pager(page_no, page_count, urls))}</div>\n')
    related = "".join(f'<li><a href="{_a(_path(u))}">{_t(t)}</a> <span class="date">{_ap(d)}</span></li>'
                      for u, t, d in sidebar[:3])
    body.append(f'<div class="related"><h3>Related stories</h3><ul>{related}</ul></div>\n')
    posts = "".join(f'<div class="comment"><p class="who">{_t(w)} wrote on {_long(d)}:</p><p>{_t(c)}</p></div>\n'
                    for w, c, d in comments)
    body.append(f'<div id="comments"><h3>Reader comments</h3>\n{posts}<p><a href="/login/">Log in to comment</a></p></div>\n')
    nav = "".join(f'<li><a href="/news/{SECTION_SLUGS[s]}/">{s}</a></li>' for s in SECTIONS)
    popular = "".join(f'<li><a href="{_a(_path(u))}">{_t(t)}</a></li>' for u, t, _ in sidebar)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_t(title)} | {_t(section)} | {PAPER}</title>
{"".join(head)}<link rel="stylesheet" href="/css/site-2007.css" type="text/css" />
</head>
<body class="story section-{slug}">
<div id="page">
<div id="header"><a href="/"><img src="/img/logo-2007.png" alt="{PAPER}" /></a>
<p class="updated">Last updated: {UPDATED_2007:%A}, {_long(UPDATED_2007)}</p>
<p class="account"><a href="/login/">Log in</a> | <a href="/register/">Register</a></p></div>
<ul id="nav"><li><a href="/">Home</a></li>{nav}</ul>
<div id="crumbs"><a href="/">Home</a> &raquo; <a href="/news/{slug}/">{_t(section)}</a></div>
<div id="content">
<div class="story">
{"".join(body)}</div>
</div>
<div id="sidebar"><div class="box"><h3>Most popular</h3><ol>{popular}</ol></div>
<div class="ad"><span class="ad-label">Advertisement</span><img src="/ads/160x600/bank.gif" alt="" /></div></div>
<div id="footer"><p>&copy; 2007 {PAPER}. All rights reserved.</p><p><a href="/privacy/">Privacy Policy</a> | <a href="/terms/">Terms of Use</a></p></div>
</div>
</body>
</html>
"""
