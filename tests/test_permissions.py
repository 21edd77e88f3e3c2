"""Who may open what: every URL of the site, the accounts, the desk and the API, asked by
an anonymous visitor, a reader, an editor and an admin.

The table below is the whole policy. ``test_every_url_is_in_the_matrix`` fails when a
new URL pattern appears without a row, so no view ships unguarded; each row is then
asked as every role. A 302 to the sign-in page means "sign in first"; 401 and 403 mean
refused. Forms that change something are also posted without a CSRF token (refused).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from morgue.accounts.roles import ADMIN, EDITOR, READER, set_role
from morgue.accounts.tokens import issue_token
from morgue.archive.models import Finding
from morgue.search import reindex

from .site_helpers import make_article

ROLES = ("anonymous", READER, EDITOR, ADMIN)
LOGIN = "/accounts/login/"

#: what an answer may be: a status, or "login" (302 to the sign-in page)
Expect = int | str


@dataclass(frozen=True)
class Row:
    name: str  # the URL pattern's name (namespace:name), or its route when unnamed
    path: str  # a concrete URL; {article} is the published article's id
    anonymous: Expect
    reader: Expect
    editor: Expect
    admin: Expect
    method: str = "get"
    data: dict = field(default_factory=dict)
    #: authenticate with the role's API token instead of a signed-in session
    token: bool = False

    def expected(self, role: str) -> Expect:
        return getattr(self, role)


def everyone(name: str, path: str, status: int = 200, **kw) -> Row:
    return Row(name, path, status, status, status, status, **kw)


def signed_in(name: str, path: str, status: int = 200, **kw) -> Row:
    return Row(name, path, "login", status, status, status, **kw)


def editors(name: str, path: str, status: int = 200, **kw) -> Row:
    return Row(name, path, "login", 403, status, status, **kw)


def editor_api(name: str, path: str, status: int = 200, **kw) -> Row:
    return Row(name, path, 401, 403, status, status, token=True, **kw)


MATRIX: list[Row] = [
    # -- the public site -------------------------------------------------------------------
    everyone("home", "/"),
    everyone("search", "/search/?q=harbor"),
    everyone("sections", "/sections/"),
    everyone("section", "/sections/local/"),
    everyone("authors", "/authors/"),
    everyone("author", "/authors/samuel-reyes/"),
    everyone("dates", "/dates/"),
    everyone("undated", "/undated/"),
    everyone("year", "/2009/"),
    everyone("month", "/2009/06/"),
    everyone("day", "/2009/06/12/"),
    everyone("corrections", "/corrections/"),
    everyone("original", "/articles/{article}/original/"),
    everyone("people", "/people/"), everyone("places", "/places/"),
    everyone("organisations", "/organisations/"), everyone("topics", "/topics/"),
    everyone("people-one", "/people/no-one/", 404), everyone("places-one", "/places/nowhere/", 404),
    everyone("organisations-one", "/organisations/none/", 404),
    everyone("topic", "/topics/15000000/"),
    everyone("original-capture", "/articles/{article}/original/capture"),
    everyone("feed-corrections", "/feeds/corrections/"),
    everyone("feed-section", "/feeds/sections/local/"),
    everyone("sitemap-index", "/sitemap.xml"),
    everyone("sitemap-section", "/sitemap-2009.xml"),
    everyone("robots", "/robots.txt"),
    everyone("oai", "/oai?verb=Identify"),
    everyone("favicon.ico", "/favicon.ico", 301),
    everyone("terms", "/terms/"),
    everyone("privacy", "/privacy/"),
    everyone("page", "{url}"),
    # -- the public API ----------------------------------------------------------------------
    everyone("api:api-root", "/api/", 404),
    everyone("api/^(?P<rest>.*)$", "/api/nothing-here", 404),
    everyone("api:openapi-json", "/api/openapi.json"),
    everyone("api:openapi-view", "/api/docs"),
    everyone("api-docs-asset", "/api/docs/assets/swagger-ui.css"),
    everyone("api:articles", "/api/articles?q=harbor"),
    everyone("api:article", "/api/articles/{article}"),
    everyone("api:sections", "/api/sections"),
    everyone("api:authors", "/api/authors"),
    # -- accounts ----------------------------------------------------------------------------
    Row("account_login", LOGIN, 200, 302, 302, 302),
    Row("account_signup", "/accounts/signup/", 200, 302, 302, 302),
    everyone("account_logout", "/accounts/logout/", 302, method="post"),
    everyone("account_inactive", "/accounts/inactive/"),
    signed_in("account_home", "/accounts/"),
    signed_in("account_data", "/accounts/data/"),
    # Editors' and admins' names are on corrections: an admin removes their accounts.
    Row("account_delete", "/accounts/delete/", "login", 200, 403, 403),
    signed_in("account_email", "/accounts/email/"),
    signed_in("account_change_password", "/accounts/password/change/"),
    # Only for accounts without a password; these all have one.
    signed_in("account_set_password", "/accounts/password/set/", 302),
    signed_in("account_reauthenticate", "/accounts/reauthenticate/"),
    signed_in("account_request_reauthentication_code", "/accounts/reauthenticate/code/"),
    # No code was sent: nothing to confirm, so back to where one starts.
    signed_in("account_confirm_reauthentication_code", "/accounts/reauthenticate/code/confirm/",
              302),
    Row("account_confirm_login_code", "/accounts/login/code/confirm/", "login", 302, 302, 302),
    everyone("account_email_verification_sent", "/accounts/confirm-email/"),
    everyone("account_confirm_email", "/accounts/confirm-email/not-a-key/"),
    everyone("account_reset_password", "/accounts/password/reset/"),
    everyone("account_reset_password_done", "/accounts/password/reset/done/"),
    everyone("account_reset_password_from_key", "/accounts/password/reset/key/1-bad-key/"),
    everyone("account_reset_password_from_key_done", "/accounts/password/reset/key/done/"),
    # -- the editors' desk -------------------------------------------------------------------
    editors("editorial:queue", "/desk/"),
    editors("editorial:review", "/desk/articles/{article}/"),
    editors("editorial:bulk", "/desk/bulk/"),
    signed_in("editorial:my-reports", "/desk/reports/mine/"),
    # -- the editors' API (tokens) -----------------------------------------------------------
    editor_api("api:desk-findings", "/api/desk/findings"),
    editor_api("api:desk-reports", "/api/desk/reports"),
    editor_api("api:desk-proposals", "/api/desk/proposals"),
    editor_api("api:desk-article", "/api/desk/articles/{article}"),
]

#: forms that change something: who may post them (bad data is fine: a 200 or 400 with
#: the form's errors means the request got past the guard)
POSTS: list[Row] = [
    Row("editorial:report", "/desk/report/{article}/", "login", "ok", "ok", "ok",
        method="post", data={"part": "body", "what": "<script>alert(1)</script>"}),
    Row("editorial:decide", "/desk/articles/{article}/decide/", "login", 403, "ok", "ok",
        method="post", data={}),
    Row("editorial:propose", "/desk/articles/{article}/propose/", "login", 403, "ok", "ok",
        method="post", data={}),
    # an editor's correction of a quote's speaker (no such quote here: 404 past the guard)
    Row("quote-speaker", "/quotes/999999/speaker", "login", 403, 404, 404, method="post",
        data={"speaker": "", "reason": "test"}),
    Row("editorial:bulk", "/desk/bulk/", "login", 403, "ok", "ok", method="post",
        data={"code": "encoding"}),
    Row("account_delete", "/accounts/delete/", "login", "ok", 403, 403, method="post",
        data={"password": "wrong password"}),
    Row("api:desk-propose", "/api/desk/articles/{article}/proposals", 401, 403, "ok", "ok",
        method="post", data={}, token=True),
    Row("api:desk-approve", "/api/desk/findings/{finding}/approve", 401, 403, "ok", "ok",
        method="post", data={}, token=True),
    Row("api:desk-reject", "/api/desk/findings/{finding}/reject", 401, 403, "ok", "ok",
        method="post", data={}, token=True),
]

#: admin URLs are guarded by the admin site as a whole; asked below model by model
ADMIN_PREFIX = "admin:"


def _patterns(patterns=None, prefix: str = "", namespace: str = ""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield (namespace + p.name) if p.name else prefix + str(p.pattern)


def test_every_url_is_in_the_matrix():
    covered = {row.name for row in MATRIX + POSTS}
    missing = sorted(name for name in set(_patterns())
                     if name not in covered and not name.startswith(ADMIN_PREFIX)
                     and not name.startswith("admin/"))
    assert not missing, f"URLs with no row in the permission matrix: {missing}"


# -- the people and the archive they act on ---------------------------------------------------

PASSWORD = "a long enough passphrase"


@pytest.fixture
def people(db) -> dict[str, object]:
    users = {}
    for role in (READER, EDITOR, ADMIN):
        user = get_user_model().objects.create_user(role, f"{role}@example.com", PASSWORD)
        set_role(user, role)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        users[role] = user
    return users


@pytest.fixture
def archive(store_root) -> dict[str, object]:
    article = make_article("Harbor dredging plan approved", published=dt.date(2009, 6, 12))
    finding = Finding.objects.create(
        article=article, code="encoding", severity=Finding.Severity.WARNING, field="body",
        message="garbled", proposed_fix={"field": "body", "before": "x", "after": "y",
                                          "span": None, "safe": True})
    reindex()
    return {"article": article.pk, "url": article.url, "finding": finding.pk}


def client_for(role: str, people, *, token: bool = False, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if role == "anonymous":
        return client
    if token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_token(people[role])}"
    else:
        client.force_login(people[role])
    return client


def ask(client: Client, row: Row, archive) -> object:
    path = row.path.format(**archive)
    if row.method == "get":
        return client.get(path)
    if row.token:
        return client.post(path, row.data, content_type="application/json")
    return client.post(path, row.data)


def verdict(response) -> Expect:
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "login"
    return response.status_code


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name)
def test_who_may_open_what(row: Row, people, archive):
    answers = {role: verdict(ask(client_for(role, people, token=row.token), row, archive))
               for role in ROLES}
    expected = {role: row.expected(role) for role in ROLES}
    assert answers == expected


@pytest.mark.parametrize("row", POSTS, ids=lambda row: f"{row.name}-post")
def test_who_may_change_what(row: Row, people, archive):
    for role in ROLES:
        answer = verdict(ask(client_for(role, people, token=row.token), row, archive))
        if row.expected(role) == "ok":
            assert answer not in ("login", 401, 403, 404, 405) and answer < 500, (role, answer)
        else:
            assert answer == row.expected(role), (role, answer)


@pytest.mark.parametrize("row", [r for r in POSTS if not r.token], ids=lambda r: r.name)
def test_forms_refuse_a_post_without_its_csrf_token(row: Row, people, archive):
    for role in ROLES:
        if row.expected(role) == "ok":
            client = client_for(role, people, csrf=True)
            assert ask(client, row, archive).status_code == 403, role


def test_only_admins_reach_the_admin(people, archive):
    urls = ["/admin/"] + [f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
                          for model in admin.site._registry]
    for url in urls:
        answers = {role: client_for(role, people).get(url) for role in ROLES}
        assert answers["anonymous"].status_code == 302, url
        assert answers[READER].status_code in (302, 403), url
        assert answers[EDITOR].status_code in (302, 403), url
        assert answers[ADMIN].status_code == 200, url
