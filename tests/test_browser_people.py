"""People, places and quotes in Chromium, on the founding example: a reader goes from the
story to a diplomat's page and his words, to Georgia's page (the country, GE), to a
topic; an editor gives a quote to another speaker, and the correction is recorded.
Fails on any console error. With MORGUE_SCREENSHOTS=DIR it writes site-person.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from morgue.accounts.roles import EDITOR, set_role
from morgue.archive.loading import ingest
from morgue.archive.models import Article
from morgue.enrichment.models import EnrichmentCorrection, Quote
from morgue.enrichment.run import enrich_archive
from morgue.search import reindex

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seed"
EDITOR_EMAIL = "eddie.editor@example.com"
PASSWORD = "harbor dredging 1987 spring"


@pytest.fixture
def seed(store_root) -> Article:
    if not SEED_DIR.is_dir():
        pytest.skip(f"the founding example is not at {SEED_DIR} (shared data missing)")
    ingest([str(SEED_DIR)])
    enrich_archive()
    reindex()
    return Article.objects.get()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("eddie", EDITOR_EMAIL, PASSWORD)
    set_role(user, EDITOR)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=EDITOR_EMAIL, verified=True, primary=True)
    return user


def test_from_a_story_to_who_said_what(browser, live_server, seed, editor):
    site = live_server.url
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    # The story names its people and places, and says its date is inferred, not known.
    page.goto(site + seed.url)
    assert "about March 2008" in page.locator(".article__date").inner_text()
    assert "inferred" in page.locator(".article__date").inner_text()
    quotes = page.locator("#quotes .quote")
    assert quotes.count() == 11
    assert "Vitaly Churkin" in quotes.nth(0).inner_text()

    # From the story to a diplomat's page: his words, each linked to its story.
    page.locator("#in-this-story a", has_text="John Sawers").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "John Sawers"
    said = page.locator(".who-said-what .quote")
    assert said.count() == 3
    assert "I don’t think there is a parallel" in said.nth(0).inner_text()
    if os.environ.get("MORGUE_SCREENSHOTS"):
        page.screenshot(path=str(Path(os.environ["MORGUE_SCREENSHOTS"]) / "site-person.png"),
                        full_page=True)
    said.nth(1).locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith("#quote-10")

    # Georgia is the country, named 12 times in one story; over time, a year "Undated".
    page.goto(site + "/places/")
    page.locator("a", has_text="Georgia").click()
    page.wait_for_load_state()
    assert "GE" in page.locator(".lede").inner_text()
    assert "Undated" in page.locator(".over-time").inner_text()
    page.goto(site + "/topics/")
    page.locator("a", has_text="Conflict, war and peace").click()
    assert "medtop:16000000" in page.locator(".lede").inner_text()

    # An editor gives the first fragment to someone else, with a reason: recorded.
    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", EDITOR_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(site + seed.url)
    first = page.locator("#quote-1")
    first.locator("select[name=speaker]").select_option("person:Dmitry Rogozin")
    first.locator("input[name=reason]").fill("Rogozin said this first, at NATO")
    first.locator("button", has_text="Correct the speaker").click()
    page.wait_for_load_state()
    assert "Dmitry Rogozin" in page.locator("#quote-1 .quote__source").inner_text()
    entry = EnrichmentCorrection.objects.get()
    assert (entry.before, entry.after, entry.who) == (
        "person:Vitaly Churkin", "person:Dmitry Rogozin", editor)
    assert Quote.objects.get(article=seed, position=0).speaker.name == "Dmitry Rogozin"
    assert problems == []
