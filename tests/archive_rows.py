"""Archive rows and stand-in checks for the checks/corrections/report tests.

The stand-in checks behave like the real ones (codes, spans in the body's text, safe
fixes, a blocking finding, a corpus-wide check that reads the archive twice) but are
small enough that a test knows exactly what they find, whatever the real registry holds.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from morgue.archive.models import Article, Capture, IngestRun
from morgue.pipeline.checks import CHECKS, Check, CheckOptions
from morgue.pipeline.records import CheckItem, Finding, Fix
from morgue.store import CaptureStore

_numbers = itertools.count(1)

MOJIBAKE = "â€™"
CHROME = "Sign in to comment. Copyright 2009 The Evening Ledger."


def make_article(store_root: Path, *, headline: str = "Harbor Dredging Plan Approved",
                 paragraphs: list[str] | None = None, section: str = "Local",
                 published: dt.date | None = dt.date(2009, 3, 7), html: str | None = None,
                 legacy_url: str | None = None) -> Article:
    """An article with a capture whose bytes are in the store, as ingest leaves them."""
    n = next(_numbers)
    paragraphs = paragraphs if paragraphs is not None else [
        f"The council voted {n} to 2 on Tuesday to dredge the harbor channel.",
        "Work is to start in the spring and take two years.",
    ]
    content = (html or "<html><head><title>t</title><script>var x = 1;</script></head>"
               f"<body><h1>{headline}</h1>"
               + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>").encode()
    sha = CaptureStore(store_root).put(content)
    run = IngestRun.objects.order_by("pk").first() or IngestRun.objects.create(
        status=IngestRun.Status.FINISHED)
    url = legacy_url or f"http://www.eveningledger.com/2009/03/07/story-{n}.html"
    capture = Capture.objects.create(
        sha256=sha, size=len(content), source="/legacy/mirror", locator=f"story-{n}.html",
        format="mirror", legacy_url=url, content_type="text/html", run=run)
    return Article.objects.create(
        capture=capture, url=f"/2009/03/07/story-{n}/", slug=f"story-{n}",
        legacy_url=url, headline=headline, bylines=["Martha Keane"], section=section,
        published=published, body="\n\n".join(paragraphs),
        word_count=sum(len(p.split()) for p in paragraphs))


def _encoding(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    body = item.article.body
    start = body.find(MOJIBAKE)
    while start != -1:
        end = start + len(MOJIBAKE)
        yield Finding(key=item.key, check="encoding", severity="warning",
                      message="UTF-8 read as windows-1252", field="body", span=(start, end),
                      evidence=body[max(0, start - 10):end + 10],
                      fix=Fix("body", MOJIBAKE, "\u2019", (start, end), safe=True))
        start = body.find(MOJIBAKE, end)


def _chrome(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    body = item.article.body
    start = body.find("\n\n" + CHROME)
    if start != -1:
        end = start + len("\n\n" + CHROME)
        yield Finding(key=item.key, check="chrome", severity="error",
                      message="site chrome in the story", field="body", span=(start, end),
                      evidence=CHROME, fix=Fix("body", body[start:end], "", (start, end),
                                               safe=True))


def _not_an_article(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    if item.article.headline == "Page not found":
        yield Finding(key=item.key, check="not-an-article", severity="error",
                      message="an error page captured as a story", field="headline",
                      evidence=item.capture_text or "", blocking=True)


def _same_headline(items: Callable[[], Iterable[CheckItem]],
                   options: CheckOptions) -> Iterator[Finding]:
    """Corpus-wide: learns in one pass, judges in a second (as real corpus checks do)."""
    first: dict[str, int | str] = {}
    for item in items():
        first.setdefault(item.article.headline or "", item.key)
    for item in items():
        canonical = first[item.article.headline or ""]
        if canonical != item.key:
            yield Finding(key=item.key, check="duplicate", severity="warning",
                          message=f"a copy of article {canonical}", related=[canonical],
                          blocking=True)


STAND_INS = [
    Check("encoding", "Garbled characters.", "article", article_fn=_encoding),
    Check("chrome", "Site furniture in the story.", "article", article_fn=_chrome),
    Check("not-an-article", "Error pages and the like.", "article",
          article_fn=_not_an_article),
    Check("duplicate", "The same story twice.", "corpus", corpus_fn=_same_headline),
]


@contextmanager
def checks_replaced_by(checks: list[Check]) -> Iterator[list[Check]]:
    """Run with ``checks`` as the registered checks (the registry is put back after)."""
    saved = CHECKS[:]
    CHECKS[:] = checks
    try:
        yield checks
    finally:
        CHECKS[:] = saved
