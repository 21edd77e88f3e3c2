"""Small archives for the site and search tests, written straight into the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Sequence

from django.conf import settings

from morgue.archive.models import Article, Capture, IngestRun
from morgue.store import CaptureStore

_counter = itertools.count(1)

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{headline} - The Evening Ledger</title>
<style>body {{ background: url(http://www.eveningledger.com/bg.gif); color: #222 }}
@import url("http://www.eveningledger.com/style.css");</style>
<link rel="stylesheet" href="http://www.eveningledger.com/site.css">
<script src="http://www.eveningledger.com/tracker.js"></script>
<script>document.write('<img src="http://ads.example/pixel.gif">')</script>
<meta http-equiv="refresh" content="30; url=http://www.eveningledger.com/">
<base href="http://www.eveningledger.com/">
</head><body onload="alert(1)">
<div class="masthead"><a href="http://www.eveningledger.com/">The Evening Ledger</a></div>
<h1>{headline}</h1>
<img src="http://www.eveningledger.com/photo.jpg" alt="A photo" onerror="alert(2)">
<iframe src="http://ads.example/"></iframe>
<form action="http://www.eveningledger.com/login"><input name="user"></form>
<p style="background-image: url(http://tracker.example/x.png)">{body}</p>
<a href="javascript:alert(3)">Click</a> <a href="/news/other.html">Other story</a>
</body></html>"""


def run() -> IngestRun:
    return IngestRun.objects.first() or IngestRun.objects.create(
        status=IngestRun.Status.FINISHED, paths=["tests"])


def make_article(headline: str = "Council approves waterfront zoning change",
                 body: str = "The council voted last night.\n\nThe mayor will sign it.",
                 *, section: str = "Local", bylines: Sequence[str] = ("Samuel Reyes",),
                 published: dt.date | None = dt.date(2009, 6, 12), dek: str = "",
                 dateline: str = "", tags: Sequence[str] = (),
                 legacy_url: str | None = None, url: str | None = None,
                 status: str = Article.Status.PUBLISHED, fmt: str = "mirror",
                 content: bytes | None = None, content_type: str = "text/html",
                 captured_at: dt.datetime | None = None, language: str = "en") -> Article:
    """One article with its capture; the capture's bytes go into the test's store."""
    n = next(_counter)
    slug = f"story-{n}"
    legacy_url = legacy_url if legacy_url is not None else (
        f"http://www.eveningledger.com/news/{section.lower() or 'misc'}/{slug}.html")
    if content is None:
        content = PAGE.format(headline=headline, body=body.replace("\n\n", "</p><p>")).encode()
    sha = hashlib.sha256(content).hexdigest()
    CaptureStore(settings.MORGUE_STORE).put(content, sha)
    capture = Capture.objects.create(
        sha256=sha, size=len(content), source="/tests/source", locator=f"page-{n}",
        format=fmt, legacy_url=legacy_url, content_type=content_type, run=run(),
        captured_at=captured_at)
    day = f"{published:%Y/%m/%d}" if published else "undated"
    return Article.objects.create(
        capture=capture, url=url or f"/{day}/{slug}/", slug=slug, legacy_url=legacy_url,
        headline=headline, dek=dek, bylines=list(bylines), dateline=dateline,
        published=published, section=section, tags=list(tags), body=body, language=language,
        word_count=len(body.split()), status=status, extractor="tests")


def make_copy(of: Article, legacy_url: str, fmt: str = "warc") -> Capture:
    """A capture with the same bytes under another address (no article of its own)."""
    n = next(_counter)
    first = of.capture
    return Capture.objects.create(
        sha256=first.sha256, size=first.size, source="/tests/other", locator=f"copy-{n}",
        format=fmt, legacy_url=legacy_url, content_type=first.content_type, run=run(),
        duplicate_of=first)


def sample_archive() -> dict[str, Article]:
    """A few stories across sections, years and writers."""
    return {
        "zoning": make_article(
            "Council approves waterfront zoning change, 5-4",
            "The Port Alden City Council voted 5-4 last night to allow housing on the "
            "working waterfront.\n\nFishermen warned that condominiums would crowd out "
            "the marine businesses that still depend on deep water.",
            section="Local", bylines=["Samuel Reyes"], published=dt.date(2009, 6, 12),
            dek="Vote clears the way for housing", dateline="PORT ALDEN",
            tags=["zoning", "waterfront"],
            legacy_url="http://www.eveningledger.com/news/local/2009/06/12/council-waterfront-zoning"),
        "dredge": make_article(
            "State backs plan to dredge Port Alden harbor",
            "State officials endorsed a $14 million plan to dredge the harbor channel.\n\n"
            "Harbor businesses have sought the dredging for a decade.",
            section="Local", bylines=["Martha Keane"], published=dt.date(2003, 3, 7),
            legacy_url="http://www.eveningledger.com/2003/03/07/local/harbor-dredging-plan.html"),
        "jazz": make_article(
            "Jazz festival returns to Founders Park",
            "The Port Alden Jazz Festival returns to Founders Park this weekend.\n\n"
            "Organizers raised about $60,000 from local businesses.",
            section="Arts", bylines=["Helen Marsh"], published=dt.date(2009, 7, 18),
            legacy_url="http://www.eveningledger.com/news/arts/2009/07/18/jazz-festival-returns"),
        "museum": make_article(
            "Maritime Museum reopens with its lighthouse lens restored",
            "The new wing holds the museum's scrimshaw and a model of the harbor.",
            section="Arts", bylines=["Helen Marsh", "Samuel Reyes"],
            published=dt.date(2009, 6, 5)),
        "navy": make_article(
            "Kessler Marine Works lands $48 million Navy contract",
            "The shipyard will build four patrol boats for the Navy.\n\nThe waterfront "
            "yard expects to add 90 jobs.",
            section="Business", bylines=["Priya Natarajan"], published=dt.date(2009, 6, 12)),
        "undated": make_article(
            "Pilots drop opener before record crowd",
            "The Pilots lost their opener 4-2 before a record crowd.",
            section="Sports", bylines=[], published=None, fmt="textdump",
            content=b"Pilots drop opener before record crowd\n\n<b>The Pilots</b> lost 4-2.",
            content_type="text/plain", legacy_url=""),
        "held": make_article(
            "Page not found", "Sorry, this story is no longer available.", section="",
            bylines=[], published=dt.date(2009, 5, 2), status=Article.Status.HELD,
            legacy_url="http://www.eveningledger.com/news/sports/2009/05/02/pilots-home-opener"),
    }
