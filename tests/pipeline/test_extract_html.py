"""HTML pages: trafilatura plus our own meta reading, decoding, fallback, real pages."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from morgue.pipeline.extract import extract_article, learn_corpus_hints
from morgue.pipeline.records import Article, RawPage

ZYTE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "zyte" / "html"

#: No charset anywhere: the bytes below are windows-1252 (’ is 0x92).
LEDGER_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head>
<title>Council Delays Harbor Bridge Vote - The Evening Ledger</title>
<meta property="og:site_name" content="The Evening Ledger">
<meta property="article:published_time" content="2008-03-07T10:00:00Z">
<meta property="article:section" content="City">
<meta name="description" content="Council members want more time to study the bridge\u2019s cost.">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li><li><a href="/sports">Sports</a></li></ul></nav>
<article>
<h1>Council Delays Harbor Bridge Vote</h1>
<p class="byline">By JOHN SMITH</p>
<p>HARBOR CITY \u2014 The City Council on Thursday postponed a vote on the Harbor Bridge replacement, saying it needed more time to study the project\u2019s cost.</p>
<p>Council members said the latest estimate, $212 million, was nearly double the figure presented to them last spring.</p>
<p>\u201cWe owe the taxpayers a straight answer,\u201d said Councilwoman Rosa Delgado, who asked for the delay on Thursday.</p>
</article>
<footer><p>Copyright 2008 Ledger Media Group. All rights reserved. Reproduction of any material on this site is forbidden.</p>
<p><a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms of Use</a></p></footer>
</body></html>"""


def html_page(content: bytes, declared: str | None = None, name: str = "page.html") -> RawPage:
    return RawPage(content, "/mirror", name, "mirror", legacy_url=f"http://ledger.example/{name}",
                   content_type="text/html", declared_charset=declared)


@pytest.fixture(scope="module")
def ledger_article() -> Article:
    return extract_article(html_page(LEDGER_PAGE.encode("cp1252")))


def test_fields_from_trafilatura_and_meta(ledger_article: Article) -> None:
    a = ledger_article
    assert a.headline == "Council Delays Harbor Bridge Vote"  # site name removed from <title>
    assert a.bylines == ["John Smith"]  # names set in capitals restored to normal case
    assert str(a.published) == "2008-03-07"
    assert a.field_sources["published"] == "meta:article:published_time"
    assert a.section == "City"
    assert a.publication == "The Evening Ledger"
    assert a.language == "en"
    assert a.dateline == "HARBOR CITY"
    assert a.extractor.startswith("trafilatura ")
    assert a.legacy_url == "http://ledger.example/page.html"


def test_body_without_nav_or_footer(ledger_article: Article) -> None:
    a = ledger_article
    assert len(a.paragraphs) == 3
    assert a.paragraphs[0].startswith("The City Council on Thursday postponed")
    assert "project\u2019s cost." in a.paragraphs[0]  # 0x92 decoded as windows-1252
    assert "Home" not in a.body and "Copyright" not in a.body and "By JOHN SMITH" not in a.body
    assert a.warnings == []


def test_text_outside_the_body_is_recorded(ledger_article: Article) -> None:
    aside = {s.text: s.reason for s in ledger_article.set_aside}
    copyright_line = next(t for t in aside if t.startswith("Copyright 2008 Ledger Media Group"))
    assert aside[copyright_line] == "outside the main content (trafilatura)"
    assert "Home" not in aside  # menus are not story text; they stay in the capture


def test_dek_only_when_it_is_not_the_start_of_the_body(ledger_article: Article) -> None:
    assert ledger_article.dek == "Council members want more time to study the bridge\u2019s cost."
    page = LEDGER_PAGE.replace(
        "Council members want more time to study the bridge\u2019s cost.",
        "The City Council on Thursday postponed a vote on the Harbor Bridge replacement\u2026",
    )
    assert extract_article(html_page(page.encode("utf-8"))).dek is None


def test_page_declaring_utf8_with_latin1_bytes() -> None:
    page = LEDGER_PAGE.replace("<head>", '<head><meta charset="utf-8">')
    page = page.replace("Rosa Delgado", "Ren\u00e9e Delgado").replace("\u2019", "'")
    page = page.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "--")
    article = extract_article(html_page(page.encode("latin-1")))
    assert any("declares utf-8 but bytes are not valid utf-8" in w and w.endswith("decoded as windows-1252")
               for w in article.warnings)
    assert "Ren\u00e9e Delgado" in article.body
    assert article.dateline == "HARBOR CITY"


def test_transport_charset_wins_over_meta() -> None:
    page = LEDGER_PAGE.replace("<head>", '<head><meta charset="utf-8">')
    article = extract_article(html_page(page.encode("cp1252"), declared="windows-1252"))
    assert article.warnings == []
    assert "project\u2019s cost." in article.paragraphs[0]


def test_fallback_to_body_paragraphs_when_trafilatura_finds_nothing() -> None:
    page = (b"<html><head><title>Ferry Notice</title></head><body><footer>"
            b"<p>The harbor ferry will not run on Sunday because of the storm warning.</p>"
            b"</footer></body></html>")
    article = extract_article(html_page(page))
    assert article.paragraphs == ["The harbor ferry will not run on Sunday because of the storm warning."]
    assert "trafilatura found no article text; used every paragraph of <body>" in article.warnings


def test_bad_content_does_not_raise() -> None:
    for content in (b"", b"<html><body></body></html>", b"  \n", b"<html><body><p>"):
        article = extract_article(html_page(content))
        assert "no article text found" in article.warnings
    binary = extract_article(html_page(b"\x00\x01\x02\xff\xfe<p>"))
    assert binary.extractor.startswith("trafilatura")


def test_non_article_content_type() -> None:
    page = RawPage(b"\x89PNG\r\n", "/mirror", "logo.png", "mirror", content_type="image/png")
    article = extract_article(page)
    assert article.paragraphs == []
    assert article.warnings == ["not an article: content type image/png"]


def test_corpus_hints_set_aside_repeated_paragraphs_in_html() -> None:
    promo = "Ledger Media Group \u2014 100 Main Street, Harbor City"
    stories = [
        "The ferry to Gull Island will run only on weekends from June, the port authority said.",
        "Three candidates filed papers for the open school board seat on Monday afternoon.",
        "The Main Street bakery that opened in 1950 closed its doors on Friday after decades.",
    ]
    pages = [
        html_page(f"<html><body><article><h1>Story {i}</h1><p>{text}</p><p>{promo}</p>"
                  f"<p>More detail about story {i} follows here, as reporters learned it.</p>"
                  f"</article></body></html>".encode(), name=f"{i}.html")
        for i, text in enumerate(stories)
    ]
    hints = learn_corpus_hints(pages)
    assert hints.files_seen == 3
    article = extract_article(pages[0], hints)
    assert promo not in article.paragraphs
    assert {s.text: s.reason for s in article.set_aside}[promo] == "repeats in 3 of 3 files"
    assert promo in extract_article(pages[0]).paragraphs


def test_real_pages_give_paragraphs() -> None:
    files = sorted(ZYTE_DIR.glob("*.html.gz"))[:5]
    if not files:
        pytest.skip(f"the zyte benchmark pages are not at {ZYTE_DIR}")
    for path in files:
        article = extract_article(html_page(gzip.decompress(path.read_bytes()), name=path.name))
        assert article.paragraphs, path.name
        assert article.word_count > 50, path.name
        assert article.headline, path.name
