"""The typed records that flow through the pipeline.

Sources yield :class:`RawPage` (or :class:`SourceProblem` when something could not be
read, or :class:`Skipped` for what is read but is not an article: a WARC request record,
an image in a mirror, a WordPress attachment); extraction turns a page into an
:class:`Article`. These are plain data: no
database, no Django, so every stage can run in a worker process or on a cluster.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from dataclasses import field as _field  # "field" is also a Finding attribute
from typing import Any

# Formats a source can be read as; `--format` on the CLI takes these names.
FORMATS = ("mirror", "warc", "arc", "textdump", "jsonl", "csv", "wxr")


@dataclass(slots=True)
class RawPage:
    """One legacy page or record exactly as the source holds it, plus where it came from.

    ``content`` is never altered after it is read: it is what the capture store keeps.
    """

    content: bytes
    #: the file (or folder) given to ``ingest``, as an absolute path
    source: str
    #: where in the source: a relative path, ``file.warc.gz@1234`` or ``export.csv#17``;
    #: (source, locator) identifies a page across reruns
    locator: str
    #: one of FORMATS
    format: str
    legacy_url: str | None = None
    captured_at: dt.datetime | None = None
    #: MIME type without parameters, e.g. ``text/html``, ``text/plain``, ``application/json``
    content_type: str | None = None
    #: charset declared by the transport (HTTP header, export file), if any
    declared_charset: str | None = None
    http_status: int | None = None
    http_headers: list[tuple[str, str]] | None = None
    #: fields a CMS export already gives (headline, published, bylines, section, body_html…),
    #: after the column mapping; empty for crawled pages
    fields: dict[str, Any] = _field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(slots=True)
class SourceProblem:
    """Something in a source that could not be turned into a page, and why.

    ``content`` holds whatever bytes could be read (possibly none), so they are kept.
    """

    source: str
    locator: str
    reason: str
    content: bytes | None = None
    #: "error" stops that page from being ingested; "warning" is kept for the record
    severity: str = "error"


@dataclass(slots=True)
class Skipped:
    """A record or file of a source that was looked at and is not an article, and why.

    Every input is accounted for: a record is a page, a skip or a problem, never nothing.
    """

    source: str
    locator: str
    #: what it is, short and stable: "request record", "image/png resource", "attachment"
    kind: str
    #: why it is not an article, for the archivist
    reason: str


#: what a source yields
SourceItem = RawPage | SourceProblem | Skipped


@dataclass(slots=True)
class SetAside:
    """Text the extractor found on the page and chose not to put in the body, and why."""

    text: str
    reason: str  # e.g. "repeats in 37 of 40 files", "copyright line", "archive notice"


@dataclass(slots=True)
class PageOf:
    """Where one page sits in a story the legacy site printed over several pages."""

    number: int
    #: how many pages the story has, when the page says ("Page 1 of 2")
    count: int | None = None
    #: legacy URLs of the story's first, previous and next pages, when known
    first_url: str | None = None
    prev_url: str | None = None
    next_url: str | None = None


@dataclass(slots=True)
class Article:
    """What extraction made of one capture. Field names match the JSON Lines export."""

    headline: str | None = None
    dek: str | None = None
    bylines: list[str] = _field(default_factory=list)
    dateline: str | None = None
    published: dt.date | None = None
    #: how much of ``published`` is known: "day", or "month" (the first of the month is
    #: stored; the page gave only year and month, e.g. a URL "/2006/10/slug.html")
    published_precision: str = "day"
    section: str | None = None
    tags: list[str] = _field(default_factory=list)
    #: body paragraphs in order, without the dateline
    paragraphs: list[str] = _field(default_factory=list)
    language: str | None = None
    legacy_url: str | None = None
    #: the archive notice, when the page carries one ("This article is from the archive…")
    notice: str | None = None
    #: the publication's name as printed on the page
    publication: str | None = None
    #: the outlet or wire service a byline credits beside the people ("Kara Scannell, CNN"
    #: → bylines ["Kara Scannell"], outlet "CNN")
    outlet: str | None = None
    #: how each field was found, e.g. {"headline": "first line", "published": "meta:article:published_time"}
    field_sources: dict[str, str] = _field(default_factory=dict)
    set_aside: list[SetAside] = _field(default_factory=list)
    #: which extractor made this record, e.g. "trafilatura 2.3.1", "textdump"
    extractor: str = ""
    #: problems extraction noticed (undecodable bytes, no body found…), as plain messages
    warnings: list[str] = _field(default_factory=list)
    #: set when the page is one page of a story printed over several
    page_of: PageOf | None = None
    #: legacy URLs of the later pages stitched into this article, in order
    part_urls: list[str] = _field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# Severities of findings, mildest first.
SEVERITIES = ("info", "warning", "error")


@dataclass(slots=True)
class Fix:
    """A change a check proposes: replace ``before`` by ``after`` in ``field``.

    ``span`` is the character range of ``before`` in the field's current text, or None
    when the whole field is replaced. Only ``safe`` fixes may be applied without a
    person looking (`morgue fix`); the rest wait for an editor.
    """

    field: str
    before: str
    after: str
    span: tuple[int, int] | None = None
    safe: bool = False


@dataclass(slots=True)
class CheckItem:
    """What a check may look at for one article."""

    #: the article's id in the archive (or any stable key outside it)
    key: int | str
    article: Article
    captured_at: dt.datetime | None = None
    http_status: int | None = None
    #: visible text of the original capture, for comparing lengths (truncation)
    capture_text: str | None = None
    #: other legacy URLs pointing at the same article (copies, other pages)
    legacy_urls: list[str] = _field(default_factory=list)


@dataclass(slots=True)
class Finding:
    """What a check noticed about one article: what, where, the evidence, what to do."""

    key: int | str
    check: str  # the check's stable code: "encoding", "chrome", "duplicate", …
    severity: str  # one of SEVERITIES
    message: str
    field: str | None = None
    span: tuple[int, int] | None = None
    evidence: str = ""
    fix: Fix | None = None
    #: keeps the article off the published site until resolved (not-an-article, a
    #: non-canonical duplicate); the article is never deleted
    blocking: bool = False
    #: keys of related articles, e.g. the canonical copy of a duplicate
    related: list[int | str] = _field(default_factory=list)
