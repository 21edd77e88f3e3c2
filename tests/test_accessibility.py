"""Every page type a reader, an editor or a visitor sees passes axe-core in Chromium.

axe-core (the engine behind Lighthouse's and most browsers' accessibility audits) runs
on each page of the sample archive as `make demo` serves it: the public site, the
account pages of a signed-in reader and the editors' desk. A new page type belongs in
PAGES below; a violation fails with axe's own description of what to fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from morgue.accounts.roles import EDITOR, set_role
from morgue.archive.models import Article, Finding
from morgue.archive.stories import published_stories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages() -> dict[str, list[str]]:
    """Who sees them → the pages, one of each type, on the sample archive."""
    story = published_stories().exclude(published=None).exclude(section="").order_by("pk")[0]
    corrected = Article.objects.exclude(corrections_head="").order_by("pk")[0]
    undated = published_stories().filter(published=None).first()
    day: dt.date = story.published
    flagged = Finding.objects.filter(status=Finding.Status.OPEN).order_by("pk")[0]
    public = [
        "/", "/search/?q=harbor", "/search/?q=harbor&section=Local&sort=newest",
        "/search/?q=zqxjv", "/sections/", f"/sections/{_slug(story.section)}/",
        "/authors/", "/dates/", f"/{day:%Y}/", f"/{day:%Y/%m}/", f"/{day:%Y/%m/%d}/",
        "/corrections/", story.url, corrected.url, corrected.url + "v1/",
        f"/articles/{story.pk}/original/", "/terms/", "/privacy/", "/no/such/page/",
        "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    ]
    if undated is not None:
        public += ["/undated/", undated.url]
    author = published_stories().exclude(bylines=[]).order_by("pk").first()
    if author is not None:
        public.append(f"/authors/{_slug(author.bylines[0])}/")
    # people, places, organisations, topics: the first story read for them
    from morgue.enrichment.models import Entity, Topic
    from morgue.enrichment.run import enrich_archive

    enrich_archive(ids=[story.pk])
    public += ["/people/", "/places/", "/organisations/", "/topics/"]
    for kind, group in (("person", "people"), ("place", "places"), ("org", "organisations")):
        named = Entity.objects.filter(kind=kind, mentions__article=story).first()
        if named is not None:
            public.append(f"/{group}/{named.slug}/")
    topic = Topic.objects.filter(article=story).first()
    if topic is not None:
        public.append(f"/topics/{topic.code.split(':')[1]}/")
    reader = ["/accounts/", "/accounts/delete/", f"/desk/report/{story.pk}/",
              "/desk/reports/mine/"]
    editor = ["/desk/", "/desk/?kind=finding", f"/desk/articles/{flagged.article_id}/",
              story.url]  # with the form that corrects a quote's speaker
    return {"visitor": public, "reader": reader, "editor": editor}


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


def _signed_in(browser: Any, site: str, role: str | None) -> Any:
    """A browser context signed in as a new account with ``role`` (None: a visitor)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if role is None:
        return context
    user = get_user_model().objects.create_user(role, f"{role}@example.com", "long enough pass 1")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if role == "editor":
        set_role(user, EDITOR)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": site,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context


def _violations(result: Any) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result.response["violations"]]


def test_every_page_type_passes_axe(browser, live_server, demo_archive):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    site = live_server.url
    found: dict[str, list[str]] = {}
    checked = 0
    for who, paths in _pages().items():
        context = _signed_in(browser, site, None if who == "visitor" else who)
        page = context.new_page()
        for path in paths:
            response = page.goto(site + path)
            assert response is not None
            expected = 404 if path == "/no/such/page/" else 200
            assert response.status == expected, f"{who} {path}: HTTP {response.status}"
            if who != "visitor":  # really signed in: not bounced to the sign-in form
                assert "/accounts/login/" not in page.url, f"{who} {path}: not signed in"
            problems = _violations(axe.run(page))
            checked += 1
            if problems:
                found[f"{who} {path}"] = problems
        context.close()
    assert checked >= 25
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(p) for where, p in found.items())


def test_axe_finds_a_planted_violation(browser, live_server, demo_archive):
    """The check can fail: an image without a text alternative is caught on a real page."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').append(Object.assign("
                  "document.createElement('img'), {src: '/favicon.ico'}))")
    ids = [v["id"] for v in Axe().run(page).response["violations"]]
    page.close()
    assert "image-alt" in ids
