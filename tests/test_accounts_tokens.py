"""Editors' API tokens: a key shown once, only its hash kept, inactive users refused."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model

from morgue.accounts.models import ApiToken
from morgue.accounts.tokens import issue_token, revoke_tokens, user_for_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("ed", "ed@example.com", "pw-not-used-here")


def test_issued_key_finds_its_user_and_only_a_hash_is_stored(editor) -> None:
    key = issue_token(editor, name="desk script")

    assert user_for_token(key) == editor
    token = ApiToken.objects.get()
    assert token.name == "desk script" and key.startswith(token.prefix)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.key_hash, token.prefix, token.name}
    assert token.last_used is not None


def test_each_key_is_new(editor) -> None:
    assert issue_token(editor) != issue_token(editor)
    assert ApiToken.objects.count() == 2


@pytest.mark.parametrize("key", ["", "nonsense", "morgue_not-a-key", "morgue_"])
def test_unknown_keys_find_nobody(editor, key: str) -> None:
    issue_token(editor)
    assert user_for_token(key) is None


def test_inactive_users_keys_stop_working(editor) -> None:
    key = issue_token(editor)
    editor.is_active = False
    editor.save()
    assert user_for_token(key) is None


def test_revoked_keys_stop_working(editor) -> None:
    key = issue_token(editor)
    assert revoke_tokens(editor) == 1
    assert user_for_token(key) is None
