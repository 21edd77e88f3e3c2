"""Enrichment of the founding example: its people, places (Georgia the country, 12 of
12), organisations and all 11 quotes and fragments with their four speakers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from morgue.pipeline.enrich import Enrichment, enrich_text
from morgue.pipeline.extract import extract_article
from morgue.pipeline.records import RawPage

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed"
SEED_FILE = SEED_DIR / "000_1b649318492707dd.txt"
GOLD = json.loads((Path(__file__).parents[1] / "data" / "seed_quotes.json").read_text())


@pytest.fixture(scope="module")
def body() -> str:
    if not SEED_FILE.is_file():
        pytest.skip(f"the founding example is not at {SEED_FILE} (shared data missing)")
    article = extract_article(RawPage(SEED_FILE.read_bytes(), str(SEED_DIR), SEED_FILE.name,
                                      "textdump"))
    return "\n\n".join(article.paragraphs)


@pytest.fixture(scope="module")
def found(body: str) -> Enrichment:
    return enrich_text(body, "Russia Amps Up Support for Two Georgian Breakaway Regions")


def names(found: Enrichment, kind: str) -> dict[str, str]:
    return {e.name: e.code for e in found.entities if e.kind == kind}


def test_the_four_diplomats_are_four_people(found: Enrichment) -> None:
    assert sorted(names(found, "person")) == sorted(GOLD["people"])
    khalilzad = found.entity("Zalmay Khalilzad")
    assert khalilzad is not None
    # "Zalmay Khalilzad" and "Mr. Khalilzad" are one person, with the role the story gives
    assert len(khalilzad.mentions) == 2
    assert "American ambassador to the United Nations" in khalilzad.roles


def test_places_resolved_against_the_gazetteer(found: Enrichment) -> None:
    places = names(found, "place")
    for name, code in GOLD["places"].items():
        assert places.get(name, "missing") == code, name


def test_georgia_is_the_country_every_time(body: str, found: Enrichment) -> None:
    georgia = found.entity("GE")
    assert georgia is not None and georgia.name == "Georgia"
    assert len(georgia.mentions) == GOLD["georgia"]["mentions"] == 12
    assert all(body[m.start:m.end] == "Georgia" for m in georgia.mentions)
    assert found.entity("US-GA") is None
    assert "Russia" in georgia.evidence  # the neighbour that decided it


def test_organisations(found: Enrichment) -> None:
    assert set(GOLD["organisations"]) <= set(names(found, "org"))


def test_every_quote_has_its_speaker(body: str, found: Enrichment) -> None:
    assert len(found.quotes) == len(GOLD["quotes"]) == 11
    for quote, (starts, speaker) in zip(found.quotes, GOLD["quotes"], strict=True):
        assert quote.text.startswith(starts)
        assert body[quote.start:quote.end] == quote.text
        assert quote.speaker == speaker, quote.text
    assert {q.speaker for q in found.quotes} == set(GOLD["people"])


def test_how_speakers_were_found(found: Enrichment) -> None:
    how = {q.text.split()[0]: q.how for q in found.quotes}
    assert how["There"] == "pronoun"  # “…,” he added
    assert how["Most"] == "continuation"  # after “…,” Mr. Khalilzad said.
    assert found.quotes[0].kind == "partial" and found.quotes[3].kind == "direct"


def test_topics_are_iptc_media_topics(found: Enrichment) -> None:
    assert found.topics[0].code == "medtop:16000000"  # conflict, war and peace
    assert "medtop:11000000" in {t.code for t in found.topics}  # politics
    assert all(0 < t.score <= 1 for t in found.topics)
