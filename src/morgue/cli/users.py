"""Accounts from the command line: `morgue user add`, `list`, `role`, `token`."""

from __future__ import annotations

import click
from rich.table import Table

from morgue.accounts.roles import ROLES

from .app import cli, console, out, plural, setup_django


@cli.group()
def user() -> None:
    """Make and look after the site's accounts (readers, editors, admins).

    Readers usually sign up on the site themselves (/accounts/signup/); operators make
    editors' and admins' accounts here.

    \b
    Examples:
      morgue user add ed@ledger.example --role editor
      morgue user list
      morgue user role ed@ledger.example admin
      morgue user token ed@ledger.example --name "desk script"
    """


def _ask_password(email: str) -> str:
    """Prompt (hidden, twice) until the password passes the site's validators."""
    from django.contrib.auth import get_user_model

    from morgue.accounts.lifecycle import AccountError, check_password

    while True:
        password = click.prompt(f"Password for {email}", hide_input=True,
                                confirmation_prompt=True)
        try:
            check_password(password, get_user_model()(email=email))
        except AccountError as exc:
            console.print(f"[red]That password will not do:[/] {exc}")
            continue
        return password


@user.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="reader", show_default=True,
              help="reader: reports errors; editor: corrects, works the desk and API; "
                   "admin: also manages accounts and pages (Django's admin at /admin/).")
@click.option("--password", help="The password (default: asked for, hidden, twice). "
                                 "Beware: a password given here stays in the shell history.")
@click.option("--unconfirmed", is_flag=True,
              help="The address still has to be confirmed by a link before signing in "
                   "(default: the operator vouches for it).")
def add(email: str, role: str, password: str | None, unconfirmed: bool) -> None:
    """Make an account that signs in with EMAIL.

    The password must pass the site's password rules (at least 10 characters, not
    common, not all digits, not like the address).

    \b
    Examples:
      morgue user add ed@ledger.example --role editor      # asks for the password
      morgue user add ops@ledger.example --role admin --password 'long and secret'
    """
    setup_django()
    from morgue.accounts.lifecycle import AccountError, create_account

    if password is None:
        password = _ask_password(email)
    try:
        account = create_account(email, password, role=role, confirmed=not unconfirmed)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    out.print(f"Made the {role} account [bold]{account.email}[/].", highlight=False)


@user.command("list")
def list_() -> None:
    """List every account: email, role, confirmed, joined, last sign-in.

    \b
    Example:
      morgue user list
    """
    setup_django()
    from morgue.accounts.lifecycle import accounts

    rows = accounts()
    table = Table(title=plural(len(rows), "account"))
    for column in ("email", "role", "confirmed", "joined", "last sign-in"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.email, row.role or "-", "yes" if row.confirmed else "no",
                      f"{row.joined:%Y-%m-%d}",
                      f"{row.last_login:%Y-%m-%d %H:%M}" if row.last_login else "never")
    out.print(table)


@user.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def role(email: str, role: str) -> None:
    """Give the account EMAIL the role ROLE (reader, editor or admin), in place of its own.

    \b
    Example:
      morgue user role ed@ledger.example editor
    """
    setup_django()
    from morgue.accounts.lifecycle import AccountError, change_role

    try:
        account = change_role(email, role)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    out.print(f"[bold]{account.email}[/] is now {role}.", highlight=False)


@user.command("token")
@click.argument("email")
@click.option("--name", default="", help="What the key is for, to tell keys apart.")
def token(email: str, name: str) -> None:
    """Make an API key for the editors' API and print it; it is shown only this once.

    Programs send it as `Authorization: Bearer KEY`. Revoke a key by deleting it in the
    admin (Accounts > API tokens).

    \b
    Example:
      morgue user token ed@ledger.example --name "desk script"
    """
    setup_django()
    from morgue.accounts.lifecycle import AccountError, find_account
    from morgue.accounts.roles import is_editor
    from morgue.accounts.tokens import issue_token

    try:
        account = find_account(email)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    if not is_editor(account):
        raise click.ClickException(
            f"{account.email} is not an editor: API keys are for editors and admins "
            f"(morgue user role {account.email} editor)")
    key = issue_token(account, name=name)
    console.print(f"API key for {account.email} (shown only once; keep it secret):",
                  highlight=False)
    click.echo(key)
