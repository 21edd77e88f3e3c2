"""Text dumps: the founding example, another paper in other words, corpus hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from morgue.pipeline.extract import CorpusHints, extract_article, learn_corpus_hints
from morgue.pipeline.records import Article, RawPage

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed"
SEED_FILE = SEED_DIR / "000_1b649318492707dd.txt"


def dump(text: str, name: str = "dump.txt") -> RawPage:
    return RawPage(text.encode("utf-8"), "/dumps", name, "textdump")


def reasons(article: Article) -> dict[str, str]:
    return {s.text: s.reason for s in article.set_aside}


# --- the founding example --------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED_FILE.is_file():
        pytest.skip(f"the founding example is not at {SEED_FILE} (shared data missing)")
    return extract_article(RawPage(SEED_FILE.read_bytes(), str(SEED_DIR), SEED_FILE.name, "textdump"))


def test_seed_head(seed: Article) -> None:
    assert seed.headline == "Russia Amps Up Support for Two Georgian Breakaway Regions"
    assert seed.notice is not None
    assert seed.notice.startswith("This article is from the archive of The New York Sun")
    assert seed.notice.endswith("introduced during transfer.")
    assert seed.publication == "The New York Sun"
    assert seed.dateline == "UNITED NATIONS"
    assert seed.published is None  # lost in the move; not invented
    assert seed.bylines == []
    assert seed.extractor == "textdump"


def test_seed_body(seed: Article) -> None:
    assert len(seed.paragraphs) == 8
    assert seed.paragraphs[0].startswith("Russia is ratcheting up its support for two separatist")
    assert seed.paragraphs[-1].endswith("based on a blueprint proposed by the United Nations.")
    assert "told The New York Sun." in seed.body  # the paper named inside the story stays
    for chrome in ("©", "All rights reserved", "constitutes acceptance", "Sign in", "By continuing"):
        assert chrome not in seed.body
    assert "The New York Sun" not in seed.paragraphs


def test_seed_footer_is_set_aside_with_reasons(seed: Article) -> None:
    aside = [(s.text, s.reason) for s in seed.set_aside]
    texts = [t for t, _ in aside]
    assert texts.count("The New York Sun") == 2
    assert "© 2025 The New York Sun Company, LLC. All rights reserved." in texts
    assert any(t.startswith("Use of this site constitutes acceptance") for t in texts)
    assert "Sign in or\u00a0 Create a free account" in texts
    assert "or" in texts
    assert "By continuing you agree to our Privacy Policy and Terms of Use" in texts
    assert len(aside) == 7
    assert all(reason for _, reason in aside)
    assert reasons(seed)["or"] == "lone connector between prompts"
    assert reasons(seed)["© 2025 The New York Sun Company, LLC. All rights reserved."] == "copyright line"


def test_seed_loses_no_text(seed: Article) -> None:
    """Every word of the file is in a field, the body, or set aside (the dateline's dash,
    punctuation only, is the one thing not kept)."""
    kept = " ".join(
        [seed.headline or "", seed.notice or "", seed.publication or "", seed.dateline or "", seed.body]
        + [s.text for s in seed.set_aside]
    )
    for line in SEED_FILE.read_text("utf-8").splitlines():
        for word in line.split():
            if any(c.isalnum() for c in word):
                assert word in kept


# --- another paper, other words ---------------------------------------------------

LEDGER_STORY = [
    "HARBOR CITY, March 6 -- The City Council on Thursday postponed a vote on the Harbor Bridge "
    "replacement, saying it needed more time to study the cost.",
    "Council members said the latest estimate, $212 million, was nearly double the figure "
    "presented last spring.",
    "\u201cWe owe the taxpayers a straight answer,\u201d said Councilwoman Rosa Delgado, who asked for the delay.",
    "The vote is now expected in April.",
]
LEDGER_NOTICE = (
    "The Evening Ledger moved its back issues to a new site in 2023. Stories originally published "
    "before then appear as they ran and have not been edited; please tell us about any problems."
)


def ledger(story: list[str] = LEDGER_STORY, footer: list[str] | None = None) -> str:
    footer = footer if footer is not None else [
        "Log in | Register",
        "The Evening Ledger",
        "Copyright 2024 Ledger Media Group. All rights reserved.",
        "By using this website you accept our cookie policy",
    ]
    head = ["City Council Delays Vote on Harbor Bridge", LEDGER_NOTICE, "The Evening Ledger",
            "By MARTHA KLINE", "Friday, March 7, 2008"]
    return "\n\n".join(head + story + footer) + "\n"


def test_second_paper_in_other_words() -> None:
    article = extract_article(dump(ledger()))
    assert article.headline == "City Council Delays Vote on Harbor Bridge"
    assert article.notice == LEDGER_NOTICE
    assert article.publication == "The Evening Ledger"
    assert article.bylines == ["Martha Kline"]
    assert str(article.published) == "2008-03-07"
    assert article.dateline == "HARBOR CITY, March 6"
    assert article.paragraphs[0].startswith("The City Council on Thursday postponed")
    assert article.paragraphs[1:] == LEDGER_STORY[1:]  # the short last sentence stays
    assert reasons(article) == {
        "Log in | Register": "sign-in or subscription prompt",
        "The Evening Ledger": "publication name repeated",
        "Copyright 2024 Ledger Media Group. All rights reserved.": "copyright line",
        "By using this website you accept our cookie policy": "terms, privacy or cookie notice",
    }
    assert article.warnings == []


def test_story_sentence_mentioning_privacy_policy_stays() -> None:
    middle = ("The utility said its privacy policy, which it rewrote after a data breach last year, "
              "would not allow it to name the contractor.")
    last = ("Ms. Delgado said she would ask the council to review the terms of use for the city's "
            "new parking app before the next meeting.")
    story = [LEDGER_STORY[0], middle, LEDGER_STORY[1], last]
    article = extract_article(dump(ledger(story)))
    assert middle in article.paragraphs
    assert article.paragraphs[-1] == last
    assert "By using this website you accept our cookie policy" in reasons(article)


def test_chrome_at_the_top_and_hard_wrapped_paragraphs() -> None:
    text = (
        "Subscribe | Sign in\n\n"
        "Harbor Bridge Vote Delayed Again\n\n"
        "The City Council on Thursday postponed a vote on the Harbor Bridge replacement,\n"
        "saying it needed more time to study the cost of the project and its effect on\n"
        "the ferry service.\n\n"
        "Council members said the latest estimate was nearly double last spring's figure.\n\n"
        "Terms of Service | Privacy Notice\n"
    )
    article = extract_article(dump(text))
    assert article.headline == "Harbor Bridge Vote Delayed Again"
    assert article.paragraphs[0] == (
        "The City Council on Thursday postponed a vote on the Harbor Bridge replacement, "
        "saying it needed more time to study the cost of the project and its effect on the ferry service."
    )
    assert len(article.paragraphs) == 2
    assert reasons(article) == {
        "Subscribe | Sign in": "sign-in or subscription prompt",
        "Terms of Service | Privacy Notice": "terms, privacy or cookie notice",
    }
    assert article.notice is None and article.publication is None
    assert "no publication date found" in article.warnings


def test_story_text_after_a_chrome_line_is_kept() -> None:
    story = [LEDGER_STORY[0], "Advertisement", LEDGER_STORY[1], LEDGER_STORY[2]]
    article = extract_article(dump(ledger(story)))
    assert article.paragraphs[1:] == LEDGER_STORY[1:3]
    assert reasons(article)["Advertisement"] == "share button or advertisement label"


def test_empty_and_headline_only_dumps_do_not_raise() -> None:
    empty = extract_article(dump("\n\n  \n"))
    assert empty.paragraphs == [] and "no article text found" in empty.warnings
    only = extract_article(dump("Harbor Bridge Vote Delayed\n"))
    assert only.headline == "Harbor Bridge Vote Delayed"
    assert "no article text found" in only.warnings


def test_windows_1252_dump_is_decoded_and_noted() -> None:
    page = RawPage(ledger().encode("cp1252"), "/dumps", "old.txt", "textdump")
    article = extract_article(page)
    assert article.paragraphs[2] == LEDGER_STORY[2]  # curly quotes survive
    assert article.warnings == []


# --- corpus hints -----------------------------------------------------------------

#: A footer line with no chrome cue words: only repetition across files gives it away.
HOUSE_LINE = "Ledger Media Group \u2014 100 Main Street"
HOUSE_SENTENCE = "Ledger Media Group has published newspapers in Harbor City since 1921."


#: Five stories with nothing in common but the paper's house lines.
STORIES = [
    ("Ferry Service Cut", "The ferry to Gull Island will run only on weekends from June.",
     "Commuters said the change would add an hour to their trips each way."),
    ("School Board Race", "Three candidates filed papers for the open school board seat.",
     "The election will be held in November alongside the mayoral race."),
    ("Bakery Closes", "The Main Street bakery that opened in 1950 closed its doors on Friday.",
     "Its owners said rising rents had made the business impossible to keep."),
    ("Storm Damage", "High winds toppled trees across the north side of the city overnight.",
     "Crews expect to restore power to every home by Sunday evening."),
    ("Library Hours", "The public library will stay open until nine on weeknights this winter.",
     "Volunteers will run reading hours for children on Saturday mornings."),
    ("Harbor Dredging", "Work to deepen the harbor channel will start in the spring, officials said.",
     "The project is paid for by a federal grant awarded last year."),
]


def corpus_dump(i: int) -> str:
    headline, first, second = STORIES[i]
    story = [f"HARBOR CITY \u2014 {first}", HOUSE_LINE, second, HOUSE_SENTENCE]
    return "\n\n".join([headline, *story, f"\u00a9 {2020 + i} Ledger Media Group"])


@pytest.fixture(scope="module")
def corpus_hints() -> CorpusHints:
    return learn_corpus_hints(dump(corpus_dump(i), f"{i}.txt") for i in range(5))


def test_learn_corpus_hints_counts_files(corpus_hints: CorpusHints) -> None:
    assert corpus_hints.files_seen == 5
    assert corpus_hints.line_counts["ledger media group \u2014 # main street"] == 5
    assert corpus_hints.line_counts["© # ledger media group"] == 5  # years differ, line matches
    assert corpus_hints.line_counts["ferry service cut"] == 1


def test_lines_repeating_across_files_are_chrome_only_with_hints(corpus_hints: CorpusHints) -> None:
    alone = extract_article(dump(corpus_dump(5)))
    assert HOUSE_LINE in alone.paragraphs  # one file cannot tell
    assert HOUSE_SENTENCE in alone.paragraphs

    hinted = extract_article(dump(corpus_dump(5)), corpus_hints)
    assert HOUSE_LINE not in hinted.paragraphs
    assert HOUSE_SENTENCE not in hinted.paragraphs
    assert reasons(hinted)[HOUSE_LINE] == "repeats in 5 of 5 files"
    assert reasons(hinted)[HOUSE_SENTENCE] == "repeats in 5 of 5 files"
    assert hinted.paragraphs == [STORIES[5][1], STORIES[5][2]]
    assert hinted.dateline == "HARBOR CITY"


def test_corpus_needs_enough_files() -> None:
    hints = learn_corpus_hints(dump(corpus_dump(i), f"{i}.txt") for i in range(2))
    article = extract_article(dump(corpus_dump(5)), hints)
    assert HOUSE_LINE in article.paragraphs  # two files prove nothing
