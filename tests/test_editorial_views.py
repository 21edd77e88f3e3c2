"""The desk's pages and the reader's report form, through the test client: who may see
what, the queue's filters, the review page's diff, conflicts, CSRF, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from morgue.archive.corrections import published_text
from morgue.archive.models import Article, Correction
from morgue.editorial import actions
from morgue.editorial.actions import Decision
from morgue.editorial.models import Report
from morgue.search import reindex

from .archive_rows import CHROME, MOJIBAKE, make_article
from .editorial_support import CURLY, damaged_articles, head, make_editor, make_user, open_findings

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def editor():
    return make_editor("eve")


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def damaged(store_root: Path, stand_in_checks) -> Article:
    return damaged_articles(store_root)[0]


def html(response) -> str:
    return response.content.decode()


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(client: Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html(page)).group(1)


# --- who may see the desk ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/desk/", "/desk/bulk/", "/desk/articles/1/"])
def test_the_desk_is_for_editors(client: Client, path: str) -> None:
    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=/desk/")
    client.force_login(make_user())
    assert client.get(path).status_code == 403


def test_posting_to_the_desk_is_for_editors(client: Client, damaged: Article) -> None:
    finding = open_findings(damaged, "encoding")[0]
    data = {"action": "approve", "kind": "finding", "pk": finding.pk, "head": ""}
    assert client.post(f"/desk/articles/{damaged.pk}/decide/", data).status_code == 302
    client.force_login(make_user())
    assert client.post(f"/desk/articles/{damaged.pk}/decide/", data).status_code == 403
    assert not Correction.objects.exists()


# --- the queue -----------------------------------------------------------------------------


def test_the_queue_lists_findings_and_reports_and_filters_them(
        store_root: Path, stand_in_checks, editor_client: Client) -> None:
    local, = damaged_articles(store_root)
    sports = make_article(store_root, headline="Cup final", section="Sports",
                          published=__import__("datetime").date(1998, 5, 1))
    actions.report(make_user(), sports, part="headline", what_is_wrong="Wrong cup")

    everything = html(editor_client.get("/desk/"))
    assert "4 items" in everything  # two encoding, one chrome, one report
    assert "Wrong cup" in everything and "chrome" in everything

    def listed(**params) -> str:
        response = editor_client.get("/desk/", params)
        assert response.status_code == 200
        return html(response)

    assert "1 item." in listed(kind="report")
    assert "Wrong cup" not in listed(check="chrome") and "1 item." in listed(check="chrome")
    assert "2 items" in listed(check="encoding", severity="warning")
    assert "0 items" in listed(check="encoding", severity="error")
    assert "1 item." in listed(section="sports")
    assert "1 item." in listed(year="1998")
    assert "3 items" in listed(year="2009")
    assert "0 items" in listed(status="closed")
    assert "4 items" in listed(status="all", year="not a year")  # a bad filter is left out
    assert editor_client.get("/desk/", {"page": "99"}).status_code == 404


def test_the_queue_pages(store_root: Path, editor_client: Client, monkeypatch) -> None:
    from morgue.editorial import views

    monkeypatch.setattr(views, "QUEUE_PAGE", 2)
    article = make_article(store_root)
    for n in range(5):
        actions.report(make_user(), article, part="body", what_is_wrong=f"problem {n}")
    first = html(editor_client.get("/desk/", {"kind": "report"}))
    assert "problem 4" in first and "problem 2" not in first and "Page 1 of 3" in first
    assert "kind=report&amp;page=2" in first
    assert "problem 2" in html(editor_client.get("/desk/", {"kind": "report", "page": 2}))


# --- the review page -----------------------------------------------------------------------


def test_the_review_page_shows_the_change_side_by_side(damaged: Article,
                                                       editor_client: Client) -> None:
    page = html(editor_client.get(f"/desk/articles/{damaged.pk}/"))
    assert f"<del>mayor{MOJIBAKE}s</del>" in page or f"<del>mayor{MOJIBAKE}s " in page
    assert f"<ins>mayor{CURLY}s</ins>" in page
    assert f'src="/articles/{damaged.pk}/original/capture"' in page
    assert f'name="head" value="{damaged.corrections_head}"' in page
    assert "Approve as proposed" in page and "Audit trail" in page
    assert "<script" not in page.split("</header>", 1)[1]  # no inline script


def test_approving_from_the_review_page(damaged: Article, editor_client: Client) -> None:
    finding = open_findings(damaged, "chrome")[0]
    response = editor_client.post(f"/desk/articles/{damaged.pk}/decide/", {
        "action": "approve", "kind": "finding", "pk": finding.pk,
        "head": damaged.corrections_head, "reason": ""})
    assert response.status_code == 302 and response["Location"] == f"/desk/articles/{damaged.pk}/"
    assert CHROME not in published_text(damaged).body
    page = html(editor_client.get(response["Location"]))
    assert "Finding" in page and "approved" in page
    assert "eve" in page.split("Audit trail", 1)[1]


def test_the_second_editor_gets_the_current_text(damaged: Article,
                                                 editor_client: Client) -> None:
    seen = damaged.corrections_head
    encoding, chrome = open_findings(damaged, "encoding")[0], open_findings(damaged, "chrome")[0]
    actions.approve(make_editor("ann"), Decision("finding", chrome.pk, seen))

    edited = published_text(damaged).body.replace(MOJIBAKE, "'")
    response = editor_client.post(f"/desk/articles/{damaged.pk}/decide/", {
        "action": "approve", "kind": "finding", "pk": encoding.pk, "head": seen,
        "edited": "on", "field": "body", "text": edited + "\n\n" + CHROME, "reason": "r"})

    assert response.status_code == 409
    page = html(response)
    assert "Another editor changed this article" in page
    assert "Your version (not saved)" in page
    current = page.split("The body now", 1)[1].split("</pre>", 1)[0]
    assert CHROME not in current and MOJIBAKE in current  # the other editor's change shows
    assert Correction.objects.count() == 1
    # The page now carries the new head, so deciding again works.
    assert f'name="head" value="{head(damaged)}"' in page


def test_proposing_and_editing_a_report_from_the_desk(store_root: Path,
                                                      editor_client: Client) -> None:
    article = make_article(store_root, headline="Harbor Plan Aproved")
    report = actions.report(make_user(), article, part="headline", what_is_wrong="typo")
    page = html(editor_client.get(f"/desk/articles/{article.pk}/"))
    assert "Harbor Plan Aproved</textarea>" in page

    response = editor_client.post(f"/desk/articles/{article.pk}/decide/", {
        "action": "approve", "kind": "report", "pk": report.pk, "head": head(article),
        "edited": "on", "field": "headline", "text": "Harbor Plan Approved",
        "reason": "Spelling"})
    assert response.status_code == 302
    assert Report.objects.get().status == "corrected"

    response = editor_client.post(f"/desk/articles/{article.pk}/propose/", {
        "head": head(article), "field": "section", "text": "Harbor", "reason": "better"})
    assert response.status_code == 302
    assert Correction.objects.filter(status="proposed").count() == 1
    bad = editor_client.post(f"/desk/articles/{article.pk}/propose/", {
        "head": head(article), "field": "section", "text": "Harbor", "reason": ""})
    assert bad.status_code == 400


def test_an_editorial_correction_is_noticed_on_the_article_and_the_public_pages(
        store_root: Path, editor, client: Client) -> None:
    article = make_article(store_root, headline="Harbor Plan Aproved")
    report = actions.report(make_user(), article, part="headline", what_is_wrong="typo")
    actions.approve(editor, Decision("report", report.pk, head(article),
                                     reason="An earlier version misspelled approved.",
                                     text="Harbor Plan Approved"))
    reindex()

    # The corrected headline moved the article's URL; the old one answers one 301.
    old_url = article.url
    article.refresh_from_db()
    assert article.url != old_url
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"].endswith(article.url)
    page = html(client.get(article.url))
    assert "Harbor Plan Approved" in page and "An earlier version misspelled approved." in page
    assert "An earlier version misspelled approved." in html(client.get("/corrections/"))
    assert "An earlier version misspelled approved." in html(client.get("/feeds/corrections/"))


# --- bulk ----------------------------------------------------------------------------------


def test_bulk_preview_then_confirm(store_root: Path, stand_in_checks,
                                   editor_client: Client) -> None:
    articles = damaged_articles(store_root, 2)
    chooser = html(editor_client.get("/desk/bulk/"))
    assert "encoding (4 open safe fixes)" in chooser

    preview = editor_client.get("/desk/bulk/", {"code": "encoding"})
    page = html(preview)
    assert "Approve all 4" in page and f"+The mayor{CURLY}s plan" in page
    upto = re.search(r'name="upto" value="(\d+)"', page).group(1)
    assert Correction.objects.count() == 0  # a preview writes nothing

    done = html(editor_client.post("/desk/bulk/", {"code": "encoding", "upto": upto}))
    assert "4 corrections written to 2 articles" in done
    assert all(MOJIBAKE not in published_text(a).body for a in articles)


# --- readers -------------------------------------------------------------------------------


def test_the_article_page_invites_readers_to_report(store_root: Path, client: Client) -> None:
    article = make_article(store_root)
    anonymous = html(client.get(article.url))
    assert "Sign in to report an error" in anonymous
    assert f"/accounts/login/?next={article.url.replace('/', '%2F')}%23report-error" in anonymous

    client.force_login(make_user(verified=False))
    assert "confirm your email address" in html(client.get(article.url))

    client.force_login(make_user())
    page = html(client.get(article.url))
    assert f'action="/desk/report/{article.pk}/"' in page and "csrfmiddlewaretoken" in page


def test_a_reader_reports_and_sees_it_in_their_list(store_root: Path, client: Client) -> None:
    article = make_article(store_root)
    reader = make_user()
    client.force_login(reader)
    response = client.post(f"/desk/report/{article.pk}/", {
        "part": "body", "what_is_wrong": "The vote was 5 to 2", "suggested_fix": "",
        "source": ""})
    assert response.status_code == 302 and response["Location"] == "/desk/reports/mine/"
    page = html(client.get("/desk/reports/mine/"))
    assert "The vote was 5 to 2" in page and "with the editors" in page
    assert "your report is with the editors" in page

    assert client.post(f"/desk/report/{article.pk}/", {"part": "body"}).status_code == 400
    client.force_login(make_user(verified=False))
    assert client.post(f"/desk/report/{article.pk}/", {
        "part": "body", "what_is_wrong": "x"}).status_code == 403
    assert Report.objects.count() == 1


def test_script_in_a_report_is_shown_as_text(store_root: Path, client: Client,
                                             editor_client: Client) -> None:
    article = make_article(store_root)
    reader = make_user()
    actions.report(reader, article, part="other", what_is_wrong=SCRIPT, suggested_fix=SCRIPT,
                   source=f'"><img src=x onerror=alert(1)>{SCRIPT}')
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    pages = [html(editor_client.get("/desk/")),
             html(editor_client.get(f"/desk/articles/{article.pk}/"))]
    client.force_login(reader)
    pages.append(html(client.get("/desk/reports/mine/")))
    for page in pages:
        assert SCRIPT not in page and "<img src=x" not in page
        assert escaped in page


# --- CSRF ----------------------------------------------------------------------------------


def test_every_form_needs_its_csrf_token(store_root: Path, stand_in_checks, editor) -> None:
    article, = damaged_articles(store_root)
    finding = open_findings(article, "chrome")[0]
    desk = _csrf_client(editor)
    reader = _csrf_client(make_user())
    posts = [
        (desk, f"/desk/articles/{article.pk}/", f"/desk/articles/{article.pk}/decide/",
         {"action": "reject", "kind": "finding", "pk": finding.pk,
          "reason": "no"}),
        (desk, f"/desk/articles/{article.pk}/", f"/desk/articles/{article.pk}/propose/",
         {"field": "section", "text": "X", "reason": "r"}),
        (desk, "/desk/bulk/?code=encoding", "/desk/bulk/", {"code": "encoding", "upto": 0}),
        (reader, article.url, f"/desk/report/{article.pk}/",
         {"part": "body", "what_is_wrong": "wrong"}),
    ]
    for client, page, target, data in posts:
        data = {**data, "head": head(article)}  # as the page shows it now
        refused = client.post(target, data)
        assert refused.status_code == 403, target
        token = _token(client, page)
        accepted = client.post(target, {**data, "csrfmiddlewaretoken": token})
        assert accepted.status_code in (200, 302), (target, accepted.status_code)
    assert Report.objects.count() == 1
    assert Correction.objects.filter(status="proposed").count() == 1
