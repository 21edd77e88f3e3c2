"""Build the bundled sample archive that ``make demo`` ingests.

One fictional paper captured five ways (a wget mirror, a WARC, text dumps, a JSON Lines
CMS export, a WordPress WXR), with the kinds of damage a real move leaves behind
planted on purpose and listed in ``MANIFEST.json``, so every check has something to
find and tests know exactly what it should find. The CMS export also holds the
section's everyday briefs (:mod:`.briefs`), as a real one would: enough Sports and
Business stories for the checks that learn the archive's sections.

Output is byte-for-byte repeatable: no clock, no unseeded randomness, fixed WARC ids.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import exports, layouts
from .briefs import BRIEFS
from .layouts import Page, mirror_path, url_2003, url_2009
from .paper import BASE_URL, EDT, EXPORT_DAY, HOST, PAPER, SECTIONS
from .stories import BY_SLUG, Story
from .warc import Capture, write_warc_file

WARC_NAME = "ledger-2009.warc.gz"
#: when the 2009 crawl ran (the WARC's dates)
CRAWL_STARTED = dt.datetime(2009, 12, 1, 14, 2, 11, tzinfo=dt.UTC)

# Which stories each format holds. The overlap is deliberate: a real archive has the
# same story captured several ways, and matching them up is part of the job.
MIRROR_2003 = ("harbor-dredging-plan", "school-budget-cuts", "pilots-opening-day",
               "noreaster-power-outages", "cannery-closing", "harbor-editorial",
               "fishing-quota-talks")
MIRROR_2009 = ("council-waterfront-zoning", "shipyard-navy-contract", "pilots-clinch-division",
               "jazz-festival-returns", "bus-route-letters", "county-unemployment",
               "library-extends-hours", "volcanic-ash-travelers")
WARC_STORIES = ("maritime-museum-reopens", "council-waterfront-zoning", "shipyard-navy-contract",
                "county-unemployment", "bus-route-letters", "jazz-festival-returns")
DUMP_STORIES = ("harbor-dredging-plan", "school-budget-cuts", "pilots-opening-day",
                "council-waterfront-zoning", "pilots-clinch-division")
#: (CMS record id, story)
EXPORT_STORIES = ((48211, "maritime-museum-reopens"), (48213, "shipyard-navy-contract"),
                  (48240, "jazz-festival-returns"), (48262, "bus-route-letters"),
                  (51107, "volcanic-ash-travelers"))
#: CMS record ids of the briefs (:data:`.briefs.BRIEFS`), in export order
FIRST_BRIEF_ID = 60001
# Pages whose 2003 template declared iso-8859-1 rather than windows-1252
ISO_8859_1_PAGES = ("school-budget-cuts", "harbor-editorial")


@dataclass
class SampleManifest:
    """What :func:`build_sample_archive` wrote, and what is wrong with it on purpose."""

    root: Path
    #: path relative to ``root`` -> what the file is
    files: dict[str, str]
    #: each planted transfer problem: file, locator, kind, description, and where it
    #: helps, ``evidence`` (text present in the file) and ``url``
    planted: list[dict[str, Any]]
    #: every capture of a story: file, locator, format, url, story and the story's true
    #: headline, date, section and bylines (the answer key for extraction)
    articles: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, str] = {}
        self.planted: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []

    def write(self, rel: str, data: bytes, what: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[rel] = what

    def plant(self, file: str, locator: str, kind: str, description: str, **extra: Any) -> None:
        extra = {k: v for k, v in extra.items() if v is not None}
        self.planted.append({"file": file, "locator": locator, "kind": kind,
                             "description": description, **extra})

    def article(self, file: str, locator: str, fmt: str, story: Story, url: str | None,
                **extra: Any) -> None:
        self.articles.append({
            "file": file, "locator": locator, "format": fmt, "url": url, "story": story.slug,
            "headline": story.headline, "published": story.published.date().isoformat(),
            "section": story.section, "bylines": list(story.bylines), **extra,
        })

    def manifest(self) -> SampleManifest:
        return SampleManifest(self.root, self.files, self.planted, self.articles)


def _page(story: Story, url: str, **overrides: Any) -> Page:
    fields: dict[str, Any] = dict(
        url=url, headline=story.headline, section=story.section, paragraphs=story.paragraphs,
        dek=story.dek, bylines=story.bylines, byline_title=story.byline_title,
        published=story.published, dateline=story.dateline, tags=story.tags,
        comments=story.comments,
    )
    fields.update(overrides)
    return Page(**fields)


def _related(slugs: Sequence[str], current: str, url_of: Callable[[Story], str],
             count: int) -> list[tuple[str, str]]:
    """The next few other stories in list order: stable, and different on every page."""
    i = slugs.index(current)
    others = [slugs[(i + k) % len(slugs)] for k in range(1, len(slugs))]
    return [(url_of(BY_SLUG[s]), BY_SLUG[s].headline) for s in others[:count]]


# windows-1252 as MySQL's "latin1" reads it: the five bytes cp1252 leaves undefined
# (0x81, 0x8D, 0x8F, 0x90, 0x9D) pass through as C1 controls instead of failing.
_SLOPPY_CP1252 = {
    b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)
}


def _mojibake(text: str) -> str:
    """UTF-8 read back as windows-1252: what a latin1 database column does to ’ and é."""
    return text.encode("utf-8").decode("latin-1").translate(_SLOPPY_CP1252)


# --- mirror -----------------------------------------------------------------------------


def _url03(story: Story, page_no: int = 1) -> str:
    return url_2003(story.published.date(), story.section, story.slug, page_no)


def _url09(story: Story, page_no: int = 1) -> str:
    return url_2009(story.published.date(), story.section, story.slug, page_no)


def _mirror_2003(b: _Builder) -> None:
    def put(story: Story, page: Page, what: str, **extra: Any) -> str:
        rel = f"mirror/{mirror_path(page.url)}"
        b.write(rel, layouts.render_2003(page), what)
        b.article(rel, mirror_path(page.url), "mirror", story, page.url, layout="2003", **extra)
        return rel

    for slug in MIRROR_2003:
        story = BY_SLUG[slug]
        charset = "iso-8859-1" if slug in ISO_8859_1_PAGES else "windows-1252"
        common = dict(charset=charset, related=_related(MIRROR_2003, slug, _url03, 4))
        what = f"2003-layout article ({charset}): {story.headline}"
        if slug == "noreaster-power-outages":
            # the old site split long stories into pages of about four paragraphs
            first, second = story.paragraphs[:4], story.paragraphs[4:]
            p1, p2 = _url03(story, 1), _url03(story, 2)
            put(story, _page(story, p1, paragraphs=first, page_count=2, next_url=p2, **common),
                what + " (page 1 of 2)", page_no=1, page_count=2)
            put(story, _page(story, p2, paragraphs=second, page_no=2, page_count=2, prev_url=p1,
                             **common), what + " (page 2 of 2)", page_no=2, page_count=2)
            continue
        if slug == "cannery-closing":
            paras = list(story.paragraphs)
            repeated = paras[2]
            paras.insert(3, repeated)
            rel = put(story, _page(story, _url03(story), paragraphs=paras, **common),
                      what + " [planted: duplicated paragraph]")
            b.plant(rel, mirror_path(_url03(story)), "duplicate_paragraph",
                    "The third paragraph appears twice in a row, as the old CMS's "
                    "paste-and-save bug left it.", evidence=repeated, url=_url03(story))
            continue
        rel = put(story, _page(story, _url03(story), **common), what)
        if slug == "harbor-dredging-plan":
            # the same bytes also live under the pre-2002 /archive/ alias
            alias_url = f"{BASE_URL}/archive{_url03(story)[len(BASE_URL):]}"
            alias = f"mirror/{mirror_path(alias_url)}"
            b.write(alias, (b.root / rel).read_bytes(),
                    f"exact copy of {rel} under its old /archive/ URL [planted]")
            b.article(alias, mirror_path(alias_url), "mirror", story, alias_url, layout="2003")
            b.plant(alias, mirror_path(alias_url), "exact_duplicate",
                    "Byte-identical copy of the harbor dredging story under a second URL.",
                    duplicate_of=rel, url=alias_url)

    local = [
        _page(BY_SLUG[s], _url03(BY_SLUG[s]))
        for s in MIRROR_2003 if BY_SLUG[s].section == "Local"
    ]
    rel = f"mirror/{HOST}/local/index.html"
    b.write(rel, layouts.render_2003_index("Local", local), "2003-layout Local section front (no article) [planted]")
    b.plant(rel, f"{HOST}/local/index.html", "no_article",
            "Section index page: a list of headlines, no story.", url=f"{BASE_URL}/local/")


def _mirror_2009(b: _Builder) -> None:
    for slug in MIRROR_2009:
        story = BY_SLUG[slug]
        url = _url09(story)
        overrides: dict[str, Any] = {"related": _related(MIRROR_2009, slug, _url09, 3)}
        note = ""
        plant: tuple[str, str, dict[str, Any]] | None = None
        if slug == "pilots-clinch-division":
            url = url_2009(story.published.date(), "Business", slug)
            overrides["section"] = "Business"
            note = " [planted: sports story filed under Business]"
            plant = ("wrong_section", "A Pilots baseball story filed in the Business section "
                     "(URL, breadcrumbs and article:section all say Business); the archive's "
                     "Sports stories, the CMS export's briefs among them, say where it belongs.",
                     {"evidence": '<meta property="article:section" content="Business" />',
                      "true_section": "Sports"})
        elif slug == "jazz-festival-returns":
            # feature URLs had no date, and this page lost its timestamp in a CMS upgrade
            url = f"{BASE_URL}/news/arts/features/{slug}"
            overrides["published"] = None
            note = " [planted: no date anywhere]"
            plant = ("date_missing", "No publication date in the markup or the URL.", {})
        elif slug == "library-extends-hours":
            overrides["paragraphs"] = [_mojibake(p) for p in story.paragraphs]
            overrides["headline"] = _mojibake(story.headline)
            note = " [planted: mojibake]"
            plant = ("mojibake", "UTF-8 text decoded as windows-1252 and saved again: "
                     "\u201cdon\u00e2\u20ac\u2122t\u201d, \u201ccaf\u00c3\u00a9\u201d.",
                     {"evidence": "don\u00e2\u20ac\u2122t"})
        overrides["url"] = url
        rel = f"mirror/{mirror_path(url)}"
        b.write(rel, layouts.render_2009(_page(story, **overrides)),
                f"2009-layout article: {story.headline}{note}")
        b.article(rel, mirror_path(url), "mirror", story, url, layout="2009")
        if plant:
            kind, description, extra = plant
            b.plant(rel, mirror_path(url), kind, description, url=url, **extra)

    front = [_page(BY_SLUG[s], _url09(BY_SLUG[s])) for s in MIRROR_2009[:6]]
    rel = f"mirror/{HOST}/index.html"
    b.write(rel, layouts.render_2009_index("Top stories", front), "2009-layout home page (no article) [planted]")
    b.plant(rel, f"{HOST}/index.html", "no_article", "The home page: teasers, no story.",
            url=f"{BASE_URL}/")

    museum = BY_SLUG["maritime-museum-reopens"]
    url = _url09(museum)
    full = gzip.compress(layouts.render_2009(_page(museum, url)), mtime=0)
    rel = f"mirror/{mirror_path(url)}.gz"
    b.write(rel, full[: len(full) * 3 // 5],
            "gzip-encoded copy of the museum story, cut off mid-download [planted]")
    b.article(rel, f"{mirror_path(url)}.gz", "mirror", museum, url, layout="2009")
    b.plant(rel, f"{mirror_path(url)}.gz", "truncated_gzip",
            "The server sent this page gzip-encoded and the download stopped at 60%: "
            "the stream ends early.", url=url)


def _mirror_junk(b: _Builder) -> None:
    empty = f"{HOST}/2004/01/12/local/ice-fishing-derby.html"
    b.write(f"mirror/{empty}", b"", "zero-byte file [planted]")
    b.plant(f"mirror/{empty}", empty, "empty_file", "A zero-byte page: the crawl saved nothing.",
            url=f"{BASE_URL}/2004/01/12/local/ice-fishing-derby.html")

    junk = f"{HOST}/2002/08/21/business/marina-lease.html"
    # A disk-recovery leftover: seeded bytes, so every build writes the same junk.
    b.write(f"mirror/{junk}", random.Random(20020821).randbytes(2048),
            "binary junk under an .html name [planted]")
    b.plant(f"mirror/{junk}", junk, "binary_junk",
            "2 KB of binary data with an .html name (a file-recovery leftover).",
            url=f"{BASE_URL}/2002/08/21/business/marina-lease.html")

    b.write(f"mirror/{HOST}/robots.txt",
            b"User-agent: *\nDisallow: /cgi-bin/\nDisallow: /search/\nDisallow: /ads/\n",
            "robots.txt (not a page)")
    b.write(f"mirror/{HOST}/css/ledger.css",
            b"body { font-family: Georgia, serif; }\n.headline { font-size: 24px; }\n"
            b"#footer { font-size: 11px; color: #666; }\n", "stylesheet (not a page)")
    # smallest valid GIF: a 1x1 transparent pixel
    b.write(f"mirror/{HOST}/images/masthead.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00"
            b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "masthead image (not a page)")


# --- WARC -------------------------------------------------------------------------------


def _warc(b: _Builder) -> None:
    captures: list[Capture] = []
    leaked = "county-unemployment"
    when = CRAWL_STARTED
    for slug in WARC_STORIES:
        story = BY_SLUG[slug]
        url = _url09(story)
        paras = list(story.paragraphs)
        if slug == leaked:
            # the CMS's ad slot and comment prompt were saved inside the story text
            paras = [*paras[:2], "ADVERTISEMENT", *paras[2:], "Sign in to comment"]
        page = _page(story, url, paragraphs=paras, related=_related(WARC_STORIES, slug, _url09, 3))
        when += dt.timedelta(seconds=7)
        captures.append(Capture(url, layouts.render_2009(page), when))
    missing = f"{BASE_URL}/news/sports/2009/05/02/pilots-home-opener"
    soft = f"{BASE_URL}/news/local/2009/08/14/ferry-schedule-changes"
    captures.append(Capture(missing, layouts.render_2009_not_found(), when + dt.timedelta(seconds=7),
                            status=404))
    captures.append(Capture(soft, layouts.render_2009_not_found(soft=True),
                            when + dt.timedelta(seconds=14)))

    offsets = write_warc_file(b.root / WARC_NAME, captures, CRAWL_STARTED)
    b.files[WARC_NAME] = (f"WARC of a December 2009 crawl: warcinfo, then request and response "
                          f"records for {len(WARC_STORIES)} 2009-layout stories, a 404 and a soft 404")
    for slug in WARC_STORIES:
        story = BY_SLUG[slug]
        url = _url09(story)
        b.article(WARC_NAME, f"{WARC_NAME}@{offsets[url]}", "warc", story, url, layout="2009")
    url = _url09(BY_SLUG[leaked])
    b.plant(WARC_NAME, f"{WARC_NAME}@{offsets[url]}", "chrome_in_body",
            "Site chrome saved inside the article body: an \u201cADVERTISEMENT\u201d paragraph "
            "and \u201cSign in to comment\u201d.", url=url, evidence="<p>ADVERTISEMENT</p>")
    b.plant(WARC_NAME, f"{WARC_NAME}@{offsets[missing]}", "http_404",
            "A 404 \u201cPage not found\u201d response captured by the crawl.", url=missing,
            evidence="Page not found")
    b.plant(WARC_NAME, f"{WARC_NAME}@{offsets[soft]}", "soft_404",
            "Status 200, but the page says the story is no longer available.", url=soft,
            evidence="no longer available")


# --- dumps, CMS export, WordPress --------------------------------------------------------


def _dumps(b: _Builder) -> None:
    for n, slug in enumerate(DUMP_STORIES, start=1):
        story = BY_SLUG[slug]
        name = f"{n:03d}_{hashlib.sha256(slug.encode()).hexdigest()[:16]}.txt"
        rel = f"dumps/{name}"
        paragraphs = None
        what = f"text dump: {story.headline}"
        if slug == "school-budget-cuts":
            # the dump tool stopped at a fixed buffer size, mid-sentence
            cut = story.paragraphs[3][: story.paragraphs[3].index(" City Council")]
            paragraphs = [*story.paragraphs[:3], cut]
            what += " [planted: truncated mid-sentence]"
            b.plant(rel, name, "truncated", "The story stops mid-sentence (\u201c\u2026should "
                    "have asked the\u201d) and the footer follows; its last paragraph is lost.",
                    evidence="should have asked the\n\n\n" + PAPER)
        b.write(rel, exports.dump_text(story, paragraphs).encode("utf-8"), what)
        b.article(rel, name, "textdump", story, None)


def _export(b: _Builder) -> None:
    records = []
    for line, (record_id, slug) in enumerate(EXPORT_STORIES, start=1):
        story = BY_SLUG[slug]
        url = _url09(story)
        kwargs: dict[str, Any] = {}
        locator = f"export.jsonl#{line}"
        if slug == "shipyard-navy-contract":
            # an entity-encoding import step ran twice: ’ became &#8217; then &amp;#8217;
            kwargs["body"] = exports.body_html(story.paragraphs, story.dateline).replace(
                "\u2019", "&amp;#8217;")
            b.plant("export.jsonl", locator, "double_escaped_entity",
                    "Apostrophes in the body are double-escaped entities (&amp;#8217;).",
                    record_id=record_id, url=url, evidence="Alden&amp;#8217;s largest")
        elif slug == "bus-route-letters":
            kwargs["pub_date"] = "1970-01-01T00:00:00+00:00"
            b.plant("export.jsonl", locator, "placeholder_date",
                    "pub_date is the Unix epoch: the CMS had no date and wrote zero.",
                    record_id=record_id, url=url, evidence="1970-01-01T00:00:00+00:00",
                    true_published=story.published.date().isoformat())
        records.append(exports.cms_record(story, record_id=record_id, url=url, **kwargs))
        b.article("export.jsonl", locator, "jsonl", story, url, record_id=record_id)
    for record_id, brief in enumerate(BRIEFS, start=FIRST_BRIEF_ID):
        url = _url09(brief)
        records.append(exports.cms_record(brief, record_id=record_id, url=url))
        b.article("export.jsonl", f"export.jsonl#{len(records)}", "jsonl", brief, url,
                  record_id=record_id, brief=True)
    sections = Counter(brief.section for brief in BRIEFS)
    b.write("export.jsonl", exports.jsonl(records),
            f"JSON Lines export of the 2009 CMS ({len(records)} records: id, title, subtitle, "
            "author, pub_date, category, tags, body (HTML), url), "
            f"{len(EXPORT_STORIES)} stories and "
            + " and ".join(f"{n} {name} briefs" for name, n in sorted(sections.items())))


def _wordpress(b: _Builder) -> None:
    library = BY_SLUG["library-extends-hours"]
    posts = [
        exports.WxrPost(BY_SLUG["council-waterfront-zoning"], 1201, "sreyes",
                        _url09(BY_SLUG["council-waterfront-zoning"])),
        exports.WxrPost(BY_SLUG["county-unemployment"], 1188, "pnatarajan",
                        _url09(BY_SLUG["county-unemployment"])),
        # imported without its date, so WordPress stamped it with the import run
        exports.WxrPost(library, 1342, "sreyes", _url09(library),
                        posted=EXPORT_DAY.astimezone(EDT),
                        attachments=[exports.WxrAttachment(
                            1343, "2010/01/library-cafe.jpg",
                            "The lobby of the Port Alden Public Library, where the caf\u00e9 "
                            "will open in March.")]),
    ]
    authors = [exports.WxrAuthor(2, "sreyes", "Samuel", "Reyes"),
               exports.WxrAuthor(3, "pnatarajan", "Priya", "Natarajan")]
    b.write("wordpress.xml", exports.wxr(posts, authors),
            "WordPress WXR 1.2 export: 3 posts, 1 attachment, 2 authors, categories and tags")
    for post in posts:
        b.article("wordpress.xml", f"wordpress.xml#{post.post_id}", "wxr", post.story,
                  post.legacy_url, post_id=post.post_id)
    b.plant("wordpress.xml", "wordpress.xml#1342", "capture_date_as_published",
            "The library story (January 2010) carries the export day, 2021-03-15, as its "
            "publication date.", url=_url09(library), evidence="2021-03-15 05:00:00",
            true_published=library.published.date().isoformat())


def build_sample_archive(dest: Path) -> SampleManifest:
    """Write the sample legacy archive of The Evening Ledger into ``dest``.

    Writes ``mirror/``, ``ledger-2009.warc.gz``, ``dumps/``, ``export.jsonl``,
    ``wordpress.xml`` and ``MANIFEST.json``; existing files of the same names are
    overwritten, nothing else is touched. The same bytes every run.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    b = _Builder(dest)
    _mirror_2003(b)
    _mirror_2009(b)
    _mirror_junk(b)
    _warc(b)
    _dumps(b)
    _export(b)
    _wordpress(b)
    b.files["MANIFEST.json"] = "this list: every file, every planted problem, every story capture"
    doc = {
        "paper": PAPER,
        "host": HOST,
        "sections": list(SECTIONS),
        "files": b.files,
        "planted": b.planted,
        "articles": b.articles,
    }
    (dest / "MANIFEST.json").write_text(
        json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return b.manifest()
