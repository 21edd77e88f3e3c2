"""Each article is read by its language's analyser, on every backend: real German pages
of ../shared/data/htmldate-eval, extracted by morgue, beside English stories."""

from __future__ import annotations

import gzip
import json

import pytest
from django.db import connection

from morgue.pipeline.extract import extract_article
from morgue.pipeline.records import RawPage
from morgue.search import SearchQuery, reindex, search
from morgue.search.languages import analyser, detect, language_of, stem_text
from morgue.search.models import Document

from .site_helpers import make_article, sample_archive

pytestmark = pytest.mark.usefixtures("search_engine")

#: German pages of htmldate-eval; ahlen.de declares lang="en" around German text
GERMAN_PAGES = ("ahlen.de.reparaturcafe.html", "heiko-adams.de.laufen.html",
                "spontis.de.jahrzehnt.html")


@pytest.fixture
def archive(search_engine, store_root, shared_data):
    truth = json.loads((shared_data / "htmldate-eval" / "truth.json").read_text())
    urls = {entry["file"]: url for url, entry in truth.items()}
    german = {}
    for name in GERMAN_PAGES:
        raw = gzip.decompress((shared_data / "htmldate-eval" / "pages" / f"{name}.gz").read_bytes())
        page = extract_article(RawPage(content=raw, source="htmldate-eval", locator=name,
                                       format="mirror", legacy_url=urls[name],
                                       content_type="text/html"))
        german[name] = make_article(page.headline or name, page.body, section="Blogs",
                                    bylines=[], language=page.language or "", content=raw)
    english = sample_archive()
    reindex()
    return german, english


def ids(q: str) -> set[int]:
    return {hit.article_id for hit in search(SearchQuery(q=q, limit=50)).hits}


def test_each_article_gets_its_detected_language(archive):
    german, english = archive
    ahlen = Document.objects.get(pk=german["ahlen.de.reparaturcafe.html"].pk)
    assert german["ahlen.de.reparaturcafe.html"].language == "en"  # as the page says
    assert (ahlen.language, ahlen.analyser) == ("de", "german")  # as its text is
    assert set(Document.objects.filter(pk__in=[a.pk for a in english.values()])
               .values_list("analyser", flat=True)) == {"english"}


def test_a_german_inflection_finds_the_german_stem(archive):
    german, _ = archive
    # "Handtaschen", "Menschen", "Monaten" are in the pages; neither form asked for is,
    # and English stemming (porter) would not bring them together.
    assert ids("Handtasche") == {german["ahlen.de.reparaturcafe.html"].pk}
    assert ids("Mensch") == {german["heiko-adams.de.laufen.html"].pk}
    assert ids("Monat") >= {german["heiko-adams.de.laufen.html"].pk}
    assert ids("Fahrrad") == {german["spontis.de.jahrzehnt.html"].pk}
    # German stop words do not make a query fail, and words are still all required.
    assert ids("die Menschen") == {german["heiko-adams.de.laufen.html"].pk}
    assert ids("Menschen Handtasche") == set()


def test_english_stemming_is_unchanged_beside_german(archive):
    _, english = archive
    assert ids("dredged") == {english["dredge"].pk}
    assert ids("boat") == {english["navy"].pk}
    assert ids('"working waterfront"') == {english["zoning"].pk}


def test_the_snippet_of_a_german_match_marks_it(archive, search_engine):
    german, _ = archive
    hit = search(SearchQuery(q="Handtasche")).hits[0]
    assert hit.article_id == german["ahlen.de.reparaturcafe.html"].pk
    if search_engine == "tantivy" or connection.vendor == "postgresql":
        assert "<mark>Handtaschen</mark>" in hit.snippet
    else:  # FTS5 matched the stems column, so the body's snippet has nothing to mark
        assert hit.snippet and "<mark>" not in hit.snippet


def test_language_rules_without_a_database():
    assert analyser("de-AT") == "german" and analyser("") == "english"
    assert analyser("ja") == "simple"  # no stemmer: words as written
    assert detect("Zu kurz") == ""  # too little text to tell
    text = "Die Stadt hat beschlossen, die alten Häuser am Hafen abzureißen. " * 4
    assert detect(text) == "de"
    assert language_of("en", text) == "de" and language_of("fr", "Court") == "fr"
    assert stem_text("german", "Die Häuser") == "die haus"
    assert stem_text("simple", "Die Häuser") == ""
