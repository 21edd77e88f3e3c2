"""The founding example through the archive: ingested with enrichment on, its people,
places, quotes, topics and inferred date are stored, exported, answered by the API and
restored from a backup; a rerun reads nothing twice; an editor's speaker correction is
recorded and survives rereading, and a quote given to someone the story never names is
a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from morgue.archive.models import Article, Capture, Finding
from morgue.enrichment.corrections import correct_mention, correct_speaker
from morgue.enrichment.models import (Enriched, EnrichmentCorrection, Entity, Mention, Quote,
                                      Topic)
from morgue.enrichment.run import enrich_archive
from morgue.enrichment.store import UNNAMED_SPEAKER

pytestmark = pytest.mark.django_db

SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seed"
GOLD = json.loads((Path(__file__).parent / "data" / "seed_quotes.json").read_text())


@pytest.fixture
def seed(run_cli, monkeypatch) -> Article:
    if not SEED_DIR.is_dir():
        pytest.skip(f"the founding example is not at {SEED_DIR} (shared data missing)")
    monkeypatch.setenv("MORGUE_ENRICH", "1")
    result = run_cli("ingest", str(SEED_DIR))
    assert result.exit_code == 0, result.output
    assert "11 quotes, 11 with a speaker" in result.output
    return Article.objects.get()


def record(run_cli, tmp_path: Path) -> dict:
    out = tmp_path / "export.jsonl"
    assert run_cli("export", "-o", str(out)).exit_code == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    return json.loads(line)


def test_seed_in_the_export(seed, run_cli, tmp_path) -> None:
    r = record(run_cli, tmp_path)
    assert [p["name"] for p in r["people"]] == GOLD["people"]
    georgia = next(p for p in r["places"] if p["name"] == "Georgia")
    assert georgia["code"] == "GE" and georgia["count"] == 12
    assert all(r["body"][s:e] == "Georgia" for s, e in georgia["spans"])
    assert not any(p["code"] == "US-GA" for p in r["places"])
    assert [(q["text"][:20], q["speaker"]) for q in r["quotes"]] == [
        (text[:20], speaker) for text, speaker in GOLD["quotes"]]
    assert all(r["body"][q["start"]:q["end"]] == q["text"] for q in r["quotes"])
    assert r["topics"][0]["code"] == "medtop:16000000"
    assert r["enrichment"]["model"].startswith("core_web_sm")
    # the seed lost its date: an inferred one, labelled as such, never the date
    assert r["published"] is None
    assert r["inferred_date"]["label"] == "about March 2008"
    assert r["inferred_date"]["evidence"][0]["source"] == "events"
    assert not Finding.objects.filter(code="date-out-of-range").exists()
    assert not Finding.objects.filter(code=UNNAMED_SPEAKER).exists()


def test_seed_in_the_api(seed) -> None:
    answer = Client().get(f"/api/articles/{seed.pk}").json()
    assert {p["name"] for p in answer["people"]} == set(GOLD["people"])
    assert len(answer["quotes"]) == 11
    assert answer["quotes"][1]["speaker"] == "Zalmay Khalilzad"
    assert answer["quotes"][1]["speaker_key"] == "person:Zalmay Khalilzad"
    assert answer["inferred_date"]["date"] == "2008-03-01"


def test_rerun_reads_nothing_again_and_doubles_nothing(seed) -> None:
    counts = (Entity.objects.count(), Mention.objects.count(), Quote.objects.count())
    again = enrich_archive()
    assert (again.read, again.already) == (0, 1)
    assert (Entity.objects.count(), Mention.objects.count(), Quote.objects.count()) == counts
    forced = enrich_archive(again=True)
    assert forced.read == 1
    assert (Entity.objects.count(), Mention.objects.count(), Quote.objects.count()) == counts


def test_speaker_correction_is_recorded_and_survives_rereading(seed, run_cli, tmp_path) -> None:
    quote = Quote.objects.get(article=seed, position=0)  # “negative consequences”
    rogozin = Entity.objects.get(kind="person", key="Dmitry Rogozin")
    entry = correct_speaker(quote, rogozin, reason="he said it first", actor="test")
    assert (entry.before, entry.after) == ("person:Vitaly Churkin", "person:Dmitry Rogozin")
    enrich_archive(again=True)
    quote = Quote.objects.get(article=seed, position=0)
    assert quote.speaker == rogozin and quote.found_speaker.key == "Vitaly Churkin"
    r = record(run_cli, tmp_path)
    assert r["quotes"][0]["speaker"] == "Dmitry Rogozin"
    assert r["enrichment_corrections"][0]["reason"] == "he said it first"
    with pytest.raises(ValueError):
        entry.delete()


def test_quote_given_to_someone_never_named_is_a_finding(seed) -> None:
    quote = Quote.objects.get(article=seed, position=3)
    correct_speaker(quote, "Condoleezza Rice", reason="reader says so", actor="test")
    finding = Finding.objects.get(code=UNNAMED_SPEAKER)
    assert "Condoleezza Rice" in finding.message
    assert (finding.span_start, finding.span_end) == (quote.start, quote.end)
    correct_speaker(Quote.objects.get(pk=quote.pk), None, reason="unsure", actor="test")
    assert not Finding.objects.filter(code=UNNAMED_SPEAKER, status="open").exists()


def test_mention_correction_moves_a_place(seed) -> None:
    georgia = Mention.objects.get(article=seed, entity__key="GE")
    start, end, _ = georgia.spans[0]
    correct_mention(seed, start, end, "place", "US-GA", "Georgia", code="US-GA",
                    reason="test of a correction", actor="test")
    assert Mention.objects.get(article=seed, entity__key="GE").count == 11
    assert Mention.objects.get(article=seed, entity__key="US-GA").spans == [[start, end, "Georgia"]]
    assert EnrichmentCorrection.objects.count() == 1


def test_backup_restores_enrichment(seed, run_cli, tmp_path) -> None:
    correct_speaker(Quote.objects.get(article=seed, position=0), "Dmitry Rogozin",
                    reason="a test of the log's restore", actor="test")
    one, captures = tmp_path / "one.jsonl", tmp_path / "one.warc.gz"
    assert run_cli("export", "-o", str(one), "--captures", str(captures)).exit_code == 0
    # empty the archive (import restores only into an empty one); entities may stay
    for model in (Quote, Mention, Topic, Enriched, Finding, EnrichmentCorrection):
        model._base_manager.all()._raw_delete(model._base_manager.db)
    Article.objects.all().delete()
    Capture.objects.all().delete()
    assert run_cli("import", str(one), "--captures", str(captures)).exit_code == 0
    two = tmp_path / "two.jsonl"
    assert run_cli("export", "-o", str(two), "--captures", str(tmp_path / "two.warc.gz")
                   ).exit_code == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
