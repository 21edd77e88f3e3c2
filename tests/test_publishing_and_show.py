"""The publishing policies and `morgue release`; `morgue show`; unknown check codes and
plurals at the command line."""

from __future__ import annotations

import json

import pytest

from morgue.archive.checking import check_archive, update_held
from morgue.archive.models import Article, Finding, Release
from morgue.archive.publishing import release_articles, releasable
from morgue.counts import plural

from .archive_rows import MOJIBAKE, make_article

pytestmark = pytest.mark.django_db


def _status(*articles: Article) -> list[str]:
    return [Article.objects.get(pk=a.pk).status for a in articles]


def test_each_publishing_policy_holds_what_it_says(store_root, stand_in_checks,
                                                   monkeypatch) -> None:
    clean = make_article(store_root, headline="Pier Repairs Begin")
    error_page = make_article(store_root, headline="Page not found")
    draft = make_article(store_root, headline="Draft Never Published")
    Finding.objects.create(article=draft, code="unpublished", severity="info", blocking=True,
                           message="a draft on the old site")
    monkeypatch.delenv("MORGUE_PUBLISH", raising=False)
    check_archive()
    assert _status(clean, error_page, draft) == ["published", "held", "held"]

    monkeypatch.setenv("MORGUE_PUBLISH", "everything")
    update_held()  # the error page goes out; the old site's draft never does
    assert _status(clean, error_page, draft) == ["published", "published", "held"]

    monkeypatch.setenv("MORGUE_PUBLISH", "when-released")
    update_held()
    assert _status(clean, error_page, draft) == ["held", "held", "held"]
    assert releasable() == [clean.pk]  # the others have an open blocking finding
    assert release_articles([clean.pk, error_page.pk], actor="test") == (2, 1)
    assert _status(clean, error_page, draft) == ["published", "held", "held"]
    assert Release.objects.get(article=clean).actor == "test"
    assert release_articles([clean.pk]) == (0, 0)  # released once, recorded once
    check_archive()  # a new check run keeps the editor's word
    assert _status(clean, error_page, draft) == ["published", "held", "held"]

    monkeypatch.setenv("MORGUE_PUBLISH", "sometimes")
    with pytest.raises(ValueError, match="everything, unless-blocking, when-released"):
        update_held()


def test_release_command(run_cli, store_root, stand_in_checks, monkeypatch) -> None:
    monkeypatch.setenv("MORGUE_PUBLISH", "when-released")
    first = make_article(store_root, headline="Regatta Draws Crowds")
    second = make_article(store_root, headline="Library Hours Extended")
    check_archive()
    result = run_cli("release", str(first.pk))
    assert result.exit_code == 0, result.output
    assert "1 article released; 1 article published now" in result.output
    result = run_cli("release", "--all-clean")
    assert "1 article released" in result.output
    assert _status(first, second) == ["published", "published"]
    assert run_cli("release").exit_code == 2  # nothing named: a usage error
    missing = run_cli("release", "99999")
    assert missing.exit_code == 1 and "give an article id" in missing.output


def test_show_tells_where_each_field_came_from(run_cli, store_root, stand_in_checks) -> None:
    article = make_article(store_root, headline="Ferry Schedule Changes",
                           paragraphs=[f"The ferry{MOJIBAKE}s new timetable starts Monday.",
                                       "Fares stay the same."])
    Article.objects.filter(pk=article.pk).update(
        field_sources={"headline": "<h1>", "paragraphs": "trafilatura"})
    check_archive()
    assert run_cli("fix").exit_code == 0

    shown = run_cli("show", str(article.pk))
    assert shown.exit_code == 0, shown.output
    text = shown.output  # table cells wrap at 80 columns: look for words
    assert "Ferry Schedule Changes" in text and "<h1>" in text
    assert "trafilatura; corrected" in text
    assert "1 correction" in text and "morgue fix" in text
    assert "encoding" in text and article.capture.sha256[:16] in text
    assert article.legacy_url in text

    by_url = json.loads(run_cli("show", "--json", article.url).output)
    by_old_address = json.loads(run_cli("show", "--json", article.legacy_url).output)
    assert by_url == by_old_address
    assert by_url["id"] == article.pk and "\u2019s new timetable" in by_url["body"]
    assert MOJIBAKE in by_url["extracted"]["body"]
    assert by_url["field_sources"]["headline"] == "<h1>"
    assert [c["finding"] for c in by_url["corrections"]] == [by_url["findings"][0]["id"]]

    unknown = run_cli("show", "/no/such/story/")
    assert unknown.exit_code == 1 and "give an article id" in unknown.output


@pytest.mark.parametrize("command", ["findings", "fix", "check"])
def test_an_unknown_check_code_is_refused_with_the_list(run_cli, command) -> None:
    result = run_cli(command, "--check", "nosuchcheck")
    assert result.exit_code == 1
    assert "no check called nosuchcheck" in result.output
    assert "encoding" in result.output and "duplicate" in result.output


def test_findings_knows_the_codes_ingest_records(run_cli) -> None:
    assert run_cli("findings", "--check", "unpublished").exit_code == 0


def test_counts_have_the_right_plural(run_cli) -> None:
    assert plural(1, "account") == "1 account"
    assert plural(2, "worker") == "2 workers"
    assert plural(1_204, "story") == "1,204 stories"
    assert plural(0, "safe fix") == "0 safe fixes"
    assert run_cli("user", "add", "ed@example.com", "--role", "editor",
                   "--password", "a long enough password").exit_code == 0
    assert run_cli("user", "list").output.splitlines()[0].strip() == "1 account"


def test_the_desk_and_its_api_refuse_an_unknown_check(client) -> None:
    from morgue.accounts.tokens import issue_token

    from .editorial_support import make_editor

    editor = make_editor("eve")
    client.force_login(editor)
    page = client.get("/desk/", {"check": "nosuchcheck"})
    assert page.status_code == 200
    assert b"no check called nosuchcheck" in page.content and b"encoding" in page.content
    assert b"no check called" not in client.get("/desk/", {"check": "encoding"}).content
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(editor, name='script')}"}
    refused = client.get("/api/desk/findings", {"check": "nosuchcheck"}, **auth)
    assert refused.status_code == 422
    assert "no check called nosuchcheck" in refused.json()["message"]
    assert "encoding" in refused.json()["message"]
    assert client.get("/api/desk/findings", {"check": "unpublished"}, **auth).status_code == 200
