"""A corrected headline moves the story's URL (the old one answers one 301); every
correction makes a version with its own URL, and each page offers a citation of it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from morgue.archive.corrections import add_correction, revert
from morgue.archive.models import Article
from morgue.archive.redirects import verify_redirects, write_redirects
from morgue.archive.stories import as_of, story, story_version, versions
from morgue.search import reindex
from morgue.site.seo import absolute

from .site_helpers import sample_archive

GARBLED = "Caf\u00c3\u00a9 owner adds a caf\u00c3\u00a9"


@pytest.fixture
def corrected(db, store_root):
    stories = sample_archive()
    article = stories["zoning"]
    Article.objects.filter(pk=article.pk).update(headline=GARBLED)
    article.refresh_from_db()
    old_url = article.url
    add_correction(article, "headline", GARBLED, "Caf\u00e9 owner adds a caf\u00e9",
                   reason="mojibake", actor="morgue fix")
    reindex()  # what the corrections log's signal does when the transaction commits
    article.refresh_from_db()
    return article, old_url


def test_a_corrected_headline_moves_the_url_and_the_old_one_answers_301(client, corrected):
    article, old_url = corrected
    assert article.url == "/2009/06/12/cafe-owner-adds-a-cafe/" != old_url
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.url
    assert client.get(article.url).status_code == 200  # one hop
    rows = list(csv.reader(io.StringIO(_map())))
    assert [old_url, article.url] in [row[:2] for row in rows]
    assert verify_redirects().ok


def test_a_revert_takes_the_old_url_back(client, corrected):
    article, old_url = corrected
    revert(article.corrections.get(), reason="was right", actor="tests")
    reindex()
    article.refresh_from_db()
    assert article.url == old_url
    assert client.get(old_url).status_code == 200
    assert client.get("/2009/06/12/cafe-owner-adds-a-cafe/")["Location"] == old_url
    assert verify_redirects().ok


def test_each_applied_correction_is_a_version(corrected):
    article, _ = corrected
    told = story(article)
    assert [v.number for v in versions(told)] == [1, 2]
    assert story_version(told, 1).headline == GARBLED
    assert story_version(told, 2).headline == told.headline
    with pytest.raises(LookupError):
        story_version(told, 3)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert as_of(told, tomorrow).number == 2
    assert as_of(told, dt.date(2000, 1, 1)).number == 1


def test_the_version_url_shows_the_text_before_the_correction(client, corrected):
    article, old_url = corrected
    page = client.get(f"{article.url}v1/").content.decode()
    assert "Caf\u00c3\u00a9 owner" in page and "This text was corrected later" in page
    current = client.get(article.url).content.decode()
    assert "This text was corrected later" not in current
    assert "Café owner adds a café" in current and f"{article.url}v2/" in current
    # an old URL's version moves with it; a version that never was is not found
    assert client.get(f"{old_url}v1/")["Location"] == f"{article.url}v1/"
    assert client.get(f"{article.url}v3/").status_code == 404
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert "Caf\u00c3\u00a9 owner" in client.get(f"{article.url}?as_of={yesterday}").content.decode()


def test_the_page_cites_the_version_with_the_access_date(client, corrected):
    article, _ = corrected
    page = client.get(f"{article.url}v1/").content.decode()
    today = timezone.localdate()
    assert "Reyes, S. (2009, June 12)." in page
    version_url = absolute(f"{article.url}v1/")
    assert f"Accessed {today:%B} {today.day}, {today.year}. {version_url}." in page
    assert "TY  - NEWS" in page and "@article{reyes2009-" in page
    assert f"urldate = {{{today.isoformat()}}}" in page


def _map() -> str:
    out = io.StringIO()
    reindex()
    write_redirects(out, "csv")
    return out.getvalue()
