"""WordPress export files (WXR: RSS 2.0 with wp:, content:, excerpt: and dc: elements).

Every ``<item>`` is accounted for. A post yields its element serialised by lxml (so the
bytes are the same on every run) and its fields, its WordPress status among them
(``publish``, ``draft``, ``future``…: only published posts are published by the archive,
the rest are kept held with their status). Attachments, pages, navigation menu items and
the other kinds of item are yielded as :class:`Skipped`, with what they are. The file is parsed as a stream, so exports of
any size stay flat in memory. A syntax error spoils only the item it sits in: lxml's
recovering parser reads on, and the item whose lines hold the error becomes a
SourceProblem instead of a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from lxml import etree

from morgue.pipeline.records import RawPage, SourceItem

from .base import FileSource
from .files import Entry, mtime_utc, open_file

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# WXR 1.0, 1.1 and 1.2 differ only in this version number (newer WordPress writes https)
WP_NS_PREFIXES = ("http://wordpress.org/export/", "https://wordpress.org/export/")
# post types that are articles; attachments, pages, menus and revisions are not
ARTICLE_POST_TYPES = frozenset({"post"})
#: the one status of a post the old site showed to readers; the archive holds the rest,
#: saying why in ``fields["held"]``
PUBLISHED_STATUS = "publish"
_STATUS_WORDS = {
    "draft": "a draft",
    "auto-draft": "an automatic draft",
    "pending": "waiting for review",
    "private": "private (only its author and editors could read it)",
    "future": "scheduled for a later date",
    "trash": "in the trash",
}
# what the other kinds of item are, for the archivist (any other type is named as is)
_NOT_ARTICLES = {
    "attachment": "a media file{url}, not an article",
    "nav_menu_item": "a navigation menu entry, not an article",
    "page": "a WordPress page (About, Contact…), not a news article; its text stays in the export",
    "revision": "an earlier revision of a post, not an article of its own",
}
# WordPress writes this for a post that was never published
_NO_DATE = "0000-00-00"
# post meta keys under which importers keep a post's address on the site before WordPress
LEGACY_URL_META_KEYS = frozenset({"_legacy_url", "legacy_url", "_original_url", "original_url", "_old_url", "old_url"})
# parser errors quoted in one problem; the first says what is wrong, the rest repeat it
MAX_ERRORS_SHOWN = 5


def _space(namespace: str | None) -> str:
    """The short name of an element's namespace: "", "wp", "excerpt", "content", "dc"."""
    if not namespace:
        return ""
    if namespace.startswith(WP_NS_PREFIXES):
        return "excerpt" if namespace.rstrip("/").endswith("/excerpt") else "wp"
    return {CONTENT_NS: "content", DC_NS: "dc"}.get(namespace, "other")


def _name(element: etree._Element) -> tuple[str, str]:
    try:
        qname = etree.QName(element)
    except ValueError:  # the recovering parser made a tag lxml cannot name (a cut "wp:")
        return "other", str(element.tag)
    return _space(qname.namespace), qname.localname


@dataclass(slots=True)
class _Item:
    """One item read from the export, waiting until the next tells where it ends."""

    line: int
    locator: str
    content: bytes
    post_type: str
    fields: dict[str, Any] = field(default_factory=dict)


class _ErrorLog:
    """The errors the recovering parser logged, collected as it reads ahead."""

    __slots__ = ("errors", "_seen")

    def __init__(self) -> None:
        self.errors: list[_XmlError] = []
        self._seen = 0

    def collect(self, events: Any) -> None:
        log = events.error_log
        for entry in log[self._seen :]:
            if entry.level >= etree.ErrorLevels.ERROR:
                self.errors.append(_XmlError(entry.line, entry.column, entry.message))
        self._seen = len(log)

    def take(self, first_line: int, next_line: int | None) -> list[_XmlError]:
        """Remove and return the errors from ``first_line`` up to ``next_line``."""
        mine = [e for e in self.errors if e.line >= first_line and (next_line is None or e.line < next_line)]
        if mine:
            self.errors = [e for e in self.errors if e not in mine]
        return mine


@dataclass(frozen=True, slots=True)
class _XmlError:
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class WxrSource(FileSource):
    """Posts from a WordPress export."""

    __slots__ = ()

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        name = entry.locator
        try:
            fh = open_file(entry.path)
        except OSError as exc:
            yield self.unreadable(name, exc)
            return
        with fh:
            if not fh.read(1):
                yield self.problem(name, "empty file")
                return
            fh.seek(0)
            yield from self._items(fh, name, mtime_utc(entry.path))

    def _items(self, fh: BinaryIO, name: str, captured_at: dt.datetime | None) -> Iterator[SourceItem]:
        authors: dict[str, str] = {}
        language: str | None = None
        log = _ErrorLog()
        seen_post_ids: set[str] = set()
        pending: _Item | None = None
        count = 0
        events = etree.iterparse(
            fh,
            events=("end",),
            recover=True,
            strip_cdata=False,  # keep CDATA so the serialised item reads like the file
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        try:
            for _event, element in events:
                log.collect(events)
                space, local = _name(element)
                if space == "" and local == "item":
                    count += 1
                    item = self._read_item(element, f"{name}#item-{count}", authors, language, seen_post_ids)
                    if pending is not None:
                        yield from self._emit(pending, log.take(pending.line, item.line), captured_at)
                    pending = item
                    _free(element)
                elif space == "wp" and local == "author":
                    login = element.findtext(f"{{{etree.QName(element).namespace}}}author_login")
                    display = element.findtext(f"{{{etree.QName(element).namespace}}}author_display_name")
                    if login and display:
                        authors[login] = display
                elif space == "" and local == "language" and language is None:
                    language = (element.text or "").strip() or None
        except etree.XMLSyntaxError as exc:
            # even the recovering parser gives up on some input (no root element at all)
            line, column = exc.position
            log.errors.append(_XmlError(line, column, exc.msg))
        log.collect(events)
        if pending is not None:
            yield from self._emit(pending, log.take(pending.line, None), captured_at)
        # one problem for the file, as a second one at the same place would supersede it
        shown = "; ".join(map(str, log.errors[:MAX_ERRORS_SHOWN]))
        if count == 0:
            reason = "no <item> elements found: not a WordPress export?"
            yield self.problem(
                name, f"{reason} Malformed XML: {shown}" if shown else reason, severity="error" if shown else "warning"
            )
        elif shown:
            # the items are fine; what is broken sits between them
            yield self.problem(name, f"malformed XML outside any item: {shown}", severity="warning")

    def _emit(
        self, item: _Item, mine: list[_XmlError], captured_at: dt.datetime | None
    ) -> Iterator[SourceItem]:
        if item.post_type not in ARTICLE_POST_TYPES:
            why = _NOT_ARTICLES.get(item.post_type, "WordPress {type} item, not an article")
            url = item.fields.get("attachment_url")
            yield self.skip(item.locator, item.post_type or "item",
                            why.format(type=item.post_type, url=f" ({url})" if url else ""))
            return
        if mine:
            shown = "; ".join(map(str, mine[:MAX_ERRORS_SHOWN]))
            yield self.problem(item.locator, f"malformed XML in this item: {shown}", item.content)
            return
        yield RawPage(
            content=item.content,
            source=self.path,
            locator=item.locator,
            format=self.format,
            legacy_url=item.fields.get("legacy_url"),
            captured_at=captured_at,
            content_type="application/rss+xml",
            declared_charset="utf-8",
            fields=item.fields,
        )
        warning = self.oversize(item.locator, len(item.content))
        if warning:
            yield warning

    def _read_item(
        self,
        element: etree._Element,
        fallback_locator: str,
        authors: dict[str, str],
        language: str | None,
        seen_post_ids: set[str],
    ) -> _Item:
        values: dict[tuple[str, str], str] = {}
        section: str | None = None
        tags: list[str] = []
        old_url: str | None = None
        for child in element:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            key = _name(child)
            text = child.text or ""
            if key == ("wp", "postmeta"):
                meta_key, meta_value = _postmeta(child)
                if meta_key in LEGACY_URL_META_KEYS and meta_value.strip() and old_url is None:
                    old_url = meta_value.strip()
            elif key == ("", "category"):
                domain = child.get("domain")
                if domain == "category" and section is None and text.strip():
                    section = text.strip()
                elif domain == "post_tag" and text.strip():
                    tags.append(text.strip())
            else:
                values.setdefault(key, text)
        post_type = values.get(("wp", "post_type"), "post").strip()
        post_id = values.get(("wp", "post_id"), "").strip()
        # the post id is the stable name of an item; a repeated one (merged exports)
        # falls back to the item's position
        locator = fallback_locator
        if post_id and post_id not in seen_post_ids:
            seen_post_ids.add(post_id)
            locator = f"{fallback_locator.split('#', 1)[0]}#{post_id}"
        status = values.get(("wp", "status"), "").strip()
        creator = values.get(("dc", "creator"), "").strip()
        permalink = values.get(("", "link"), "").strip()
        published = values.get(("wp", "post_date"), "").strip()
        if not published or published.startswith(_NO_DATE):
            published = values.get(("", "pubDate"), "").strip()
        found: dict[str, Any] = {
            "headline": values.get(("", "title")),
            "dek": values.get(("excerpt", "encoded")),
            "bylines": [authors.get(creator, creator)] if creator else None,
            "published": published,
            "section": section,
            "tags": tags,
            "body_html": values.get(("content", "encoded")),
            # a site moved into WordPress keeps its older address in a post meta field
            "legacy_url": old_url or permalink,
            "permalink": permalink if old_url and permalink != old_url else None,
            "language": language,
            "id": post_id,
            "status": status,
            "held": _held_reason(status),
            "attachment_url": values.get(("wp", "attachment_url"), "").strip(),
        }
        return _Item(
            line=element.sourceline or 0,
            locator=locator,
            content=etree.tostring(element, encoding="utf-8", with_tail=False),
            post_type=post_type,
            fields={key: value for key, value in found.items() if _present(value)},
        )


def _held_reason(status: str) -> str | None:
    """Why a post is held rather than published (None for a published post)."""
    if status in (PUBLISHED_STATUS, ""):
        return None
    words = _STATUS_WORDS.get(status, f"status {status!r}")
    return f"WordPress status {status!r}: {words}; the old site did not publish it"


def _postmeta(element: etree._Element) -> tuple[str, str]:
    """(meta_key, meta_value) of a wp:postmeta element."""
    found = {"meta_key": "", "meta_value": ""}
    for child in element:
        if isinstance(child.tag, str):
            found[etree.QName(child).localname] = child.text or ""
    return found["meta_key"], found["meta_value"]


def _present(value: Any) -> bool:
    """Whether a field has something in it (blank strings and empty lists do not)."""
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _free(element: etree._Element) -> None:
    """Drop a finished item and everything before it, so memory stays flat."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]
