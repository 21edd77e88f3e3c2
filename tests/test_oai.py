"""OAI-PMH at /oai, harvested by a real client (oaipmh-scythe) from a live server."""

from __future__ import annotations

import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe.exceptions import NoRecordsMatch

from morgue.archive.corrections import add_correction
from morgue.archive.models import Article, Finding
from morgue.archive.stories import published_stories
from morgue.search import reindex
from morgue.site import oai

from .site_helpers import make_article, sample_archive

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def archive(transactional_db, store_root, monkeypatch):
    stories = sample_archive()
    page_two = make_article("Council approves waterfront zoning change, 5-4",
                            "The second page of the story.", published=None)
    Article.objects.filter(pk=page_two.pk).update(part_of=stories["zoning"], page_no=2)
    add_correction(stories["jazz"], "headline", stories["jazz"].headline,
                   "Jazz festival returns to Founders Park, bigger", reason="a reader wrote",
                   kind="editorial", actor="tests")
    Finding.objects.create(article=stories["held"], code="not-an-article", severity="error",
                           message="an error page", blocking=True)
    reindex()
    monkeypatch.setattr(oai, "PAGE", 2)  # so a harvest needs resumption tokens
    return stories


def _harvest(live_server, **kwargs) -> list:
    with Scythe(f"{live_server.url}/oai") as scythe:
        return list(scythe.list_records(**kwargs))


def test_a_harvest_returns_every_published_story_once(live_server, archive):
    records = _harvest(live_server)
    published = [r for r in records if not r.deleted]
    ids = [int(r.header.identifier.rsplit(":", 1)[1]) for r in published]
    assert sorted(ids) == sorted(published_stories().values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 6  # the later page is part of its story
    jazz = next(r for r in published if r.header.identifier.endswith(f":{archive['jazz'].pk}"))
    assert jazz.metadata["title"] == ["Jazz festival returns to Founders Park, bigger"]
    assert jazz.metadata["creator"] == ["Helen Marsh"]
    assert jazz.metadata["identifier"][0].endswith(Article.objects.get(pk=archive["jazz"].pk).url)
    # the datestamp is the correction's time, from the corrections log
    corrected = archive["jazz"].corrections.get().created
    assert jazz.header.datestamp == corrected.strftime("%Y-%m-%dT%H:%M:%SZ")
    deleted = [r for r in records if r.deleted]
    assert [r.header.identifier.rsplit(":", 1)[1] for r in deleted] == [str(archive["held"].pk)]


def test_sets_dates_and_one_record(live_server, archive):
    arts = _harvest(live_server, set_="section:arts")
    assert {r.metadata["subject"][0] for r in arts} == {"Arts"}
    assert len(arts) == 2
    in_2003 = _harvest(live_server, set_="year:2003")
    assert [r.metadata["title"][0] for r in in_2003] == [archive["dredge"].headline]
    with Scythe(f"{live_server.url}/oai") as scythe:
        identify = scythe.identify()
        assert identify.protocolVersion == "2.0" and identify.deletedRecord == "transient"
        sets = {s.setSpec for s in scythe.list_sets()}
        assert {"section:arts", "section:local", "year:2009", "year:2003"} <= sets
        assert [f.metadataPrefix for f in scythe.list_metadata_formats()] == ["oai_dc"]
        navy = next(h.identifier for h in scythe.list_identifiers()
                    if h.identifier.endswith(f":{archive['navy'].pk}"))
        one = scythe.get_record(identifier=navy, metadata_prefix="oai_dc")
        assert one.metadata["title"] == [archive["navy"].headline]
        with pytest.raises(NoRecordsMatch):
            list(scythe.list_identifiers(from_="2999-01-01"))


@pytest.mark.parametrize("query,code", [
    ("", "badVerb"), ("verb=Explode", "badVerb"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=marc", "cannotDisseminateFormat"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=colour:blue", "badArgument"),
    ("verb=ListRecords&resumptionToken=forged", "badResumptionToken"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1", "idDoesNotExist"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
])
def test_errors_are_oai_errors(client, db, store_root, query, code):
    make_article()
    reindex()
    response = client.get(f"/oai?{query}")
    assert response.status_code == 200
    assert f'code="{code}"' in response.content.decode()
