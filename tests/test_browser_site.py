"""A reader's path through the site in Chromium, on the bundled sample archive.

Home → search with a filter → open a result → view the original → follow an old URL.
Fails on any console error (a Content Security Policy violation is one) and on any
request that leaves the site. With MORGUE_SCREENSHOTS=DIR it also writes the
screenshots kept in docs/ (site-home.png, site-search.png, site-article.png).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from morgue.archive.redirects import redirect_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MORGUE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_readers_path(browser, live_server, demo_archive, screenshots: Path):
    site = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    elsewhere: list[str] = []
    context.on("request", lambda r: elsewhere.append(r.url)
               if urlsplit(r.url).netloc not in ("", urlsplit(site).netloc)
               and not r.url.startswith(("data:", "about:")) else None)

    # The front page invites exploring; the keyboard reaches a skip link first.
    page.goto(site + "/")
    assert page.locator(".masthead__paper").inner_text() == "The Evening Ledger"
    assert page.locator("h2", has_text="Sections").is_visible()
    page.screenshot(path=str(screenshots / "site-home.png"), full_page=True)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    # Search, then narrow to one section with the filters form (no JavaScript needed).
    page.fill("#home-q", "harbor")
    page.click(".hero__search button")
    page.wait_for_url("**/search/?q=harbor")
    everything = page.locator(".results__summary").inner_text()
    page.locator("summary", has_text="Filters and order").click()
    page.select_option("#id_section", "Local")
    page.locator("button", has_text="Apply").click()
    page.wait_for_url("**section=Local**")
    summary = page.locator(".results__summary").inner_text()
    assert "harbor" in summary and summary != everything
    kickers = page.locator(".hit .kicker").all_inner_texts()
    assert kickers and all(k.startswith("LOCAL") for k in kickers)
    assert page.locator(".hit__snippet mark").count() > 0
    assert page.locator(".active-filters a", has_text="Section: Local").is_visible()
    page.screenshot(path=str(screenshots / "site-search.png"), full_page=True)

    # Open the first result.
    first = page.locator(".hit__headline a").first
    headline = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".archive-notice").is_visible()
    article_url = page.url
    page.screenshot(path=str(screenshots / "site-article.png"), full_page=True)

    # The original page, inert inside its sandboxed frame.
    page.click("text=View the original page")
    page.wait_for_url("**/original/")
    frame = page.frame_locator("iframe")
    frame.locator("body").wait_for()
    assert headline.split(":")[-1].strip()[:20] in frame.locator("body").inner_text()
    assert page.locator("iframe").get_attribute("sandbox") == ""

    # An old address of the same story answers with one permanent redirect.
    redirect = next(r for r in redirect_map() if site + r.target == article_url)
    response = page.goto(site + redirect.path)
    assert page.url == article_url
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.redirected_from is None  # one hop
    assert response.request.redirected_from.response().status == 301

    context.close()
    assert not problems, problems
    assert not elsewhere, elsewhere
