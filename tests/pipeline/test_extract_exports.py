"""CMS export records: fields given, body HTML to paragraphs, dates parsed, not guessed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from morgue.pipeline.extract import article_path, extract_article
from morgue.pipeline.records import RawPage

BODY_HTML = """<p>LONDON, March 7 \u2014 Prices rose on Friday as traders <em>bet</em> on a rate cut.</p>
<figure><img src="x.jpg"><figcaption>Traders in the City of London.</figcaption></figure>
<script>trackPageView();</script>
<p>The pound fell<br>against the dollar.</p>
First line of a paragraph without tags.

Second paragraph without tags, as WordPress stores posts.<br><br>A third, after two line breaks.
<!-- an editor's note that was never shown -->
<ul><li>One item</li><li>Another item</li></ul>"""


def export_page(fields: dict[str, Any], fmt: str = "wxr") -> RawPage:
    return RawPage(b"{}", "/exports/site.xml", "site.xml#3", fmt, legacy_url="http://old.example/?p=3",
                   fields=fields)


def test_fields_and_body_html() -> None:
    article = extract_article(export_page({
        "headline": " Pound Slips as Traders Bet on Rate Cut ",
        "dek": "Markets <b>react</b> to the Bank of England",
        "bylines": "By Jane Doe and John Roe",
        "published": "Fri, 07 Mar 2008 10:00:00 +0000",
        "section": "Business",
        "tags": "markets, pound; Bank of England",
        "body_html": BODY_HTML,
        "language": "en",
    }))
    assert article.headline == "Pound Slips as Traders Bet on Rate Cut"
    assert article.dek == "Markets react to the Bank of England"
    assert article.bylines == ["Jane Doe", "John Roe"]
    assert article.published == dt.date(2008, 3, 7)
    assert article.section == "Business"
    assert article.tags == ["markets", "pound", "Bank of England"]
    assert article.language == "en"
    assert article.dateline == "LONDON, March 7"
    assert article.paragraphs == [
        "Prices rose on Friday as traders bet on a rate cut.",
        "The pound fell\nagainst the dollar.",
        "First line of a paragraph without tags.",
        "Second paragraph without tags, as WordPress stores posts.",
        "A third, after two line breaks.",
        "One item",
        "Another item",
    ]
    assert [(s.text, s.reason) for s in article.set_aside] == [("Traders in the City of London.", "image caption")]
    assert article.legacy_url == "http://old.example/?p=3"
    assert article.extractor == "export (wxr)"
    assert article.field_sources["published"] == "export:wxr"
    assert article.warnings == []
    assert article_path(article) == "/2008/03/07/pound-slips-as-traders-bet-on-rate-cut/"


def test_body_text_lists_and_local_dates() -> None:
    article = extract_article(export_page({
        "headline": "Ferry Cut",
        "bylines": ["By MARTHA KLINE", "Ed Park; Lu Chen"],
        "published": "2008-03-07T23:30:00-05:00",  # the date as printed, not UTC
        "tags": ["city", "ferries", "city"],
        "body_text": "The ferry will run on weekends only.\n\nCommuters objected.",
        "legacy_url": "http://old.example/ferry.html",
    }, fmt="jsonl"))
    assert article.bylines == ["Martha Kline", "Ed Park", "Lu Chen"]
    assert article.published == dt.date(2008, 3, 7)
    assert article.tags == ["city", "ferries"]
    assert article.paragraphs == ["The ferry will run on weekends only.", "Commuters objected."]
    assert article.legacy_url == "http://old.example/ferry.html"


def test_unreadable_and_ambiguous_dates_are_not_guessed() -> None:
    ambiguous = extract_article(export_page({"headline": "X", "published": "03/07/2008", "body_text": "Text."}, "csv"))
    assert ambiguous.published is None
    assert any("ambiguous" in w for w in ambiguous.warnings)
    clear = extract_article(export_page({"headline": "X", "published": "25/12/2008", "body_text": "Text."}, "csv"))
    assert clear.published == dt.date(2008, 12, 25)
    bad = extract_article(export_page({"headline": "X", "published": "0000-00-00 00:00:00", "body_text": "T."}))
    assert bad.published is None
    assert any("not a real date" in w for w in bad.warnings)


def test_empty_record_does_not_raise() -> None:
    article = extract_article(export_page({}))
    assert article.headline is None and article.paragraphs == []
    assert "no article text found" in article.warnings
    assert article_path(article) == "/undated/untitled/"
