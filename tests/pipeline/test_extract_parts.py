"""The small parts: datelines, dates, bylines, line shapes, chrome, notices, slugs."""

from __future__ import annotations

import datetime as dt

import pytest

from morgue.pipeline.extract import article_path, article_slug
from morgue.pipeline.extract.bylines import byline_from_line, split_bylines
from morgue.pipeline.extract.chrome import chrome_reason
from morgue.pipeline.extract.dateline import split_dateline
from morgue.pipeline.extract.dates import is_date_line, parse_date
from morgue.pipeline.extract.lineshape import is_proper_name_line, is_title_like
from morgue.pipeline.extract.notice import is_archive_notice
from morgue.pipeline.extract.paragraphs import text_units
from morgue.pipeline.records import Article


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("UNITED NATIONS \u2014 Russia is ratcheting up", "UNITED NATIONS", "Russia is ratcheting up"),
        ("WASHINGTON (AP) -- The Senate voted", "WASHINGTON (AP)", "The Senate voted"),
        ("LONDON, March 7 \u2014 Prices rose", "LONDON, March 7", "Prices rose"),
        ("NEW YORK, March 7 (Reuters) - Stocks fell", "NEW YORK, March 7 (Reuters)", "Stocks fell"),
        ("SPRINGFIELD, Ill. \u2013 The governor", "SPRINGFIELD, Ill.", "The governor"),
        ("WASHINGTON\u2014The Fed", "WASHINGTON", "The Fed"),
        ("ST. LOUIS \u2014 Rain", "ST. LOUIS", "Rain"),
        ("NEW HAVEN, Conn., april 7 - Cognitive said", "NEW HAVEN, Conn., april 7", "Cognitive said"),
        ("JOHANNESBURG MARCH 13 - Gold rose", "JOHANNESBURG MARCH 13", "Gold rose"),
    ],
)
def test_dateline_variants(paragraph: str, dateline: str, rest: str) -> None:
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "EDITOR'S NOTE \u2014 This story contains strong language.",
        "The UN \u2014 at least its council \u2014 said no.",
        "Washington \u2014 the city, not the state \u2014 voted.",
        "NATO-led forces moved in.",
        "A \u2014 b",
        "SECTION 8 - The rules apply.",
        "UNITED NATIONS",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) == (None, paragraph)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("March 7, 2008", dt.date(2008, 3, 7)),
        ("Mar. 7, 2008", dt.date(2008, 3, 7)),
        ("Friday, March 7, 2008", dt.date(2008, 3, 7)),
        ("2008-03-07", dt.date(2008, 3, 7)),
        ("2008-03-07T10:00:00Z", dt.date(2008, 3, 7)),
        ("7 March 2008", dt.date(2008, 3, 7)),
        ("Sept. 12, 2001 10:42 a.m. EST", dt.date(2001, 9, 12)),
        ("Published: March 7, 2008", dt.date(2008, 3, 7)),
        ("Fri, 07 Mar 2008 10:00:00 +0000", dt.date(2008, 3, 7)),
    ],
)
def test_dates(raw: str, expected: dt.date) -> None:
    assert parse_date(raw) == (expected, None)


def test_dates_not_guessed() -> None:
    assert parse_date("02/03/2008")[0] is None
    assert parse_date("February 30, 2008")[1] is not None
    assert not is_date_line("On March 7, 2008, the council met to discuss the budget and the bridge.")
    assert is_date_line("Friday, March 7, 2008")


def test_bylines() -> None:
    assert byline_from_line("By JOHN SMITH") == "JOHN SMITH"
    assert byline_from_line("By continuing you agree to our terms") is None
    assert byline_from_line("By the time the vote came, the council had left.") is None
    assert split_bylines("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert split_bylines("Jane Doe; John Roe") == ["Jane Doe", "John Roe"]
    assert split_bylines("Jane Doe, John Roe and Ann Lee") == ["Jane Doe", "John Roe", "Ann Lee"]
    assert split_bylines("John Smith, Staff Writer") == ["John Smith"]
    assert split_bylines("Smith, John") == ["Smith, John"]
    assert split_bylines("Associated Press") == ["Associated Press"]


def test_line_shapes() -> None:
    assert is_proper_name_line("The New York Sun")
    assert is_proper_name_line("The Evening Ledger")
    assert is_proper_name_line("Journal of Commerce")
    assert not is_proper_name_line("Russia Amps Up Support for Two Georgian Breakaway Regions")
    assert not is_proper_name_line("or")
    assert not is_proper_name_line("The end.")
    assert is_title_like("Troops Return to U.S.")
    assert is_title_like("Is Russia Next?")
    assert not is_title_like("The council met on Thursday.")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("© 2025 The New York Sun Company, LLC. All rights reserved.", "copyright line"),
        ("Copyright 2024 Ledger Media Group. All rights reserved.", "copyright line"),
        ("Sign in or\u00a0 Create a free account", "sign-in or subscription prompt"),
        ("Log in | Register", "sign-in or subscription prompt"),
        ("By using this website you accept our cookie policy", "terms, privacy or cookie notice"),
        ("Privacy Policy", "terms, privacy or cookie notice"),
        ("or", "lone connector between prompts"),
        ("|", "lone connector between prompts"),
        ("Advertisement", "share button or advertisement label"),
    ],
)
def test_chrome_lines(line: str, reason: str) -> None:
    assert chrome_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The company said its privacy policy would change next month.",
        "He refused to register.",
        "The copyright dispute over the song lasted a decade, and both sides claimed victory in the end.",
        "Ledger Media Group \u2014 100 Main Street",
    ],
)
def test_not_chrome(line: str) -> None:
    assert chrome_reason(line) is None


def test_archive_notices_in_other_words() -> None:
    assert is_archive_notice(
        "This article is from the archive of The New York Sun before the launch of its new website in 2022. "
        "The Sun has neither altered nor updated such articles."
    )
    assert is_archive_notice("Originally published in 1987. Transferred from our old site; not edited since.")
    assert not is_archive_notice("The National Archives released the papers on Tuesday.")


def test_text_units_split_short_lines_but_join_wrapped_ones() -> None:
    wrapped = ("word " * 12).strip(), ("more " * 10).strip()
    units = text_units("or\nBy continuing you agree\n\n" + "\n".join(wrapped) + "\n")
    assert [u.text for u in units] == ["or", "By continuing you agree", " ".join(wrapped)]


def test_slug_and_path() -> None:
    headline = "Russia\u2019s Amps Up Support \u2014 for Two Georgian Régions!"
    article = Article(headline=headline, published=dt.date(2008, 3, 7))
    assert article_slug(article) == "russias-amps-up-support-for-two-georgian-regions"
    assert article_path(article) == "/2008/03/07/russias-amps-up-support-for-two-georgian-regions/"
    long = Article(headline="word " * 40)
    slug = article_slug(long)
    assert len(slug) <= 80 and slug.endswith("word") and not slug.endswith("-")
    assert article_path(long) == f"/undated/{slug}/"
    assert article_slug(Article(headline="\u4e2d\u6587")) == "untitled"
    assert article_slug(Article()) == "untitled"
