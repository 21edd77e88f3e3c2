"""`morgue user`: add (with or without --password), list, role, token."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from morgue.accounts import roles
from morgue.accounts.tokens import user_for_token
from morgue.cli import cli

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase"


def morgue(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_add_with_password_makes_a_confirmed_account_with_its_role() -> None:
    result = morgue("user", "add", "Ed@Ledger.example", "--role", "editor", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert "editor account ed@ledger.example" in result.stdout
    user = get_user_model().objects.get(email="ed@ledger.example")
    assert roles.role_of(user) == roles.EDITOR and user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified


def test_add_asks_for_the_password_twice_until_it_is_good_enough() -> None:
    answers = "\n".join(["short", "short", PASSWORD, "different one entirely", PASSWORD,
                         PASSWORD]) + "\n"
    result = morgue("user", "add", "ops@ledger.example", "--role", "admin", input=answers)
    assert result.exit_code == 0, result.output
    assert "This password is too short" in result.output
    assert "do not match" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    user = get_user_model().objects.get(email="ops@ledger.example")
    assert roles.role_of(user) == roles.ADMIN and user.is_staff and user.check_password(PASSWORD)


@pytest.mark.parametrize("args,problem", [
    (["--password", "password123"], "too common"),
    (["--password", "12345678901234"], "entirely numeric"),
    (["--password", "ops@ledger.example1"], "too similar"),
])
def test_add_says_what_is_wrong_with_a_password(args: list[str], problem: str) -> None:
    result = morgue("user", "add", "ops@ledger.example", *args)
    assert result.exit_code == 1
    assert problem in result.output
    assert not get_user_model().objects.exists()


def test_add_refuses_a_taken_or_bad_address() -> None:
    assert morgue("user", "add", "a@ledger.example", "--password", PASSWORD).exit_code == 0
    taken = morgue("user", "add", "A@ledger.example", "--password", PASSWORD)
    assert taken.exit_code == 1 and "already an account" in taken.output
    bad = morgue("user", "add", "not-an-address", "--password", PASSWORD)
    assert bad.exit_code == 1 and "not an email address" in bad.output
    wrong_role = morgue("user", "add", "b@ledger.example", "--role", "boss")
    assert wrong_role.exit_code == 2


def test_list_shows_email_role_confirmed_joined_last_sign_in() -> None:
    morgue("user", "add", "ed@ledger.example", "--role", "editor", "--password", PASSWORD)
    morgue("user", "add", "new@ledger.example", "--password", PASSWORD, "--unconfirmed")
    result = CliRunner().invoke(cli, ["user", "list"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("email" in line and "confirmed" in line and "last sign-in" in line
               for line in lines)
    ed = next(line for line in lines if "ed@ledger.example" in line)
    new = next(line for line in lines if "new@ledger.example" in line)
    assert "editor" in ed and "yes" in ed and "never" in ed
    assert "reader" in new and "no" in new


def test_role_changes_the_role() -> None:
    morgue("user", "add", "r@ledger.example", "--password", PASSWORD)
    result = morgue("user", "role", "r@ledger.example", "editor")
    assert result.exit_code == 0 and "now editor" in result.stdout
    assert roles.is_editor(get_user_model().objects.get(email="r@ledger.example"))
    missing = morgue("user", "role", "nobody@ledger.example", "editor")
    assert missing.exit_code == 1 and "no account" in missing.output


def test_token_prints_a_working_key_once_for_editors_only() -> None:
    morgue("user", "add", "ed@ledger.example", "--role", "editor", "--password", PASSWORD)
    morgue("user", "add", "r@ledger.example", "--password", PASSWORD)
    result = morgue("user", "token", "ed@ledger.example", "--name", "desk script")
    assert result.exit_code == 0, result.output
    key = result.stdout.strip()
    assert user_for_token(key).email == "ed@ledger.example"
    refused = morgue("user", "token", "r@ledger.example")
    assert refused.exit_code == 1 and "not an editor" in refused.output


def test_help_explains_with_examples() -> None:
    for command in ("add", "list", "role", "token"):
        result = morgue("user", command, "--help")
        assert result.exit_code == 0 and "Example" in result.output
    assert "--role [reader|editor|admin]" in morgue("user", "add", "--help").output
