"""Fields done properly: dates, bylines, names, headlines, sections, each with its source."""

from __future__ import annotations

import datetime as dt

import pytest

from morgue.pipeline.extract import extract_article
from morgue.pipeline.extract.bylines import is_role_line, is_wire_service, split_bylines
from morgue.pipeline.extract.dates import date_from_url, publication_date_in, search_date
from morgue.pipeline.extract.fields import strip_site_name, title_joins
from morgue.pipeline.extract.names import restore_case
from morgue.pipeline.records import Article, RawPage


def page(html: str, url: str | None = None) -> Article:
    return extract_article(RawPage(html.encode("utf-8"), "/m", "p.html", "mirror", legacy_url=url,
                                   content_type="text/html"))


STORY = "".join(
    f"<p>{text}</p>" for text in (
        "WASHINGTON \u2014 The harbor commission voted on Thursday to extend the ferry schedule through "
        "the winter, after months of complaints from island residents about the long gaps.",
        "The new schedule adds two crossings a day and costs about $400,000 a year, which the commission "
        "said it would cover from parking fees at the terminal.",
        "Residents who packed the meeting applauded the vote, though several said the boats were still too "
        "small for the crowds on summer weekends.",
    )
)


@pytest.mark.parametrize(("raw", "name"), [
    ("MARTHA KEANE", "Martha Keane"),
    ("JOHN McDONALD", "John McDonald"),
    ("SEAN O'BRIEN", "Sean O'Brien"),
    ("JAN VAN DER BERG", "Jan van der Berg"),
    ("Jan van der Berg", "Jan van der Berg"),
    ("MCDONALD", "McDonald"),
    ("MACK", "Mack"),
    ("ANNE SMITH-JONES", "Anne Smith-Jones"),
    ("HENRY FORD III", "Henry Ford III"),
    ("J.R. EWING", "J.R. Ewing"),
    ("DeShawn Smith", "DeShawn Smith"),
])
def test_names_back_to_normal_case(raw: str, name: str) -> None:
    assert restore_case(raw) == name


@pytest.mark.parametrize(("raw", "names"), [
    ("By MARTHA KEANE and SAMUEL REYES", ["Martha Keane", "Samuel Reyes"]),
    ("By JOHN SMITH, Associated Press Writer", ["John Smith"]),
    ("By Samuel Reyes, Ledger Staff Writer", ["Samuel Reyes"]),
    ("By JOHN SMITH | E-mail the author", ["John Smith"]),
    ("By Jane Doe jane@example.com", ["Jane Doe"]),
    ("By JOHN McDONALD March 7, 2003", ["John McDonald"]),
    ("By The Associated Press", ["The Associated Press"]),
    ("LEDGER WIRE SERVICES", ["Ledger Wire Services"]),
    ("AP", ["AP"]),
    ("John Smith, Reuters", ["John Smith", "Reuters"]),
    ("Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
    ("Smith, John", ["Smith, John"]),
])
def test_bylines_are_names_only(raw: str, names: list[str]) -> None:
    assert split_bylines(raw) == names


def test_role_lines_and_wire_services() -> None:
    assert is_role_line("Staff Reporter of the Ledger")
    assert is_role_line("Ledger Staff Writer")
    assert is_role_line("Special to The Sun")
    assert not is_role_line("Reuters")
    assert not is_role_line("The council voted to approve the plan")
    assert is_wire_service("The Associated Press") and is_wire_service("Reuters")
    assert is_wire_service("Ledger Wire Services") and not is_wire_service("Martha Keane")


def test_dates_in_text_urls_and_update_stamps() -> None:
    assert search_date("By Jane Doe, March 7, 2008, 10:42 a.m.")[0] == dt.date(2008, 3, 7)
    assert search_date("Mar. 7, 2008")[0] == dt.date(2008, 3, 7)
    assert search_date("posted 2008-03-07T10:00Z")[0] == dt.date(2008, 3, 7)
    assert search_date("on 03/07/2008")[0] is None  # ambiguous: never guessed
    assert publication_date_in("Posted: Mar. 3, 1987 | Updated: Mar. 4, 1987") == dt.date(1987, 3, 3)
    assert publication_date_in("Last updated: Friday, August 17, 2007") is None
    assert date_from_url("http://x.example/2003/03/07/local/a.html") == dt.date(2003, 3, 7)
    assert date_from_url("http://x.example/news/20030307/a") == dt.date(2003, 3, 7)
    assert date_from_url("http://x.example/a/12345678901/b") is None
    assert date_from_url("http://x.example/2003/13/07/a") is None


def test_title_parts_and_site_names() -> None:
    assert "Letters: Don\u2019t cut the bus" in title_joins("Letters: Don\u2019t cut the bus | Opinion | The Ledger")
    assert strip_site_name("Harbor plan | Local | The Ledger", ["The Ledger"]) == ("Harbor plan | Local", True)
    assert strip_site_name("The Ledger: Harbor plan", ["The Ledger"]) == ("Harbor plan", True)
    assert strip_site_name("Harbor plan", []) == ("Harbor plan", False)


def test_headline_is_the_printed_one_without_the_site_name() -> None:
    html = ("<html><head><title>The Evening Ledger: Ferry to run all winter</title></head><body>"
            "<table><tr><td><font size=5><b>Ferry to run all winter</b></font><br>" + STORY
            + "</td></tr></table></body></html>")
    article = page(html)
    assert article.headline == "Ferry to run all winter"
    assert article.field_sources["headline"] == "page text matching <title> (<b>)"


def test_date_is_not_taken_from_a_sidebar_or_the_top_bar() -> None:
    html = ("<html><head><title>Ferry to run all winter</title></head><body>"
            "<div id=top>Tuesday, June 12, 2001 | Subscribe</div>"
            "<h1>Ferry to run all winter</h1><div class=byline>By PAT LEE<br>March 7, 2008</div>"
            f"<div class=story>{STORY}</div>"
            "<div class=most><h3>Most E-mailed</h3><ul>"
            "<li><a href='/2008/02/01/a.html'>Older story</a> (Feb. 1, 2008)</li>"
            "<li><a href='/2008/01/15/b.html'>Another story</a> (Jan. 15, 2008)</li></ul></div>"
            "</body></html>")
    article = page(html)  # no legacy URL: the date can only come from the page
    assert article.published == dt.date(2008, 3, 7)
    assert article.field_sources["published"] == "date printed under the headline"
    assert article.bylines == ["Pat Lee"]
    nothing = page(html.replace("<br>March 7, 2008", ""))
    assert nothing.published is None  # not the top bar's date, not a sidebar's


def test_update_stamp_is_not_the_publication_date() -> None:
    html = ("<html><body><h1>Ferry to run all winter</h1>"
            "<p class=stamp>Updated: March 9, 2008 | Published: March 7, 2008</p>"
            f"<div class=story>{STORY}</div></body></html>")
    assert page(html).published == dt.date(2008, 3, 7)


def test_meta_date_wins_and_says_so() -> None:
    html = ("<html><head><meta property='article:published_time' content='2008-03-06T23:30:00-05:00'>"
            "</head><body><h1>Ferry to run all winter</h1><p>March 9, 2008</p>"
            f"<div class=story>{STORY}</div></body></html>")
    article = page(html, "http://x.example/2008/03/05/ferry.html")
    assert article.published == dt.date(2008, 3, 6)  # the date as written, not converted to UTC
    assert article.field_sources["published"] == "meta:article:published_time"


def test_url_date_when_the_page_prints_none() -> None:
    html = f"<html><body><h1>Ferry to run all winter</h1>{STORY}</body></html>"
    article = page(html, "http://x.example/2008/03/07/local/ferry.html")
    assert article.published == dt.date(2008, 3, 7) and article.field_sources["published"] == "URL"


def test_section_from_breadcrumbs_kicker_and_url() -> None:
    crumbs = ("<html><body><div id=breadcrumbs><a href='/'>Home</a> &gt; <a href='/news/'>News</a> &gt; "
              f"<a href='/news/city/'>City</a></div><h1>Ferry to run all winter</h1>{STORY}</body></html>")
    article = page(crumbs)
    assert (article.section, article.field_sources["section"]) == ("City", "breadcrumbs")
    kicker = (f"<html><body><a href='/harbor/'>Harbor</a><h1>Ferry to run all winter</h1>{STORY}"
              "</body></html>")
    article = page(kicker)
    assert (article.section, article.field_sources["section"]) == ("Harbor", "kicker link above the headline")
    nav = ("<html><body><ul><li><a href='/local/'>Local</a></li><li><a href='/sports/'>Sports</a></li></ul>"
           f"<h1>Ferry to run all winter</h1>{STORY}</body></html>")
    article = page(nav, "http://x.example/2008/03/07/local/ferry.html")
    assert (article.section, article.field_sources["section"]) == (
        "Local", "URL path, named by the site's navigation")


def test_byline_lines_leave_the_body_and_the_dateline_is_kept() -> None:
    html = ("<html><body><h1>Ferry to run all winter</h1><div class=credit><b>By PAT LEE</b><br>"
            f"Staff Reporter of the Ledger<br>March 7, 2008</div>{STORY}</body></html>")
    article = page(html)
    assert article.bylines == ["Pat Lee"]
    assert article.dateline == "WASHINGTON"
    assert article.paragraphs[0].startswith("The harbor commission voted")
    assert "Staff Reporter" not in article.body and "PAT LEE" not in article.body
