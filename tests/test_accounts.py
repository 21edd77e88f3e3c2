"""Accounts on the site: sign-up with consent, confirmation, sign-in and out, passwords,
rate limits, CSRF, the account's own pages, roles and settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.test import Client
from django.utils import timezone

from morgue.accounts import personal_data, roles
from morgue.accounts.consent import version_of
from morgue.accounts.lifecycle import create_account, is_confirmed
from morgue.accounts.models import ApiToken, Consent
from morgue.accounts.tokens import issue_token

from .accounts_helpers import PASSWORD, confirm, link_in, sign_in, sign_up

User = get_user_model()


@pytest.fixture(autouse=True)
def cache_home(settings, tmp_path: Path) -> Path:
    """A file cache of its own (rate limits live there), as in MORGUE_HOME/cache."""
    settings.CACHES = {"default": {**settings.CACHES["default"],
                                   "LOCATION": str(tmp_path / "cache")}}
    return tmp_path


@pytest.fixture
def reader(db):
    return create_account("reader@example.com", PASSWORD, role=roles.READER)


@pytest.fixture
def editor(db):
    return create_account("editor@example.com", PASSWORD, role=roles.EDITOR)


# --- sign-up and consent --------------------------------------------------------------------


@pytest.mark.django_db
def test_signup_page_asks_for_consent_in_the_sites_chrome(client) -> None:
    page = client.get("/accounts/signup/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="masthead"' in html and "Create a free account" in html
    assert 'name="agree"' in html and 'href="/terms/"' in html and 'href="/privacy/"' in html
    assert '<label for="id_email"' in html and '<label for="id_password1"' in html
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert 'name="username"' not in html
    assert "noindex" in html


@pytest.mark.django_db
def test_signup_without_consent_makes_no_account(client, mailoutbox) -> None:
    page = sign_up(client, "no@example.com", agree=False)
    assert page.status_code == 200
    assert "please agree to the terms of use and the privacy policy" in page.content.decode()
    assert 'aria-invalid="true"' in page.content.decode()
    assert not User.objects.filter(email="no@example.com").exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_signup_records_which_terms_were_agreed_to_and_when(client, mailoutbox) -> None:
    before = timezone.now()
    page = sign_up(client, "New.Reader@Example.com")
    assert page.status_code == 302 and page["Location"] == "/accounts/confirm-email/"

    user = User.objects.get(email__iexact="new.reader@example.com")
    assert roles.role_of(user) == roles.READER
    assert list(user.groups.values_list("name", flat=True)) == [roles.READER]
    consents = {c.document: c for c in user.consents.all()}
    assert set(consents) == {Consent.TERMS, Consent.PRIVACY}
    for document, url in ((Consent.TERMS, "/terms/"), (Consent.PRIVACY, "/privacy/")):
        page = FlatPage.objects.get(url=url)
        assert consents[document].version == version_of(page.title, page.content)
        assert consents[document].title == page.title and consents[document].url == url
        assert before <= consents[document].given_at <= timezone.now()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.reader@example.com"]


@pytest.mark.django_db
def test_a_new_wording_is_a_new_version(client) -> None:
    sign_up(client, "first@example.com")
    terms = FlatPage.objects.get(url="/terms/")
    terms.content += "<p>A new clause.</p>"
    terms.save()
    sign_up(Client(), "second@example.com")

    first, second = (Consent.objects.get(user__email=e, document=Consent.TERMS).version
                     for e in ("first@example.com", "second@example.com"))
    assert first != second and second == version_of(terms.title, terms.content)


@pytest.mark.django_db
def test_weak_password_and_taken_address_are_refused(client, reader, mailoutbox) -> None:
    weak = sign_up(client, "weak@example.com", password="12345678")
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()
    # Someone signing up with a taken address learns nothing; its owner gets an email.
    again = sign_up(client, reader.email)
    assert again.status_code == 302
    assert User.objects.filter(email=reader.email).count() == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [reader.email]


# --- confirmation, sign-in and sign-out -------------------------------------------------------


@pytest.mark.django_db
def test_unconfirmed_account_cannot_sign_in_until_the_emailed_link_is_followed(
        client, mailoutbox) -> None:
    sign_up(client, "new@example.com")
    user = User.objects.get(email="new@example.com")
    assert not is_confirmed(user)

    other = Client()
    refused = sign_in(other, "new@example.com")
    assert refused.status_code == 302 and refused["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in other.session
    assert len(mailoutbox) == 1  # no second email inside the cooldown

    path = link_in(mailoutbox[0].body, "/accounts/confirm-email/")
    done = confirm(other, path)
    assert done.status_code == 302
    assert is_confirmed(user)
    assert other.session["_auth_user_id"] == str(user.pk)  # signed in by confirming


@pytest.mark.django_db
def test_sign_in_with_email_and_out_by_post(client, reader) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_login"' in html and '<label for="id_password"' in html
    assert "Forgot" in html or "forgot" in html

    wrong = sign_in(client, reader.email, "not the password")
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    done = sign_in(client, reader.email)
    assert done.status_code == 302 and done["Location"] == "/accounts/"
    assert client.session["_auth_user_id"] == str(reader.pk)
    home = client.get("/").content.decode()
    assert reader.email in home and "Sign out" in home and "Your account" in home
    assert "Create a free account" not in home

    assert client.get("/accounts/logout/").status_code == 200  # GET only asks
    assert "_auth_user_id" in client.session
    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and "_auth_user_id" not in client.session
    assert "Create a free account" in client.get("/").content.decode()


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_samesite_lax(client, reader) -> None:
    sign_in(client, reader.email)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_cookies_are_secure_when_the_site_is_https(tmp_path) -> None:
    env = {**os.environ, "MORGUE_SITE_URL": "https://archive.example.com",
           "MORGUE_HOME": str(tmp_path)}
    code = ("from morgue import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)")
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    assert shown == ["True", "True", "True", "Lax"]


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(reader) -> None:
    assert reader.password.startswith("argon2")


ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
                   "/accounts/password/reset/done/", "/accounts/confirm-email/"]
SIGNED_IN_PAGES = ["/accounts/", "/accounts/email/", "/accounts/password/change/",
                   "/accounts/delete/", "/accounts/logout/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ANONYMOUS_PAGES + SIGNED_IN_PAGES)
def test_account_pages_are_site_pages_without_inline_script_or_style(client, reader,
                                                                     path: str) -> None:
    if path in SIGNED_IN_PAGES:
        client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="masthead"' in html and 'class="site-footer"' in html
    assert '<h1 class="page-title">' in html and "noindex" in html
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_sign_in_is_the_sites(client, reader) -> None:
    page = client.get("/admin/")
    assert page.status_code == 302
    follow = client.get(page["Location"])
    assert follow.status_code == 302 and follow["Location"].startswith("/accounts/login/")
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/login/").status_code == 403


# --- passwords --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change(client, reader) -> None:
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    new = "another long passphrase"
    page = client.post("/accounts/password/change/",
                       {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert page.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new)


@pytest.mark.django_db
def test_password_reset_by_emailed_link(client, reader, mailoutbox) -> None:
    asked = client.post("/accounts/password/reset/", {"email": reader.email})
    assert asked.status_code == 302
    assert len(mailoutbox) == 1
    path = link_in(mailoutbox[0].body, "/accounts/password/reset/key/")

    opened = client.get(path)  # the key moves into the session; the form is one step on
    assert opened.status_code == 302
    form = client.get(opened["Location"])
    assert form.status_code == 200 and 'name="password1"' in form.content.decode()
    new = "a brand new passphrase"
    done = client.post(opened["Location"], {"password1": new, "password2": new})
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new)
    assert not reader.check_password(PASSWORD)
    again = Client().get(path, follow=True)  # the link is spent
    assert "link was invalid" in again.content.decode()


# --- rate limits ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_failed_sign_ins_are_limited_per_account(client, reader) -> None:
    for _ in range(5):
        assert sign_in(client, reader.email, "wrong guess").status_code == 200
    refused = sign_in(Client(REMOTE_ADDR="10.1.1.1"), reader.email)  # even the right one
    assert refused.status_code in (200, 429)
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session


@pytest.mark.django_db
def test_too_many_sign_ins_from_one_client_are_answered_429(client, reader) -> None:
    answers = [sign_in(client, f"nobody{i}@example.com", "x").status_code for i in range(31)]
    assert answers[:10] == [200] * 10
    assert answers[-1] == 429
    assert "Too many attempts" in sign_in(client, reader.email).content.decode()


@pytest.mark.django_db
def test_rate_limits_are_shared_by_server_processes(client, reader, cache_home) -> None:
    """Failures counted by this process refuse the next attempt in another process."""
    from django.contrib.sites.models import Site

    for _ in range(5):
        sign_in(client, reader.email, "wrong guess")
    key = f"{Site.objects.get_current().domain}:{reader.email}"  # allauth's, for one account
    code = f"""
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "morgue.settings"
django.setup()
from django.test import RequestFactory
from allauth.core.internal import ratelimit
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.9.9.9")
usage = ratelimit.consume(request, app="allauth.account", action="login_failed",
                          key="{key}")
print("refused" if usage is None else "allowed")
"""
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "MORGUE_HOME": str(cache_home)},
                           check=True).stdout.strip()
    assert shown == "refused"


# --- CSRF on every form -----------------------------------------------------------------------


ANONYMOUS_FORMS = [
    ("/accounts/login/", {"login": "reader@example.com", "password": PASSWORD}),
    ("/accounts/signup/", {"email": "x@example.com", "password1": PASSWORD,
                           "password2": PASSWORD, "agree": "on"}),
    ("/accounts/password/reset/", {"email": "reader@example.com"}),
    ("/accounts/confirm-email/somekey/", {}),
]
SIGNED_IN_FORMS = [
    ("/accounts/logout/", {}),
    ("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "x" * 12,
                                    "password2": "x" * 12}),
    ("/accounts/email/", {"email": "other@example.com", "action_add": ""}),
    ("/accounts/delete/", {"password": PASSWORD}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path,data", ANONYMOUS_FORMS, ids=[p for p, _ in ANONYMOUS_FORMS])
def test_csrf_is_enforced_on_anonymous_forms(reader, path: str, data: dict) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path, data).status_code == 403
    assert "_auth_user_id" not in strict.session
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path,data", SIGNED_IN_FORMS, ids=[p for p, _ in SIGNED_IN_FORMS])
def test_csrf_is_enforced_on_signed_in_forms(reader, path: str, data: dict) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    assert strict.post(path, data).status_code == 403
    assert strict.session["_auth_user_id"] == str(reader.pk)
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_form_from_link_needs_csrf_too(reader, mailoutbox) -> None:
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/accounts/password/reset/")
    token = page.cookies["csrftoken"].value
    strict.post("/accounts/password/reset/", {"email": reader.email,
                                               "csrfmiddlewaretoken": token})
    opened = strict.get(link_in(mailoutbox[0].body, "/accounts/password/reset/key/"))
    assert strict.post(opened["Location"], {"password1": "x" * 14,
                                            "password2": "x" * 14}).status_code == 403
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


# --- the account's own pages ------------------------------------------------------------------


@pytest.mark.django_db
def test_account_pages_need_sign_in(client) -> None:
    for path in ("/accounts/", "/accounts/data/", "/accounts/delete/"):
        page = client.get(path)
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_account_page_shows_email_role_and_links(client) -> None:
    sign_up(client, "shown@example.com")
    user = User.objects.get(email="shown@example.com")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/accounts/").content.decode()
    assert "shown@example.com" in html and "Reader" in html and "not confirmed" in html
    for url in ("/accounts/password/change/", "/accounts/data/", "/accounts/delete/"):
        assert f'href="{url}"' in html
    assert user.consents.first().version in html


@pytest.mark.django_db
def test_data_download_holds_account_consents_and_other_apps_sections(client) -> None:
    sign_up(client, "mine@example.com")
    user = User.objects.get(email="mine@example.com")
    issue_token(user, name="script")

    def reports(user) -> dict:
        return {"error_reports": [{"by": user.email}]}

    personal_data.register(reports)
    try:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        page = client.get("/accounts/data/")
    finally:
        personal_data._contributors.remove(reports)
    assert page.status_code == 200 and page["Content-Type"].startswith("application/json")
    assert "attachment" in page["Content-Disposition"]
    data = json.loads(page.content)
    assert data["account"]["email"] == "mine@example.com"
    assert data["account"]["role"] == "reader"
    assert data["account"]["email_addresses"] == [
        {"email": "mine@example.com", "confirmed": False, "primary": True}]
    assert {c["document"] for c in data["consents"]} == {"terms", "privacy"}
    assert data["api_tokens"][0]["name"] == "script"
    assert "key_hash" not in json.dumps(data)
    assert data["error_reports"] == [{"by": "mine@example.com"}]


@pytest.mark.django_db
def test_reader_deletes_their_account_with_their_password(client) -> None:
    sign_up(client, "leaving@example.com")
    user = User.objects.get(email="leaving@example.com")
    issue_token(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    form = client.get("/accounts/delete/")
    assert form.status_code == 200 and 'name="password"' in form.content.decode()

    wrong = client.post("/accounts/delete/", {"password": "not it"})
    assert wrong.status_code == 200 and "not your password" in wrong.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    gone = client.post("/accounts/delete/", {"password": PASSWORD})
    assert gone.status_code == 302 and gone["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Consent.objects.filter(user_id=user.pk).exists()
    assert not ApiToken.objects.filter(user_id=user.pk).exists()
    assert not EmailAddress.objects.filter(email="leaving@example.com").exists()
    assert "_auth_user_id" not in client.session
    assert "are deleted" in client.get("/").content.decode()


@pytest.mark.django_db
def test_editors_are_told_to_ask_an_admin(client, editor) -> None:
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    page = client.post("/accounts/delete/", {"password": PASSWORD})
    assert page.status_code == 403 and "ask an admin" in page.content.decode()
    assert User.objects.filter(pk=editor.pk).exists()


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_three_groups_have_their_permissions() -> None:
    def perms(role: str) -> set[str]:
        group = Group.objects.get(name=role)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert perms(roles.READER) == set()
    assert {"archive.add_correction", "archive.change_finding"} <= perms(roles.EDITOR)
    assert "auth.change_user" not in perms(roles.EDITOR)
    assert not any(".delete_" in p for p in perms(roles.EDITOR))
    assert {p for p in perms(roles.EDITOR) if p.startswith("editorial.")} == {
        p for p in perms(roles.ADMIN) if p.startswith("editorial.") and ".delete_" not in p}
    assert {"auth.change_user", "flatpages.change_flatpage", "archive.add_correction",
            "accounts.delete_apitoken"} <= perms(roles.ADMIN)


@pytest.mark.django_db
def test_roles_give_permissions_and_admins_the_admin_site(client, reader, editor) -> None:
    admin = create_account("admin@example.com", PASSWORD, role=roles.ADMIN)
    assert [roles.role_of(u) for u in (reader, editor, admin)] == ["reader", "editor", "admin"]
    assert roles.is_editor(editor) and roles.is_editor(admin) and not roles.is_editor(reader)
    assert User.objects.get(pk=editor.pk).has_perm("archive.add_correction")
    assert not User.objects.get(pk=reader.pk).has_perm("archive.add_correction")
    assert admin.is_staff and not editor.is_staff
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/auth/user/").status_code == 200

    roles.set_role(admin, roles.READER)
    assert roles.role_of(admin) == roles.READER and not admin.is_staff


@pytest.mark.django_db
def test_header_knows_editors(client, editor, reader) -> None:
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/").context["is_editor"] is True
    client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/").context["is_editor"] is False
    assert Client().get("/").context["is_editor"] is False


# --- mail settings ----------------------------------------------------------------------------


@pytest.mark.parametrize("url,expected", [
    ("", dict(backend="filebased", file_path="/home/mail")),
    ("console:", dict(backend="console")),
    ("file:///var/mail/morgue", dict(backend="filebased", file_path="/var/mail/morgue")),
    ("smtp://bob:s%40cret@mail.example.com:2525?tls=1",
     dict(backend="smtp", host="mail.example.com", port=2525, user="bob", password="s@cret",
          use_tls=True, use_ssl=False)),
    ("smtp://mail.example.com?ssl=1", dict(backend="smtp", port=465, use_ssl=True,
                                           use_tls=False)),
    ("smtps://mail.example.com", dict(backend="smtp", port=465, use_ssl=True)),
    ("smtp://127.0.0.1", dict(backend="smtp", host="127.0.0.1", port=25, user="")),
])
def test_email_url(url: str, expected: dict) -> None:
    from morgue.accounts.mailconfig import email_config

    config = email_config(url, Path("/home"))
    assert expected.pop("backend") in config.backend
    for name, value in expected.items():
        assert getattr(config, name) == value, name


def test_unknown_email_url_is_an_error() -> None:
    from morgue.accounts.mailconfig import email_config

    with pytest.raises(ValueError, match="unknown scheme"):
        email_config("imap://x", Path("/home"))


def test_email_url_password_is_hidden_when_shown(monkeypatch) -> None:
    from morgue import config

    monkeypatch.setenv("MORGUE_EMAIL_URL", "smtp://bob:hunter2@mail.example.com:587")
    shown = dict((n, v) for n, v, *_ in config.shown())
    assert "hunter2" not in shown["MORGUE_EMAIL_URL"] and "bob" in shown["MORGUE_EMAIL_URL"]


