"""A reader cites an earlier version of a corrected story, in Chromium: the old URL leads
to the story, the version page says it was corrected later and links the current text,
and the citation names the version read. No console errors (a CSP violation is one)."""

from __future__ import annotations

import pytest

from morgue.archive.corrections import add_correction
from morgue.archive.models import Article
from morgue.search import reindex

from .site_helpers import sample_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_reads_and_cites_an_earlier_version(browser, live_server, store_root):
    story = sample_archive()["dredge"]
    old_url = story.url
    add_correction(story, "headline", story.headline,
                   "State backs $14 million plan to dredge Port Alden harbor",
                   kind="editorial", reason="The headline left out the plan's cost.")
    reindex()
    new_url = Article.objects.get(pk=story.pk).url
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(live_server.url + old_url)  # the URL before the correction: one 301
    assert page.url == live_server.url + new_url
    assert page.locator("h1").inner_text() == "State backs $14 million plan to dredge Port Alden harbor"
    assert not page.locator(".version-notice").count()

    page.locator(".versions a", has_text="Version 1").click()
    assert page.url == live_server.url + new_url + "v1/"
    assert page.locator("h1").inner_text() == "State backs plan to dredge Port Alden harbor"
    notice = page.locator(".version-notice")
    assert notice.is_visible() and "This text was corrected later" in notice.inner_text()
    assert f"{new_url}v1/" in page.locator(".cite__styles").inner_text()
    page.locator("summary", has_text="BibTeX").click()
    assert "note = {Version 1}" in page.locator(".cite__record").first.inner_text()

    notice.get_by_role("link", name="Read the current version").click()
    assert page.url == live_server.url + new_url
    assert not problems, problems
