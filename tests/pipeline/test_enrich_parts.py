"""Enrichment's parts without the NER model: places told apart by their context, quotes
kept unattributed when no one is named, dates inferred from evidence and never beyond
the capture."""

from __future__ import annotations

import datetime as dt

from morgue.pipeline.enrich.dates import infer_date
from morgue.pipeline.enrich.people import people, strip_title
from morgue.pipeline.enrich.places import places
from morgue.pipeline.enrich.quotes import find_quotes
from morgue.pipeline.enrich.topics import TOPICS, score_topics


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    found = []
    for name in names:
        start = -1
        while (start := text.find(name, start + 1)) >= 0:
            found.append((start, start + len(name)))
    return found


def test_georgia_beside_atlanta_is_the_state() -> None:
    text = "Georgia voters lined up in Atlanta and across Georgia as Alabama counted."
    found = {e.key: e for e in places(text, spans_of(text, "Georgia", "Atlanta", "Alabama"))}
    assert "US-GA" in found and "GE" not in found
    assert len(found["US-GA"].mentions) == 2
    assert "Atlanta" in found["US-GA"].evidence


def test_georgia_beside_russia_is_the_country() -> None:
    text = "Russia warned Georgia, and Armenia watched."
    found = {e.key for e in places(text, spans_of(text, "Russia", "Georgia", "Armenia"))}
    assert found == {"RU", "GE", "AM"}


def test_georgia_beside_another_state_is_the_state() -> None:
    text = "Florida and Georgia sued."
    found = {e.key for e in places(text, spans_of(text, "Florida", "Georgia"))}
    assert found == {"US-FL", "US-GA"}


def test_unknown_place_kept_by_name() -> None:
    text = "Fighting in Abkhazia went on."
    (abkhazia,) = places(text, spans_of(text, "Abkhazia"))
    assert (abkhazia.key, abkhazia.code) == ("name:abkhazia", "")


def test_titles_and_possessives_are_not_names() -> None:
    assert strip_title("Mr. Khalilzad’s") == ("Khalilzad", "Mr.")
    assert strip_title("Superintendent Jennifer McCormick") == ("Jennifer McCormick", "Superintendent")


def test_quote_with_no_named_speaker_is_kept_unattributed() -> None:
    text = 'The diplomat, who asked not to be named, said "this will end badly," and left.'
    (quote,) = find_quotes(text, [])
    assert quote.text == "this will end badly,"
    assert quote.speaker is None and quote.cue.startswith("The diplomat")


def test_straight_quotes_and_a_split_quote() -> None:
    text = '"We will win," Jane Roe said, "and soon."'
    persons = people(text, spans_of(text, "Jane Roe"))
    quotes = find_quotes(text, persons)
    assert [(q.text, q.speaker) for q in quotes] == [("We will win,", "Jane Roe"),
                                                      ("and soon.", "Jane Roe")]


def test_date_from_the_url_and_no_later_than_the_capture() -> None:
    found = infer_date("", "http://paper.example/2004/07/story.html")
    assert found is not None and found.label == "about July 2004"
    assert found.evidence[0].source == "url"
    captured = dt.datetime(2003, 1, 1, tzinfo=dt.UTC)
    assert infer_date("", "http://paper.example/2004/07/story.html", captured) is None


def test_date_from_neighbours_only_when_they_agree() -> None:
    agree = [dt.date(2008, 3, d) for d in (1, 5, 9, 12)] + [dt.date(2008, 4, 1)]
    found = infer_date("No dates here.", neighbours=agree)
    assert found is not None and found.date == dt.date(2008, 3, 1)
    assert infer_date("No dates here.", neighbours=[dt.date(2001, m, 1) for m in (1, 4, 7)]) is None


def test_all_seventeen_top_level_topics_with_qcodes() -> None:
    assert len(TOPICS) == 17 and all(c.startswith("medtop:") for c in TOPICS)
    (top, *_) = score_topics("The pitcher threw nine innings; the team won the playoff game "
                             "before the fans at the stadium.")
    assert top.code == "medtop:15000000"
    assert score_topics("Nothing here marks a topic.") == []
