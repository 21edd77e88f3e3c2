"""The sign-up confirmation travels through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from morgue.accounts.lifecycle import is_confirmed

from .accounts_helpers import confirm, link_in, sign_in, sign_up

aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="pip install 'morgue[dev]'")


class Inbox:
    """An aiosmtpd handler keeping every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(envelope.original_content)))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages came"


def _plain_text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings, tmp_path) -> Iterator[Inbox]:
    """An SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "archive@ledger.example"
    settings.CACHES = {"default": {**settings.CACHES["default"],
                                   "LOCATION": str(tmp_path / "cache")}}
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_confirmation_email_arrives_over_smtp_with_a_working_link(smtp_server: Inbox) -> None:
    client = Client()
    assert sign_up(client, "smtp.reader@example.com").status_code == 302

    smtp_server.wait_for(1)
    sender, recipients, message = smtp_server.messages[0]
    assert sender == "archive@ledger.example"
    assert recipients == ["smtp.reader@example.com"]
    assert "confirm" in message["Subject"].lower()
    path = link_in(_plain_text(message), "/accounts/confirm-email/")

    user = get_user_model().objects.get(email="smtp.reader@example.com")
    assert not is_confirmed(user)
    other = Client()
    assert sign_in(other, user.email)["Location"] == "/accounts/confirm-email/"
    confirm(other, path)
    assert is_confirmed(user)
    assert other.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_email_arrives_over_smtp(smtp_server: Inbox) -> None:
    from morgue.accounts.lifecycle import create_account

    create_account("smtp.reset@example.com", "a long enough passphrase")
    Client().post("/accounts/password/reset/", {"email": "smtp.reset@example.com"})
    smtp_server.wait_for(1)
    _, recipients, message = smtp_server.messages[0]
    assert recipients == ["smtp.reset@example.com"]
    assert "/accounts/password/reset/key/" in message.as_string()
