"""The Evening Ledger's two old page layouts, as plain string templates.

``render_2003`` is the static-HTML era (tables, ``<font>``, a windows-1252 or
iso-8859-1 declaration, no metadata worth the name); ``render_2009`` is the CMS era
(divs, OpenGraph, canonical links, UTF-8, comments). Both the bundled sample and the
benchmark generator render through these, so a site profile learned on one applies to
the other. Everything is f-strings: the benchmark generator needs thousands of pages a
second, and every piece of text goes through :func:`html.escape` on the way in.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from .paper import BASE_URL, HOST, PAPER, SECTIONS, long_date

LAYOUTS = ("2003", "2009")
#: charsets the 2003 templates declared; both are written as their own codec
CHARSETS_2003 = ("windows-1252", "iso-8859-1")


@dataclass(slots=True)
class Page:
    """One legacy article page, before it is put into a layout."""

    url: str  # absolute legacy URL
    headline: str
    section: str  # section display name as the page was filed (may be wrong)
    paragraphs: Sequence[str]
    dek: str | None = None
    bylines: Sequence[str] = ()
    byline_title: str | None = None
    published: dt.datetime | None = None
    dateline: str | None = None
    tags: Sequence[str] = ()
    page_no: int = 1
    page_count: int = 1
    prev_url: str | None = None
    next_url: str | None = None
    #: (url, headline): "Most E-mailed" box in 2003, "Related articles" in 2009
    related: Sequence[tuple[str, str]] = ()
    #: (screen name, text); 2009 only
    comments: Sequence[tuple[str, str]] = ()
    #: 2003 only: the charset declared and used to encode the page
    charset: str = "windows-1252"


def _t(text: str) -> str:
    """Escape text content (quotes stay readable)."""
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    """Escape an attribute value."""
    return html.escape(text, quote=True)


def _path(url: str) -> str:
    return url[len(BASE_URL):] if url.startswith(BASE_URL) else url


# --- URL schemes ----------------------------------------------------------------------


def url_2003(day: dt.date, section: str, slug: str, page_no: int = 1) -> str:
    """``/2003/03/07/local/harbor-dredging-plan.html``; page 2 is ``..._2.html``."""
    suffix = f"_{page_no}" if page_no > 1 else ""
    return f"{BASE_URL}/{day:%Y/%m/%d}/{SECTIONS[section]}/{slug}{suffix}.html"


def url_2009(day: dt.date, section: str, slug: str, page_no: int = 1) -> str:
    """``/news/business/2009/06/12/story-slug``; page 2 is ``..._2``."""
    suffix = f"_{page_no}" if page_no > 1 else ""
    return f"{BASE_URL}/news/{SECTIONS[section]}/{day:%Y/%m/%d}/{slug}{suffix}"


def mirror_path(url: str) -> str:
    """Where ``wget --mirror --adjust-extension`` saves a URL: ``host/path[.html]``."""
    path = _path(url).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    elif not path.rsplit("/", 1)[-1].count("."):
        path += ".html"
    return f"{HOST}/{path}"


# --- 2003 -----------------------------------------------------------------------------

_NAV_2003 = "".join(
    f'<tr><td><font face="Arial" size="2">&#149; <a href="/{slug}/">{name}</a></font></td></tr>\n'
    for name, slug in SECTIONS.items()
)


def _frame_2003(title: str, charset: str, day: dt.date | None, center: str,
                most_emailed: Sequence[tuple[str, str]]) -> str:
    top_date = f"{day:%A}, {long_date(day)}" if day else "Port Alden&#8217;s Hometown Newspaper"
    boxes = "".join(
        f'<li><font face="Arial" size="1"><a href="{_a(_path(u))}">{_t(h)}</a></font></li>\n'
        for u, h in most_emailed
    )
    year = day.year if day else 2003
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{_t(title)}</title>
<link rel="stylesheet" href="/css/ledger.css" type="text/css">
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0" marginheight="0" marginwidth="0">
<table width="760" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><a href="/"><img src="/images/masthead.gif" width="760" height="80" border="0" alt="{PAPER}"></a></td></tr>
<tr><td colspan="3" bgcolor="#003366"><font face="Arial" size="1" color="#FFFFFF">&nbsp;{top_date} | <a href="/subscribe/"><font color="#FFFFFF">Subscribe</font></a> | <a href="/classifieds/"><font color="#FFFFFF">Classifieds</font></a></font></td></tr>
<tr>
<td width="140" valign="top" bgcolor="#E8E8E8">
<table width="140" border="0" cellpadding="3" cellspacing="0">
<tr><td><font face="Arial" size="2"><b>Sections</b></font></td></tr>
{_NAV_2003}<tr><td><font face="Arial" size="2">&#149; <a href="/archives/">Archives</a></font></td></tr>
</table>
<br><center><font face="Arial" size="1" color="#999999">ADVERTISEMENT</font><br>
<a href="/ads/click?id=left"><img src="/ads/harbor_savings_120x240.gif" width="120" height="240" border="0" alt=""></a></center>
</td>
<td width="460" valign="top">
{center}
</td>
<td width="160" valign="top" bgcolor="#F4F4EE">
<table width="160" border="0" cellpadding="4" cellspacing="0"><tr><td bgcolor="#CCCC99"><font face="Arial" size="2"><b>Most E-mailed</b></font></td></tr>
<tr><td><ol>
{boxes}</ol></td></tr></table>
<center><font face="Arial" size="1" color="#999999">ADVERTISEMENT</font><br>
<a href="/ads/click?id=right"><img src="/ads/kessler_careers_160x600.gif" width="160" height="600" border="0" alt=""></a></center>
</td>
</tr>
<tr><td colspan="3" align="center"><hr size="1" noshade><font face="Arial" size="1">Copyright &copy; {year} {PAPER}, Port Alden. All rights reserved. | <a href="/privacy.html">Privacy Policy</a> | <a href="/contact.html">Contact Us</a> | <a href="/advertise.html">Advertise</a></font></td></tr>
</table>
</body>
</html>
"""


def render_2003(page: Page) -> bytes:
    """A 2003-layout page, encoded in the charset it declares."""
    day = page.published.date() if page.published else None
    parts = [f'<font face="Arial" size="1"><a href="/{SECTIONS.get(page.section, "news")}/">'
             f"{_t(page.section)}</a></font><br>\n"
             f'<font face="Times New Roman" size="5"><b>{_t(page.headline)}</b></font><br>\n']
    if page.page_no > 1:
        parts.append('<font face="Arial" size="2"><i>(Continued)</i></font><br><br>\n')
    else:
        if page.dek:
            parts.append(f'<font face="Times New Roman" size="3"><i>{_t(page.dek)}</i></font><br><br>\n')
        credit = []
        if page.bylines:
            names = " and ".join(n.upper() for n in page.bylines)
            credit.append(f"<b>By {_t(names)}</b>")
        if page.byline_title:
            credit.append(_t(page.byline_title))
        if day:
            credit.append(long_date(day))
        if credit:
            parts.append(f'<font face="Arial" size="2">{"<br>".join(credit)}</font>\n')
    for i, para in enumerate(page.paragraphs):
        text = _t(para)
        if i == 0 and page.page_no == 1 and page.dateline:
            text = f"{_t(page.dateline)} \u2014 {text}"
        parts.append(f'<p><font face="Times New Roman" size="3">{text}</font></p>\n')
    if page.page_count > 1:
        nav = [f"Page {page.page_no} of {page.page_count}"]
        if page.prev_url:
            nav.insert(0, f'<a href="{_a(_path(page.prev_url))}">Previous page</a>')
        if page.next_url:
            nav.append(f'<a href="{_a(_path(page.next_url))}">Next page</a>')
        parts.append(f'<p align="center"><font face="Arial" size="2">{" | ".join(nav)}</font></p>\n')
    parts.append('<p><font face="Arial" size="1"><a href="/cgi-bin/email_story.pl">E-mail this story</a>'
                 ' | <a href="/cgi-bin/print_story.pl">Printer-friendly version</a></font></p>')
    title = f"{PAPER}: {page.headline}"
    markup = _frame_2003(title, page.charset, day, "".join(parts), page.related)
    # Characters the declared charset lacks become numeric references, as the old
    # publishing system did; the page stays valid in its own declaration.
    return markup.encode(page.charset, errors="xmlcharrefreplace")


def render_2003_index(section: str, items: Sequence[Page], *, charset: str = "windows-1252",
                      most_emailed: Sequence[tuple[str, str]] = ()) -> bytes:
    """A 2003 section front: a list of headlines and no article."""
    rows = "".join(
        f'<p><font face="Arial" size="2"><b><a href="{_a(_path(p.url))}">{_t(p.headline)}</a></b><br>\n'
        f'{_t(p.dek or "")} <font color="#666666">({long_date(p.published.date()) if p.published else ""})</font></font></p>\n'
        for p in items
    )
    center = f'<font face="Times New Roman" size="5"><b>{_t(section)} News</b></font><br>\n{rows}'
    markup = _frame_2003(f"{PAPER}: {section}", charset, None, center, most_emailed)
    return markup.encode(charset, errors="xmlcharrefreplace")


# --- 2009 -----------------------------------------------------------------------------

_NAV_2009 = '<li><a href="/">Home</a></li>' + "".join(
    f'<li><a href="/news/{slug}/">{name}</a></li>' for name, slug in SECTIONS.items()
)


def _frame_2009(title: str, head: str, body_class: str, breadcrumbs: str, main: str,
                popular: Sequence[tuple[str, str]]) -> str:
    pop = "".join(f'<li><a href="{_a(_path(u))}">{_t(h)}</a></li>' for u, h in popular)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:og="http://ogp.me/ns#" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_t(title)}</title>
{head}<link rel="stylesheet" type="text/css" href="/static/css/ledger-2009.css" />
<script type="text/javascript" src="/static/js/jquery-1.3.2.min.js"></script>
</head>
<body class="{body_class}">
<div id="wrapper">
<div id="header">
<div id="masthead"><a href="/"><img src="/static/img/ledger-logo.png" alt="{PAPER}" /></a><span class="tagline">Port Alden&#8217;s newspaper since 1871</span></div>
<div id="utility"><a href="/accounts/login/">Log in</a> | <a href="/accounts/register/">Register</a> | <a href="/subscribe/">Subscribe</a> | <form action="/search/" method="get"><input type="text" name="q" /><input type="submit" value="Search" /></form></div>
<ul id="nav">{_NAV_2009}</ul>
</div>
<div id="leaderboard" class="ad"><span class="ad-label">Advertisement</span><a href="/ads/click/?slot=top"><img src="/ads/728x90/harbor-savings.gif" alt="" /></a></div>
<div id="content">
<div id="breadcrumbs">{breadcrumbs}</div>
<div id="main">
{main}
</div>
<div id="sidebar">
<div class="box most-popular"><h3>Most Popular</h3><ol>{pop}</ol></div>
<div class="ad"><span class="ad-label">Advertisement</span><a href="/ads/click/?slot=side"><img src="/ads/300x250/alden-auto.gif" alt="" /></a></div>
<div class="box newsletter"><h3>Get the Ledger in your inbox</h3><p><a href="/newsletters/">Sign up for our daily headlines</a></p></div>
</div>
</div>
<div id="footer"><p>&#169; 2009 {PAPER}, a division of Alden Media Group. All rights reserved.</p><p><a href="/about/privacy/">Privacy Policy</a> | <a href="/about/terms/">Terms of Use</a> | <a href="/about/contact/">Contact Us</a> | <a href="/about/advertise/">Advertise</a> | <a href="/rss/">RSS</a></p></div>
</div>
</body>
</html>
"""


def _crumbs(section: str | None) -> str:
    crumb = '<a href="/">Home</a>'
    if section:
        crumb += f' &gt; <a href="/news/{SECTIONS.get(section, "news")}/">{_t(section)}</a>'
    return crumb


def render_2009(page: Page) -> bytes:
    """A 2009-layout page, UTF-8."""
    url = page.url
    head = [
        f'<meta name="description" content="{_a(page.dek or page.headline)}" />\n',
        f'<meta property="og:title" content="{_a(page.headline)}" />\n',
        '<meta property="og:type" content="article" />\n',
        f'<meta property="og:url" content="{_a(url)}" />\n',
        f'<meta property="og:site_name" content="{PAPER}" />\n',
    ]
    if page.dek:
        head.append(f'<meta property="og:description" content="{_a(page.dek)}" />\n')
    if page.published:
        head.append(f'<meta property="article:published_time" content="{page.published.isoformat()}" />\n')
    head.append(f'<meta property="article:section" content="{_a(page.section)}" />\n')
    head.extend(f'<meta property="article:tag" content="{_a(tag)}" />\n' for tag in page.tags)
    if page.bylines:
        head.append(f'<meta name="author" content="{_a(", ".join(page.bylines))}" />\n')
    head.append(f'<link rel="canonical" href="{_a(url)}" />\n')

    body = ['<div class="article">\n', f'<h1 class="headline">{_t(page.headline)}</h1>\n']
    if page.dek and page.page_no == 1:
        body.append(f'<h2 class="dek">{_t(page.dek)}</h2>\n')
    if page.bylines:
        links = " and ".join(
            f'<a class="author" href="/staff/{_a(n.lower().replace(" ", "-"))}/">{_t(n)}</a>'
            for n in page.bylines
        )
        title = f", {_t(page.byline_title)}" if page.byline_title else ""
        body.append(f'<div class="byline">By {links}{title}</div>\n')
    if page.published:
        p = page.published
        clock = f"{p.hour % 12 or 12}:{p.minute:02d} {'a.m.' if p.hour < 12 else 'p.m.'}"
        body.append(f'<div class="pubdate">Published <abbr class="published" title="{p.isoformat()}">'
                    f"{long_date(p.date())}, {clock}</abbr></div>\n")
    body.append('<div class="share"><a class="share-facebook" href="#">Facebook</a> '
                '<a class="share-twitter" href="#">Twitter</a> <a class="share-email" href="#">E-mail</a> '
                '<a class="share-print" href="#">Print</a></div>\n<div class="article-body">\n')
    for i, para in enumerate(page.paragraphs):
        if i == 0 and page.page_no == 1 and page.dateline:
            body.append(f'<p><span class="dateline">{_t(page.dateline)} \u2014</span> {_t(para)}</p>\n')
        else:
            body.append(f"<p>{_t(para)}</p>\n")
    body.append("</div>\n")
    if page.page_count > 1:
        nav = [f"Page {page.page_no} of {page.page_count}"]
        if page.prev_url:
            nav.insert(0, f'<a href="{_a(_path(page.prev_url))}">Previous page</a>')
        if page.next_url:
            nav.append(f'<a href="{_a(_path(page.next_url))}">Next page</a>')
        body.append(f'<div class="pagination">{" | ".join(nav)}</div>\n')
    if page.tags:
        tags = ", ".join(f'<a href="/tags/{_a(t.lower().replace(" ", "-"))}/">{_t(t)}</a>' for t in page.tags)
        body.append(f'<div class="tags">Tags: {tags}</div>\n')
    body.append("</div>\n")
    if page.related:
        items = "".join(f'<li><a href="{_a(_path(u))}">{_t(h)}</a></li>' for u, h in page.related)
        body.append(f'<div id="related"><h3>Related articles</h3><ul>{items}</ul></div>\n')
    comments = "".join(
        f'<div class="comment"><p class="comment-author">{_t(who)} wrote:</p><p>{_t(text)}</p></div>\n'
        for who, text in page.comments
    )
    body.append(f'<div id="comments"><h3>Comments ({len(page.comments)})</h3>\n{comments}'
                '<p class="comment-login"><a href="/accounts/login/">Sign in to comment</a></p></div>')
    slug = SECTIONS.get(page.section, "news")
    markup = _frame_2009(f"{page.headline} | {page.section} | {PAPER}", "".join(head),
                         f"article section-{slug}", _crumbs(page.section), "".join(body), page.related)
    return markup.encode("utf-8")


def render_2009_index(heading: str, items: Sequence[Page]) -> bytes:
    """A 2009 front page: teasers and no article."""
    teasers = "".join(
        f'<div class="teaser"><h3><a href="{_a(_path(p.url))}">{_t(p.headline)}</a></h3>'
        f'<p>{_t(p.dek or "")}</p></div>\n' for p in items
    )
    main = f'<h1 class="section-title">{_t(heading)}</h1>\n{teasers}'
    head = f'<meta property="og:type" content="website" />\n<link rel="canonical" href="{BASE_URL}/" />\n'
    return _frame_2009(f"{PAPER} | Port Alden news, sports and opinion", head, "front", _crumbs(None),
                       main, [(p.url, p.headline) for p in items[:5]]).encode("utf-8")


def render_2009_not_found(*, soft: bool = False) -> bytes:
    """The CMS's error page; ``soft`` is the variant it served with status 200."""
    if soft:
        heading = "Sorry, this story is no longer available"
        text = ("The story you are looking for may have been moved or removed from our site. "
                "Try searching our archives or go to the home page.")
    else:
        heading = "Page not found"
        text = ("We couldn\u2019t find the page you asked for. Check the address, or try "
                "searching our site.")
    main = f'<div class="error-page"><h1>{_t(heading)}</h1>\n<p>{_t(text)}</p></div>'
    return _frame_2009(f"{heading} | {PAPER}", '<meta name="robots" content="noindex" />\n',
                       "error", _crumbs(None), main, ()).encode("utf-8")
