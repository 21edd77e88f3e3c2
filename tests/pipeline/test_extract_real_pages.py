"""What went wrong on real pages of sites the extractor had never seen (issue 13), each
failure as the smallest page that shows it."""

from __future__ import annotations

import datetime as dt
import json

from morgue.pipeline.extract import extract_article, learn_corpus_hints
from morgue.pipeline.extract.bylines import split_bylines, split_outlet
from morgue.pipeline.extract.chrome import navigation_reason
from morgue.pipeline.extract.dates import parse_date, search_date
from morgue.pipeline.extract.finish import HEADLINE_NAVIGATION
from morgue.pipeline.records import Article, RawPage

# the shape of a menu line: items between separators or wide gaps
MENUS = ("Home | News | Sports | Business", "Local  World  Arts  Weather", "News · Sport · Culture")

STORY = "".join(f"<p>Sentence {i} of the story tells what the county board decided about the new "
                f"road on Monday night, and what it will cost.</p>" for i in range(1, 6))


def html(body: str, head: str = "", url: str = "http://paper.example/story.html") -> Article:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_article(RawPage(page.encode(), "/mirror", "story.html", "mirror", legacy_url=url,
                                   content_type="text/html"))


def dump(text: str, hints=None) -> Article:
    return extract_article(RawPage(text.encode(), "/dumps", "a.txt", "textdump"), hints)


# --- dates: the local calendar day -----------------------------------------------------------


def test_a_utc_timestamp_gives_way_to_the_day_the_url_names() -> None:
    article = html("<h1>Haley battles Ramaswamy</h1>" + STORY,
                   '<meta property="article:published_time" content="2023-11-09T03:28:35Z">',
                   url="https://news.example/2023/11/08/haley-battles/")
    assert article.published == dt.date(2023, 11, 8)
    assert "UTC" in article.field_sources["published"]  # the disagreement is recorded


def test_a_utc_timestamp_gives_way_to_the_printed_date_line() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2023-11-09T04:15:00.000Z"})
    article = html("<h1>Haley battles Ramaswamy</h1><p>November 8, 2023</p>" + STORY,
                   f'<script type="application/ld+json">{ld}</script>')
    assert article.published == dt.date(2023, 11, 8)
    assert article.field_sources["published"].startswith("date printed under the headline")


def test_a_timestamp_with_its_own_offset_keeps_its_day() -> None:
    article = html("<h1>Haley battles Ramaswamy</h1>" + STORY,
                   '<meta property="article:published_time" content="2023-11-09T03:28:35+09:00">',
                   url="https://news.example/2023/11/08/haley-battles/")
    assert article.published == dt.date(2023, 11, 9)


def test_a_compact_iso_date_in_json_ld_is_read() -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "20180619T055000+0900"})
    article = html("<h1>Typhoon nears Okinawa</h1>" + STORY, f'<script type="application/ld+json">{ld}</script>')
    assert article.published == dt.date(2018, 6, 19)
    assert article.field_sources["published"] == "json-ld:datePublished"


def test_a_year_and_month_are_kept_as_a_partial_date() -> None:
    article = html("<h1>Autumn at the lake</h1>" + STORY, url="http://blog.example/2006/10/autumn-at-the-lake.html")
    assert article.published == dt.date(2006, 10, 1)
    assert article.published_precision == "month"
    assert article.field_sources["published"] == "URL (year and month only)"


def test_dates_printed_day_first_and_in_other_languages() -> None:
    assert search_date("Erschienen am: 01.11.2023")[0] == dt.date(2023, 11, 1)
    assert search_date("17/02/2022")[0] == dt.date(2022, 2, 17)  # unambiguous
    assert search_date("03/04/2022")[0] is None  # not guessed
    assert parse_date("20. September 2020")[0] == dt.date(2020, 9, 20)
    assert parse_date("3 de marzo de 2019")[0] == dt.date(2019, 3, 3)
    article = html("<h1>Neue Radwege für die Innenstadt</h1><p>Erschienen am: 01.11.2023</p>" + STORY)
    assert article.published == dt.date(2023, 11, 1)


# --- text dumps with the new site's navigation above the headline ------------------------------

NAV_DUMP = """Skip to main content

Home | News | Sports | Business | Opinion | Obituaries | Contact Us

Cellist returns to play with hometown orchestra

By JANET McALLISTER

Published: Tuesday, March 9, 2004

The cellist who left Millbrook at seventeen with a borrowed instrument came home on Saturday to play the
Dvorak concerto with the orchestra that first gave her a chair.

She was greeted by a standing ovation before she played a note, and by a longer one after.

Copyright 2004 Millbrook Daily News. All rights reserved.
"""


def test_a_lone_dump_finds_headline_byline_and_date_below_the_navigation() -> None:
    article = dump(NAV_DUMP)
    assert article.headline == "Cellist returns to play with hometown orchestra"
    assert article.bylines == ["Janet McAllister"]
    assert article.published == dt.date(2004, 3, 9)
    assert article.paragraphs[0].startswith("The cellist who left Millbrook")
    aside = {s.text: s.reason for s in article.set_aside}
    assert aside["Skip to main content"].startswith("navigation")
    assert aside["Home | News | Sports | Business | Opinion | Obituaries | Contact Us"].startswith("navigation")
    assert not any(w.startswith(HEADLINE_NAVIGATION) for w in article.warnings)


def test_many_dumps_learn_their_navigation_from_the_corpus() -> None:
    nav = "Search the archive\n\nWeather and traffic\n\n"  # nothing in their shape: only repetition tells
    players = ("cellist", "violinist", "pianist", "harpist", "oboist")
    towns = ("Millbrook", "Ashford", "Brookline", "Dunmore", "Easton")
    pages = []
    for player, town in zip(players, towns, strict=True):
        text = (f"{nav}{player.title()} returns to {town}\n\nBy JANET McALLISTER\n\n"
                f"Published: Tuesday, March 9, 2004\n\nThe {player} who left {town} with a borrowed "
                f"instrument came home to play with the {town} orchestra.\n\nThe {town} crowd stood for the "
                f"{player} before a note was played.\n")
        pages.append(RawPage(text.encode(), "/dumps", f"{town}.txt", "textdump"))
    article = extract_article(pages[0], learn_corpus_hints(pages))
    assert article.headline == "Cellist returns to Millbrook"
    assert article.bylines == ["Janet McAllister"]  # the same columnist in every file
    assert article.published == dt.date(2004, 3, 9)  # dates alike but for their digits
    assert {s.text for s in article.set_aside} >= {"Search the archive", "Weather and traffic"}
    assert article.paragraphs[0].startswith("The cellist who left Millbrook")


def test_a_headline_that_reads_like_navigation_is_never_published_silently() -> None:
    assert navigation_reason("Skip to main content") is not None
    assert all(navigation_reason(menu) == "navigation: menu line" for menu in MENUS)
    assert navigation_reason("Cellist returns to play with hometown orchestra") is None
    article = html("<p>Menu</p>", "<title>Menu</title>")
    assert any(w.startswith(HEADLINE_NAVIGATION) for w in article.warnings)


# --- bylines ---------------------------------------------------------------------------------


def test_junk_is_not_glued_to_names() -> None:
    assert split_bylines("byTravis Haney") == ["Travis Haney"]
    assert split_bylines("Zach Hanlon 5 minute read") == ["Zach Hanlon"]
    for junk in ("11 minute read", "Print", "Share", "Submitted on Tue, 03/02/2019 - 10:00", "April", "著者", "xxx"):
        assert split_bylines(junk) == [], junk


def test_an_outlet_beside_the_people_is_split_off() -> None:
    assert split_outlet(split_bylines("Kara Scannell, CNN")) == (["Kara Scannell"], "CNN")
    assert split_outlet(split_bylines("Pete Evans · CBC News")) == (["Pete Evans"], "CBC News")
    assert split_outlet(split_bylines("By The Associated Press")) == (["The Associated Press"], None)
    article = html("<h1>Trump adviser testifies</h1><p class=byline>By Kara Scannell, CNN</p>" + STORY)
    assert article.bylines == ["Kara Scannell"]
    assert article.outlet == "CNN"


def test_structured_authors_win_over_a_byline_area_without_names() -> None:
    ld = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Maria Ortega"}})
    article = html("<h1>Storm closes the pass</h1><div class=byline>11 minute read</div>"
                   "<div class=byline-tools>Print</div>" + STORY,
                   f'<script type="application/ld+json">{ld}</script>')
    assert article.bylines == ["Maria Ortega"]
    assert article.field_sources["bylines"] == "json-ld:author"


def test_a_commenter_is_never_an_author() -> None:
    article = html("<h1>Storm closes the pass</h1>"
                   "<div id=comments><div class=comment><span class=author>By Bob Smith</span></div></div>"
                   + STORY)
    assert article.bylines == []


# --- headlines and sections ------------------------------------------------------------------


def test_a_clean_h1_beats_a_title_with_an_unspaced_site_suffix() -> None:
    article = html("<h1>习近平会见美国总统</h1>" + STORY, "<title>习近平会见美国总统-新华网</title>")
    assert article.headline == "习近平会见美国总统"


def test_a_2004_table_page_gets_its_section_from_the_kicker_its_url_names() -> None:
    page = ("<table width=760><tr><td width=150><a href='/'>Home</a><br><a href='/news/'>News</a></td>"
            "<td width=460 valign=top><font size=2 face=Arial><b>LOCAL NEWS</b></font><br>"
            "<font size=5><b>Board widens Route 9</b></font><br>" + STORY + "</td></tr></table>")
    article = html(page, "<title>Millbrook Times - Board widens Route 9</title>",
                   url="http://millbrooktimes.example/news/2004/local/route9.html")
    assert article.section == "Local News"
    assert article.field_sources["section"] == "kicker above the headline, named in the URL"


def test_a_url_path_segment_names_the_section_page_by_page() -> None:
    article = html("<h1>Board widens Route 9</h1>" + STORY, url="http://paper.example/2004/03/09/local/route9.html")
    assert article.section == "Local"
    assert article.field_sources["section"] == "URL path segment"
