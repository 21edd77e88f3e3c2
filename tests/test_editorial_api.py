"""The desk's API (/api/desk/…): editors' tokens only, the desk's rules, JSON errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from morgue.accounts.tokens import issue_token
from morgue.archive.corrections import published_text
from morgue.archive.models import Article, Correction, Finding
from morgue.editorial import actions
from morgue.editorial.models import AuditEntry, Report

from .archive_rows import CHROME, MOJIBAKE, make_article
from .editorial_support import damaged_articles, head, make_editor, make_user, open_findings

pytestmark = pytest.mark.django_db


@pytest.fixture
def damaged(store_root: Path, stand_in_checks) -> Article:
    return damaged_articles(store_root)[0]


@pytest.fixture
def editor_key() -> str:
    return issue_token(make_editor("eve"), name="desk script")


def _auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _post(client: Client, path: str, body: dict, key: str | None):
    return client.post(path, body, content_type="application/json",
                       **(_auth(key) if key else {}))


def _endpoints(article: Article) -> list[tuple[str, str, dict]]:
    finding = open_findings(article, "chrome")[0]
    return [
        ("get", "/api/desk/findings", {}),
        ("get", "/api/desk/reports", {}),
        ("get", "/api/desk/proposals", {}),
        ("get", f"/api/desk/articles/{article.pk}", {}),
        ("post", f"/api/desk/articles/{article.pk}/proposals",
         {"field": "section", "text": "Harbor", "reason": "better", "head": ""}),
        ("post", f"/api/desk/findings/{finding.pk}/approve", {"head": ""}),
        ("post", f"/api/desk/findings/{finding.pk}/reject", {"head": "", "reason": "no"}),
    ]


@pytest.mark.parametrize("who", ["nobody", "bad", "reader"])
def test_every_endpoint_refuses_all_but_editors(client: Client, damaged: Article,
                                                who: str) -> None:
    key = {"nobody": None, "bad": "morgue_not-a-real-key",
           "reader": issue_token(make_user())}[who]
    for method, path, body in _endpoints(damaged):
        if method == "get":
            response = client.get(path, **(_auth(key) if key else {}))
        else:
            response = _post(client, path, body, key)
        expected = 403 if who == "reader" else 401
        assert response.status_code == expected, (method, path)
        answer = response.json()
        assert answer["status"] == expected and answer["message"]
        assert answer["error"] == ("forbidden" if who == "reader" else "unauthorized")
        if expected == 401:
            assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Correction.objects.exists() and not AuditEntry.objects.exists()


def test_an_editor_lists_findings_with_heads_and_filters(client: Client, damaged: Article,
                                                         editor_key: str) -> None:
    answer = client.get("/api/desk/findings", {"check": "encoding"}, **_auth(editor_key)).json()
    assert answer["total"] == 2 and {i["code"] for i in answer["items"]} == {"encoding"}
    item = answer["items"][0]
    assert item["article"]["head"] == damaged.corrections_head
    assert item["proposed_fix"]["safe"] is True
    assert client.get("/api/desk/findings", {"status": "closed"},
                      **_auth(editor_key)).json()["total"] == 0
    bad = client.get("/api/desk/findings", {"severity": "dire"}, **_auth(editor_key))
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_parameters"


def test_approve_and_reject_through_the_api(client: Client, damaged: Article,
                                            editor_key: str) -> None:
    chrome = open_findings(damaged, "chrome")[0]
    encoding = open_findings(damaged, "encoding")
    text = client.get(f"/api/desk/articles/{damaged.pk}", **_auth(editor_key)).json()
    assert CHROME in text["text"]["body"]

    approved = _post(client, f"/api/desk/findings/{chrome.pk}/approve",
                     {"head": text["head"]}, editor_key)
    assert approved.status_code == 200, approved.content
    answer = approved.json()
    assert answer["correction"]["who"] == "eve" and answer["correction"]["status"] == "applied"
    assert answer["head"] == head(damaged)

    rejected = _post(client, f"/api/desk/findings/{encoding[0].pk}/reject",
                     {"head": answer["head"], "reason": "house style"}, editor_key)
    assert rejected.status_code == 200
    assert rejected.json()["correction"]["status"] == "rejected"
    assert Finding.objects.get(pk=encoding[0].pk).status == "dismissed"

    again = _post(client, f"/api/desk/findings/{chrome.pk}/approve",
                  {"head": head(damaged)}, editor_key)
    assert again.status_code == 409 and again.json()["error"] == "already_decided"
    missing = _post(client, "/api/desk/findings/999999/approve", {"head": ""}, editor_key)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_a_stale_head_is_a_409_with_the_current_text(client: Client, damaged: Article,
                                                     editor_key: str) -> None:
    seen = damaged.corrections_head
    chrome, encoding = open_findings(damaged, "chrome")[0], open_findings(damaged, "encoding")[0]
    actions.approve(make_editor("ann"), actions.Decision("finding", chrome.pk, seen))

    response = _post(client, f"/api/desk/findings/{encoding.pk}/approve", {"head": seen},
                     editor_key)

    assert response.status_code == 409
    answer = response.json()
    assert answer["error"] == "conflict" and answer["head"] == head(damaged)
    assert CHROME not in answer["current"]["body"] and MOJIBAKE in answer["current"]["body"]
    assert Correction.objects.count() == 1


def test_propose_then_approve_a_report_through_the_api(client: Client, store_root: Path,
                                                       editor_key: str) -> None:
    article = make_article(store_root, headline="Harbor Plan Aproved")
    report = actions.report(make_user(), article, part="headline", what_is_wrong="typo")
    listed = client.get("/api/desk/reports", **_auth(editor_key)).json()
    assert [r["id"] for r in listed["items"]] == [report.pk]

    created = _post(client, f"/api/desk/articles/{article.pk}/proposals", {
        "field": "headline", "text": "Harbor Plan Approved", "reason": "Spelling",
        "head": head(article), "report": report.pk}, editor_key)
    assert created.status_code == 201, created.content
    proposal = created.json()["proposal"]
    assert proposal["entry"]["status"] == "proposed" and proposal["report"] == report.pk

    listed = client.get("/api/desk/proposals", **_auth(editor_key)).json()
    assert [p["id"] for p in listed["items"]] == [proposal["id"]]
    approved = _post(client, f"/api/desk/proposals/{proposal['id']}/approve",
                     {"head": created.json()["head"]}, editor_key)
    assert approved.status_code == 200
    assert published_text(article).headline == "Harbor Plan Approved"
    assert Report.objects.get().status == "corrected"

    no_text = _post(client, f"/api/desk/reports/{report.pk}/approve",
                    {"head": head(article), "reason": "x"}, editor_key)
    assert no_text.status_code == 409  # decided already, by the proposal's approval
    bad = _post(client, f"/api/desk/articles/{article.pk}/proposals", {
        "field": "url", "text": "/x/", "reason": "r"}, editor_key)
    assert bad.status_code == 422


def test_the_desk_is_in_the_openapi_description(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    desk = {p for p in schema["paths"] if p.startswith("/api/desk/")}
    assert desk == {"/api/desk/findings", "/api/desk/reports", "/api/desk/proposals",
                    "/api/desk/articles/{article_id}",
                    "/api/desk/articles/{article_id}/proposals",
                    "/api/desk/{kind}/{item_id}/approve", "/api/desk/{kind}/{item_id}/reject"}
    approve = schema["paths"]["/api/desk/{kind}/{item_id}/approve"]["post"]
    assert approve["security"] == [{"EditorToken": []}]
    assert {"401", "403", "409"} <= set(approve["responses"])
