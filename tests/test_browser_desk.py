"""A reader and an editor in Chromium: the paper's promise to correct errors, end to end.

A reader signs up (agreeing to the terms), confirms the address by the emailed link and
reports an error on an article; an editor signs in, finds the report on the desk and
approves the correction; the reader sees the correction notice on the article and gets
an email saying so. Fails on any console error (a CSP violation is one). With
MORGUE_SCREENSHOTS=DIR it writes the desk's review page (desk-review.png) and the corrected article with
the report form open (site-correction.png) for docs/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from morgue.accounts.roles import EDITOR, set_role
from morgue.search import reindex

from .site_helpers import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER = "rita.reader@example.com"
EDITOR_EMAIL = "eddie.editor@example.com"
PASSWORD = "harbor dredging 1987 spring"
WRONG, RIGHT = "65 percent", "75 percent"


@pytest.fixture
def article(store_root):
    story = make_article("State backs plan to dredge Port Alden harbor",
                         f"The state will pay {WRONG} of the cost.\n\nWork starts in spring.",
                         published=dt.date(2009, 6, 12))
    reindex()
    return story


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("eddie", EDITOR_EMAIL, PASSWORD)
    set_role(user, EDITOR)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=EDITOR_EMAIL, verified=True, primary=True)
    return user


def _watch(page, problems: list[str]) -> None:
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))


def _link(message, contains: str) -> str:
    found = [u for u in re.findall(r"https?://\S+", message.body) if contains in u]
    assert found, message.body
    return found[0]


def test_a_reader_reports_and_an_editor_corrects(browser, live_server, article, editor,
                                                 settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    site = live_server.url
    problems: list[str] = []

    # The reader signs up, agreeing to the terms, and confirms by the emailed link.
    reader = browser.new_context()
    page = reader.new_page()
    _watch(page, problems)
    page.goto(site + article.url)
    page.click("text=Sign in to report an error")
    page.click("text=Create a free account")
    page.fill("input[name=email]", READER)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=agree]")
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    confirmation = next(m for m in mail.outbox if READER in m.to)
    page.goto(_link(confirmation, "confirm-email"))
    page.click("form.account-form button[type=submit]")  # "Confirm"
    page.wait_for_load_state()

    # Signed in, the reader reports the wrong figure.
    page.goto(site + article.url)
    page.click("text=Something wrong in this article?")
    page.select_option("select[name=part]", "body")
    page.fill("textarea[name=what_is_wrong]", f"The state pays {RIGHT}, not {WRONG}.")
    page.fill("textarea[name=suggested_fix]", f"The state will pay {RIGHT} of the cost.")
    page.fill("input[name=source]", "State budget, line 4012")
    page.click("text=Send to the editors")
    page.wait_for_load_state()
    page.goto(site + "/desk/reports/mine/")
    assert "State backs plan" in page.content()

    # The editor signs in, finds the report on the desk and corrects the story.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    editor_page = desk.new_page()
    _watch(editor_page, problems)
    editor_page.goto(site + "/accounts/login/")
    editor_page.fill("input[name=login]", EDITOR_EMAIL)
    editor_page.fill("input[name=password]", PASSWORD)
    editor_page.click("form.account-form button[type=submit]")
    editor_page.wait_for_load_state()
    editor_page.goto(site + "/desk/?kind=report")
    editor_page.locator("a", has_text="State backs plan").first.click()
    editor_page.wait_for_load_state()
    card = editor_page.locator(".desk-card--report").first
    assert "State budget, line 4012" in card.inner_text()
    editor_page.frame_locator("iframe").locator("body").wait_for()  # the original, inert
    if os.environ.get("MORGUE_SCREENSHOTS"):
        editor_page.screenshot(path=str(Path(os.environ["MORGUE_SCREENSHOTS"]) / "desk-review.png"),
                               full_page=True)
    edit = card.locator("form", has=editor_page.locator("input[name=edited]"))
    body = edit.locator("textarea[name=text]")
    body.fill(body.input_value().replace(WRONG, RIGHT))
    edit.locator("textarea[name=reason]").fill(
        f"An earlier version of this article misstated the state's share: it is {RIGHT}.")
    edit.locator("button", has_text="Approve this text").click()
    editor_page.wait_for_load_state()

    # The reader sees the corrected story with its notice, and has been told by email.
    page.goto(site + article.url)
    story = page.locator("main").inner_text()
    assert RIGHT in story and f"pay {WRONG}" not in story
    assert "misstated the state's share" in story
    if os.environ.get("MORGUE_SCREENSHOTS"):
        page.click("text=Something wrong in this article?")
        page.screenshot(path=str(Path(os.environ["MORGUE_SCREENSHOTS"]) / "site-correction.png"),
                        full_page=True)
    told = [m for m in mail.outbox if READER in m.to and m is not confirmation]
    assert told and any("correct" in m.subject.lower() + m.body.lower() for m in told)

    reader.close()
    desk.close()
    assert not problems, problems
