"""Saved pages as wget (-m -E -k) or HTTrack leaves them: a folder of them, or one.

Each page file yields its bytes (gunzipped for ``.html.gz``) with the URL it was
saved from: the page's own ``<link rel=canonical>`` / ``og:url``, HTTrack's
"Mirrored from" note, or the path, where wget and HTTrack put the host first.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree

from morgue.pipeline.records import RawPage, SourceItem

from .base import FileSource
from .files import GZIP_MAGIC, Entry, gunzip, mtime_utc, peek_gunzip, read_capped
from .sniff import HTML_SNIFF_BYTES, binary_reason, looks_like_html

# canonical links, og:url and HTTrack's note sit in the head; parsing only this much
# keeps URL finding cheap on multi-megabyte pages
HEAD_BYTES = 64 * 1024

PAGE_SUFFIXES = (
    ".html", ".htm", ".shtml", ".shtm", ".xhtml", ".php", ".php3", ".asp", ".aspx", ".jsp", ".cfm",
)  # fmt: skip
# never pages: assets, feeds and documents a mirror carries along
SKIP_SUFFIXES = frozenset(
    """
    .jpg .jpeg .png .gif .bmp .ico .svg .webp .tif .tiff .avif
    .css .js .mjs .map .json .xml .rss .atom .txt .csv
    .pdf .doc .docx .xls .xlsx .ppt .pptx .rtf .zip .tgz .tar .bz2 .xz .7z .rar .exe .dmg
    .mp3 .mp4 .m4a .m4v .mov .avi .wmv .flv .swf .wav .ogg .webm .mid
    .woff .woff2 .ttf .eot .otf
    """.split()
)
# HTTrack's own bookkeeping, and crawler files that are never articles
SKIP_DIRS = frozenset({"hts-cache"})
SKIP_NAMES = frozenset({"hts-log.txt", "hts-err.txt", "robots.txt", "backblue.gif", "fade.gif"})
# wget names a folder URL's page index.html (HTTrack too), so it stands for the folder
INDEX_NAMES = frozenset({"index.html", "index.htm"})
# HTTrack writes this in the project index pages it generates itself
_HTTRACK_GENERATED = "Created by HTTrack Website Copier"
# HTTrack's note on every page it saved: "Mirrored from host/path by HTTrack Website
# Copier/3.x [XR&CO'2014], Thu, 07 Mar 2008 12:00:00 GMT". Matched in comment text only.
_HTTRACK_NOTE = re.compile(
    r"^\s*Mirrored from (?P<url>\S+) by HTTrack Website Copier\S*\s*(?:\[[^\]]*\])?,?\s*(?P<date>.*?)\s*$"
)
_HOST = re.compile(
    r"^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})"
    r"(?:[:+]\d{1,5})?$",
    re.IGNORECASE,
)
# a "host" whose last label is a file extension is a file name (story.html)
_NOT_TLDS = frozenset(suffix.lstrip(".") for suffix in (*PAGE_SUFFIXES, *SKIP_SUFFIXES, ".gz"))
# characters left alone when a file name becomes a URL path; % because wget already
# escaped what it had to, so re-quoting it would double-escape
_PATH_SAFE = "/!$&'()*+,;=:@~%"
_QUERY_SAFE = _PATH_SAFE + "?"


class Kind(Enum):
    PAGE = "page"  # a page by its name
    SNIFF = "sniff"  # no telling by name: a page if its bytes look like HTML
    SKIP = "skip"  # an asset or bookkeeping file


def classify(name: str) -> Kind:
    """What a file in a mirror is, by its name alone."""
    lower = name.lower()
    if lower in SKIP_NAMES:
        return Kind.SKIP
    # wget -E appends .html after a query: story.php?id=5.html
    if lower.endswith(PAGE_SUFFIXES) or lower.endswith(tuple(s + ".gz" for s in PAGE_SUFFIXES)):
        return Kind.PAGE
    base = lower.split("?", 1)[0]
    if base.endswith(PAGE_SUFFIXES):
        return Kind.PAGE
    dot = base.rfind(".")
    suffix = base[dot:] if dot > 0 else ""
    if suffix in SKIP_SUFFIXES or suffix == ".gz":
        return Kind.SKIP
    return Kind.SNIFF


@dataclass(slots=True)
class HeadInfo:
    """What the head of a saved page says about where it came from."""

    canonical: str | None = None
    og_url: str | None = None
    mirrored_from: str | None = None
    mirrored_at: dt.datetime | None = None
    httrack_index: bool = False


def read_head_info(content: bytes) -> HeadInfo:
    """Canonical link, og:url and HTTrack's note, from the first HEAD_BYTES of a page."""
    info = HeadInfo()
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=False)
    try:
        root = etree.fromstring(content[:HEAD_BYTES], parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError):
        return info
    if root is None:
        return info
    for element in root.iter("link", "meta"):
        if element.tag == "link" and info.canonical is None:
            rels = (element.get("rel") or "").lower().split()
            href = (element.get("href") or "").strip()
            if "canonical" in rels and href:
                info.canonical = href
        elif (
            element.tag == "meta"
            and info.og_url is None
            and (element.get("property") or element.get("name") or "").strip().lower() == "og:url"
        ):
            info.og_url = (element.get("content") or "").strip() or None
    # HTTrack puts its note before <html> or just inside it
    comments = [*root.itersiblings(etree.Comment, preceding=True), *root.iter(etree.Comment)]
    for comment in comments:
        text = comment.text or ""
        if _HTTRACK_GENERATED in text:
            info.httrack_index = True
        match = _HTTRACK_NOTE.match(text)
        if match and info.mirrored_from is None:
            info.mirrored_from = _with_scheme(match["url"])
            info.mirrored_at = _parse_http_date(match["date"])
    return info


def _with_scheme(url: str) -> str:
    return url if "://" in url else "http://" + url


def _parse_http_date(text: str) -> dt.datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def _looks_like_host(name: str) -> bool:
    if not _HOST.match(name):
        return False
    last_label = re.split(r"[:+]", name)[0].rsplit(".", 1)[-1].lower()
    return last_label not in _NOT_TLDS


def _split_query(name: str) -> tuple[str, str | None]:
    """A saved file name split into page name and query, undoing wget's encodings."""
    lower = name.lower()
    if "?" in name:
        page, query = name.split("?", 1)
    elif "%3f" in lower:
        at = lower.index("%3f")
        page, query = name[:at], name[at + 3 :]
    elif "@" in name and "=" in name.split("@", 1)[1]:
        # wget --restrict-file-names=windows writes "?" as "@"
        page, query = name.split("@", 1)
    else:
        return name, None
    # wget -E appended .html to a page that did not end in .html: story.php?id=5.html
    if query.lower().endswith((".html", ".htm")) and not page.lower().endswith((".html", ".htm")):
        query = query.rsplit(".", 1)[0]
    return page, query


def url_from_path(locator: str, root_name: str | None, base_url: str | None) -> str:
    """The URL a saved file was fetched from, as far as its path tells.

    ``www.example.com/2008/03/story.html`` gives ``http://www.example.com/2008/03/story.html``;
    without a host in the path the root folder's name, then ``base_url`` is tried, and
    failing those the result is a site-relative path.
    """
    parts = locator.split("/")
    last = parts[-1]
    if last.lower().endswith(".gz"):
        last = last[:-3]
    last, query = _split_query(last)
    if last.lower() in INDEX_NAMES:
        last = ""
    host: str | None = None
    if len(parts) > 1 and _looks_like_host(parts[0]):
        host, parts = parts[0], parts[1:]
    elif root_name and _looks_like_host(root_name):
        host = root_name
    path = "/" + "/".join(quote(part, safe=_PATH_SAFE) for part in [*parts[:-1], last])
    if query is not None:
        path += "?" + quote(query, safe=_QUERY_SAFE)
    if host:
        # wget on Windows writes host:port as host+port
        return "http://" + re.sub(r"\+(\d+)$", r":\1", host) + path
    if base_url:
        return base_url.rstrip("/") + path
    return path


def _usable_url(found: str | None, base: str) -> str | None:
    """An absolute http(s) URL from a canonical/og:url value, or None if it is not one."""
    if not found:
        return None
    url = urljoin(base, found)
    if url.startswith("//"):
        url = "http:" + url
    scheme = urlsplit(url).scheme
    if scheme in ("http", "https") or (not scheme and url.startswith("/")):
        return url
    return None


class MirrorSource(FileSource):
    """Saved pages, one file at a time (a folder of them is read by
    :class:`.folder.FolderSource`, which hands this reader the files that are pages)."""

    __slots__ = ()

    def estimate(self) -> int | None:
        return 1

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        try:
            data = read_capped(entry.path, self.options.read_limit)
        except OSError as exc:
            yield self.unreadable(entry.locator, exc)
            return
        if not data:
            yield self.problem(entry.locator, "empty file")
            return
        content = data
        if data.startswith(GZIP_MAGIC):
            # .html.gz, or a gzipped body wget saved without decoding it
            content, error = gunzip(data, self.options.read_limit)
            if error:
                yield self.problem(entry.locator, error, content)
                return
            if not content:
                yield self.problem(entry.locator, "empty file (after gunzip)")
                return
        junk = binary_reason(content)
        if junk:
            yield self.problem(entry.locator, junk, content)
            return
        info = read_head_info(content)
        if info.httrack_index:
            yield self.skip(entry.locator, "crawler page", "HTTrack's own project index, not a page of the site")
            return
        # a mirror given as its host folder (www.example.com/) names the host itself
        root_name = os.path.basename(os.path.normpath(self.path)) if os.path.isdir(self.path) else None
        path_url = url_from_path(entry.locator, root_name, self.options.base_url)
        legacy_url = (
            _usable_url(info.canonical, path_url)
            or _usable_url(info.og_url, path_url)
            or info.mirrored_from
            or path_url
        )
        # the URL the file was saved from, when known: the page may name another one as
        # canonical, and redirects need both
        fetched_url = info.mirrored_from or (path_url if "://" in path_url else None)
        yield RawPage(
            content=content,
            source=self.path,
            locator=entry.locator,
            format=self.format,
            legacy_url=legacy_url,
            captured_at=info.mirrored_at or mtime_utc(entry.path),
            content_type="text/html",
            declared_charset=None,  # the page declares its own; extraction decodes
            fields={"fetched_url": fetched_url} if fetched_url and fetched_url != legacy_url else {},
        )
        warning = self.oversize(entry.locator, len(content))
        if warning:
            yield warning


def sniffs_as_html(head: bytes) -> bool:
    """Whether the first bytes of a file (gzipped or not) look like an HTML page."""
    if head.startswith(GZIP_MAGIC):
        head = peek_gunzip(head, HTML_SNIFF_BYTES)
    return looks_like_html(head)
