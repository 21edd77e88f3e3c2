"""Helpers for the accounts tests: sign up, read the emailed link, sign in."""

from __future__ import annotations

import re

from django.test import Client

PASSWORD = "a long enough passphrase"
LINK = re.compile(r"https?://[^/\s]+(/accounts/[^\s]+/)")


def sign_up(client: Client, email: str, password: str = PASSWORD, agree: bool = True):
    data = {"email": email, "password1": password, "password2": password}
    if agree:
        data["agree"] = "on"
    return client.post("/accounts/signup/", data)


def link_in(body: str, contains: str) -> str:
    """The path of the first link in an email whose path contains ``contains``."""
    links = [m for m in LINK.findall(body) if contains in m]
    assert links, f"no {contains!r} link in:\n{body}"
    return links[0]


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def confirm(client: Client, path: str):
    """Follow a confirmation link as a person would: open it, press Confirm."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path)
