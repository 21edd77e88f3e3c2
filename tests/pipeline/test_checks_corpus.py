"""Checks over the whole archive and on fields: duplicate, category, not-an-article,
missing headline/date/byline, date out of range. Invented stories, found and quiet."""

from __future__ import annotations

import datetime as dt
import random

from morgue.pipeline.checks import CHECKS, CODES, CheckOptions, run_checks
from morgue.pipeline.records import Article, CheckItem, Finding

STORY = [
    "Kessler Marine Works, the largest private employer in Port Alden, has won a contract worth 48 million "
    "dollars to build four patrol boats for the Navy, the company said yesterday afternoon.",
    "The aluminum boats will be built in the north shed of the shipyard, which has stood mostly idle since a "
    "ferry order was canceled two years ago, and the first is due in the spring.",
    "For a yard our size, this is a very big deal, said Ellen Kessler, the chief executive and the "
    "granddaughter of its founder, who added that it meant steady work for three years.",
]
OTHER = [
    "The Port Alden Public Library will stay open until eight on Saturdays and will open on Sunday "
    "afternoons starting in February, the first expansion of its hours in a decade.",
    "The longer hours are paid for by a gift from the Friends of the Library, which will also help pay "
    "for a small cafe in the main branch, to open in March.",
]


def item(key: int | str, paragraphs: list[str], **fields: object) -> CheckItem:
    extra = {k: fields.pop(k) for k in ("captured_at", "http_status", "capture_text", "legacy_urls") if k in fields}
    values: dict[str, object] = dict(headline=f"Story {key}", bylines=["Priya Natarajan"],
                                     published=dt.date(2009, 6, 12), section="Business")
    values.update(fields)
    return CheckItem(key=key, article=Article(paragraphs=list(paragraphs), **values), **extra)  # type: ignore[arg-type]


def findings(items: list[CheckItem], code: str, **options: object) -> list[Finding]:
    opts = CheckOptions(latest="2024-01-01", **options)  # type: ignore[arg-type]
    return list(run_checks(lambda: items, opts, only={code}))


def test_every_code_is_registered_once_in_order() -> None:
    assert CODES == ("not-an-article", "duplicate", "encoding", "markup", "chrome", "repeated-text",
                     "truncated", "missing-headline", "missing-date", "missing-byline", "date-out-of-range",
                     "category")
    assert all(c.description and c.scope in ("article", "corpus") for c in CHECKS)


def test_duplicates_exact_and_near_point_at_the_earliest_copy() -> None:
    near = [STORY[0].replace("yesterday afternoon", "on Tuesday"), *STORY[1:]]
    items = [item(1, STORY, published=dt.date(2009, 6, 12)), item(2, STORY, published=dt.date(2009, 6, 14)),
             item(3, near, published=dt.date(2009, 6, 13)), item(4, OTHER)]
    found = {f.key: f for f in findings(items, "duplicate")}
    assert set(found) == {2, 3}
    assert found[2].related == [1] and found[3].related == [1]
    assert all(f.blocking for f in found.values())
    assert "exact copy" in found[2].message and "near copy" in found[3].message


def test_duplicate_canonical_is_the_longest_then_the_lowest_key_when_undated() -> None:
    items = [item("b", STORY, published=None), item("a", STORY, published=None),
             item("c", [*STORY, "The Navy confirmed the order in a statement."], published=None)]
    found = {f.key: f.related for f in findings(items, "duplicate")}
    assert found == {"a": ["c"], "b": ["c"]}


def test_duplicate_canonical_never_has_a_placeholder_date_and_survives_a_fix() -> None:
    """The copy kept is the HTML page with a real date, before and after a fix makes a
    damaged copy shorter; the export's 1970 copy is never chosen, though "earliest"."""
    crawl = dt.datetime(2009, 12, 1, 14, 2, tzinfo=dt.UTC)
    export_day = dt.datetime(2021, 3, 15, 9, 0, tzinfo=dt.UTC)

    def copies(damaged: list[str]) -> list[CheckItem]:
        return [
            item(35, STORY, published=dt.date(1970, 1, 1), extractor="export (jsonl)", captured_at=export_day),
            item(23, damaged, extractor="trafilatura 2.3.1", captured_at=crawl + dt.timedelta(days=1)),
            item(17, STORY, extractor="trafilatura 2.3.1", captured_at=crawl),
            item(40, STORY, published=None, extractor="textdump", captured_at=crawl),
        ]

    before = {f.key: f for f in findings(copies([*STORY[:2], "ADVERTISEMENT", STORY[2]]), "duplicate")}
    after = {f.key: f for f in findings(copies(STORY), "duplicate")}
    assert set(before) == set(after) == {35, 23, 40}
    assert {f.related[0] for f in [*before.values(), *after.values()]} == {17}
    assert "date cannot be right" in before[35].message and "the original page" in before[40].message
    assert "captured first" in after[23].message


def _garbled(text: str) -> str:
    """UTF-8 read as windows-1252 by a latin1 database column (undefined bytes kept as C1)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


LONG_STORY = [*STORY, "The boats are to be delivered by the end of next year, and the yard will hire about sixty "
              "welders and fitters, most of them from the county’s vocational program, Kessler said.",
              "The Navy’s order follows two lean years in which the yard cut its staff by a third and leased "
              "part of its waterfront to a marina; its union called the contract “a lifeline.”"]


def test_duplicate_pairs_garbled_clean_cut_and_redated_copies_before_any_fix() -> None:
    """The issue's copies: the crawl garbled ("â€™"), the export clean but dated on the day
    it was exported, a text dump cut off mid-story with no date; one group, the crawl kept."""
    crawl = dt.datetime(2009, 12, 1, 14, 2, tzinfo=dt.UTC)
    export_day = dt.datetime(2021, 3, 15, 9, 0, tzinfo=dt.UTC)
    garbled = [_garbled(p) for p in LONG_STORY]
    cut = [*LONG_STORY[:2], LONG_STORY[2][:60]]

    def copies(crawled: list[str]) -> list[CheckItem]:
        return [
            item(96, [p.replace("’", "&#8217;") for p in LONG_STORY], published=dt.date(2021, 3, 15),
                 extractor="export (wxr)", captured_at=export_day,
                 field_sources={"published": "export:wxr"},
                 legacy_url="http://www.eveningledger.com/news/local/2010/01/15/library-extends-hours"),
            item(16, crawled, published=dt.date(2010, 1, 15), extractor="trafilatura 2.3.1", captured_at=crawl,
                 field_sources={"published": "meta:article:published_time"}),
            item(28, cut, published=None, extractor="textdump", captured_at=export_day),
            item(4, OTHER),
        ]

    before = {f.key: f for f in findings(copies(garbled), "duplicate")}
    after = {f.key: f for f in findings(copies(LONG_STORY), "duplicate")}  # after `morgue fix`
    assert set(before) == set(after) == {96, 28}
    assert {f.related[0] for f in [*before.values(), *after.values()]} == {16}
    assert "shorter copy" in before[28].message and "the whole text" in before[28].message
    assert "date cannot be right" in before[96].message


def test_duplicate_keeps_the_whole_copy_over_a_cut_crawl() -> None:
    """A crawled page that lost its second half is not canonical over an export's whole text."""
    items = [item(1, [*LONG_STORY[:2], LONG_STORY[2][:50]], extractor="trafilatura 2.3.1"),
             item(2, LONG_STORY, extractor="export (jsonl)")]
    found = findings(items, "duplicate")
    assert [(f.key, f.related) for f in found] == [(1, [2])]


def test_duplicate_keeps_the_crawled_page_over_a_dated_export_copy() -> None:
    """The crawl lost the date; the export has one, plausible: the page readers saw is kept."""
    items = [item(1, STORY, published=None, extractor="trafilatura 2.3.1"),
             item(2, STORY, published=dt.date(2009, 6, 12), extractor="export (jsonl)")]
    assert [(f.key, f.related) for f in findings(items, "duplicate")] == [(2, [1])]


def test_duplicate_quiet_on_stories_that_share_a_background_paragraph() -> None:
    follow_up = ["The yard said on Monday it would build a fifth boat after the Navy raised its order, and "
                 "that it would need another forty workers by the summer to keep to the schedule it agreed.",
                 STORY[1]]
    assert findings([item(1, LONG_STORY), item(2, follow_up)], "duplicate") == []


def test_duplicate_quiet_on_different_stories_and_on_error_pages() -> None:
    error = ["Sorry, the page you requested could not be found. Please check the address or try searching."]
    items = [item(1, STORY), item(2, OTHER), item(3, error, http_status=404), item(4, error, http_status=404)]
    assert findings(items, "duplicate") == []


def _section_corpus(moved: dict[int, str]) -> list[CheckItem]:
    vocab = {
        "Sports": "pitcher inning homer shortstop league playoff coach stadium season baseball fans score".split(),
        "Business": "shares profit quarter earnings investors merger revenue bank market dividend stock".split(),
        "Arts": "museum painting gallery concert orchestra exhibit sculpture festival theater artist stage".split(),
    }
    common = "the a of and said on in at to for with yesterday officials city new".split()
    rng = random.Random(5)
    items = []
    for section, words in vocab.items():
        for n in range(40):
            key = len(items)
            text = " ".join(rng.choice(words if rng.random() < 0.5 else common) for _ in range(80)) + "."
            items.append(item(key, [text], section=moved.get(key, section)))
    return items


def test_category_proposes_the_likely_section_for_a_moved_story() -> None:
    found = findings(_section_corpus({3: "Arts", 45: "Sports"}), "category")
    assert {f.key: f.fix.after for f in found if f.fix} == {3: "Sports", 45: "Business"}
    assert all(f.fix and not f.fix.safe and f.field == "section" for f in found)


def test_category_quiet_when_nothing_moved_or_too_few_sections() -> None:
    assert findings(_section_corpus({}), "category") == []
    one_section = [i for i in _section_corpus({}) if i.article.section == "Sports"]
    assert findings(one_section, "category") == []


PILOTS = ["The Port Alden Pilots clinched their first division championship since 1998 on Saturday night, "
          "beating the Lakeport Loons 6-2 before a sellout crowd at Breakwater Field.",
          "Shortstop Danny Ruiz drove in three runs, and the pitcher went seven innings, striking out nine. "
          "The players poured out of the dugout when the last out settled into the left fielder's glove.",
          "The Pilots open the playoffs on Wednesday; the team's coach said the season was the best of his career."]
STADIUM = ["The Pilots' owners asked the city on Tuesday for a loan of 4 million dollars to rebuild the stadium, "
           "saying revenue from the ballpark had fallen for three seasons and the team could not borrow more.",
           "Bankers and investors told the council the loan would be repaid from ticket revenue and a share of the "
           "profits of the concession stands; the mayor said the city's economy needed the games."]


def _business_desk(n: int) -> list[CheckItem]:
    """A paper whose archive has Business and Local sections, and no Sports section."""
    companies = ["Kessler Marine Works", "Bayside Packing", "Coastal Electric", "the Port Alden Savings Bank"]
    business = [item(100 + k, [f"{companies[k % 4]} said quarterly profits rose 12 percent as revenue from exports "
                               "grew, and the board raised the dividend; investors sent its shares up 3 percent.",
                               "Analysts said the company's earnings beat forecasts and that its takeover of a "
                               "smaller rival had lifted sales to customers abroad."], section="Business")
                for k in range(n)]
    local = [item(200 + k, OTHER, section="Local") for k in range(5)]
    return [*business, *local]


def test_category_finds_a_sports_story_in_business_when_the_archive_has_no_sports_section() -> None:
    found = findings([*_business_desk(6), item("pilots", PILOTS, section="Business")], "category")
    assert [f.key for f in found] == ["pilots"]
    assert "reads like sport (IPTC 15000000" in found[0].message
    assert "the archive has no section for it" in found[0].message and found[0].fix is None


def test_category_proposes_a_thin_sports_section() -> None:
    thin = [item("opener", [*PILOTS[1:], PILOTS[0]], section="Sports")]
    found = findings([*_business_desk(25), *thin, item("pilots", PILOTS, section="Business")], "category")
    assert [(f.key, f.fix.after if f.fix else None) for f in found] == [("pilots", "Sports")]


def test_category_leaves_sports_business_and_general_sections_alone() -> None:
    items = [*_business_desk(6), item("stadium", STADIUM, section="Business"), item("local", PILOTS, section="Local")]
    assert findings(items, "category") == []


def test_not_an_article_error_pages_walls_and_empty_pages() -> None:
    items = [
        item("404", ["We could not find that page."], http_status=404),
        item("soft", ["The story you are looking for has been removed from our site.", "Return to the home page."],
             headline="This story is no longer available"),
        item("wall", [STORY[0], "To continue reading, subscribe now or log in if you are already a subscriber."]),
        item("empty", []),
        item("ok", STORY),
    ]
    found = {f.key: f for f in findings(items, "not-an-article")}
    assert set(found) == {"404", "soft", "wall", "empty"}
    assert all(f.blocking and f.severity == "error" for f in found.values())


def test_not_an_article_index_page_lists_other_stories() -> None:
    stories = [item(n, STORY if n % 2 else OTHER, headline=h) for n, h in enumerate(
        ["Shipyard lands Navy contract", "Library extends weekend hours", "Council approves zoning change",
         "Pilots clinch division title"])]
    index = item("index", ["Shipyard lands Navy contract", "Library extends weekend hours (June 12, 2009)",
                           "Council approves zoning change", "Pilots clinch division title"], headline="Local news")
    assert [f.key for f in findings([*stories, index], "not-an-article")] == ["index"]


def test_not_an_article_quiet_on_a_long_story_about_errors() -> None:
    story = [*STORY, "Readers who tried the old address saw a page not found error, and some got an error 404, "
             "officials said, adding that the problem had been fixed and the page could not be found only for an hour."]
    assert findings([item(1, story)], "not-an-article") == []


def test_missing_headline_and_date() -> None:
    items = [item(1, STORY, headline=None, published=None), item(2, OTHER)]
    assert [f.key for f in findings(items, "missing-headline")] == [1]
    # a story with no headline is held for an editor, never published as "Untitled"
    assert all(f.blocking for f in findings(items, "missing-headline"))
    assert [f.key for f in findings(items, "missing-date")] == [1]


def test_missing_date_when_the_date_was_only_guessed() -> None:
    guessed = item(1, STORY, field_sources={"published": "trafilatura (htmldate)"},
                   capture_text="Shipyard lands contract\n" + "\n".join(STORY))
    printed = item(2, STORY, field_sources={"published": "trafilatura (htmldate)"},
                   capture_text="June 12, 2009\n" + "\n".join(STORY))
    assert [f.key for f in findings([guessed, printed], "missing-date")] == [1]


def test_missing_byline_only_where_the_archive_signs_its_stories() -> None:
    signed = [item(n, STORY) for n in range(25)]
    assert [f.key for f in findings([*signed, item("x", OTHER, bylines=[])], "missing-byline")] == ["x"]
    unsigned = [item(n, STORY, bylines=[]) for n in range(25)]
    assert findings(unsigned, "missing-byline") == []


def test_date_out_of_range() -> None:
    captured = dt.datetime(2012, 5, 1, 9, tzinfo=dt.UTC)
    weak = {"published": "trafilatura (htmldate)"}
    items = [
        item("epoch", STORY, published=dt.date(1970, 1, 1)),
        item("future", STORY, published=dt.date(2031, 1, 1)),
        item("old", STORY, published=dt.date(1850, 1, 1)),
        item("stand-in", STORY, published=captured.date(), captured_at=captured, field_sources=weak),
        item("url", STORY, published=dt.date(2021, 3, 15), field_sources={"published": "export:wxr"},
             legacy_url="http://www.eveningledger.com/news/local/2010/01/15/library"),
        item("same-day", STORY, published=captured.date(), captured_at=captured,
             field_sources={"published": "meta:article:published_time"}),
        item("ok", STORY, legacy_url="http://www.eveningledger.com/news/2009/06/12/shipyard"),
    ]
    found = {f.key: f.message for f in findings(items, "date-out-of-range", founded=1890)}
    assert set(found) == {"epoch", "future", "old", "stand-in", "url"}
    assert "epoch" in found["epoch"] and "captured" in found["stand-in"] and "2010-01-15" in found["url"]
