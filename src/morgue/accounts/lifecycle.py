"""An account's life: made (sign-up or by an operator), given a role, listed, deleted.

The sign-up form, the account pages and ``morgue user`` all call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError

from . import roles
from .consent import record_consent

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class AccountError(Exception):
    """Why an account could not be made, found, changed or deleted, in plain words."""


@dataclass(frozen=True, slots=True)
class AccountRow:
    email: str
    role: str | None
    confirmed: bool
    joined: datetime
    last_login: datetime | None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_account(email: str) -> User:
    user = get_user_model().objects.filter(email__iexact=normalise_email(email)).first()
    if user is None:
        raise AccountError(f"no account with the email address {email}")
    return user


def check_password(password: str, user: User | None = None) -> None:
    """Django's password validators; AccountError says everything wrong with it."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc


def create_account(email: str, password: str, role: str = roles.READER,
                   confirmed: bool = True) -> User:
    """Make an account whose login is ``email``, with ``role``.

    An operator vouches for the address, so it counts as confirmed unless told otherwise.
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AccountError(f"{email!r} is not an email address") from exc
    if role not in roles.ROLES:
        raise AccountError(f"unknown role {role!r}: one of {', '.join(roles.ROLES)}")
    model = get_user_model()
    if (model.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()):
        raise AccountError(f"there is already an account for {email}")
    user = model(email=email)
    check_password(password, user)
    get_adapter().populate_username(None, user)  # internal only; never shown
    user.set_password(password)
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=confirmed)
        roles.set_role(user, role)
    return user


def welcome(user: User) -> None:
    """What happens to every account made by sign-up: a reader who agreed to the terms."""
    roles.set_role(user, roles.READER)
    record_consent(user)


def change_role(email: str, role: str) -> User:
    user = find_account(email)
    try:
        roles.set_role(user, role)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    return user


def is_confirmed(user: User) -> bool:
    """Has the person shown the email address is theirs (needed to sign in and report)?"""
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def accounts() -> list[AccountRow]:
    """Every account, oldest first."""
    users = (get_user_model().objects.order_by("date_joined", "pk")
             .prefetch_related("groups", "emailaddress_set"))
    return [AccountRow(u.email, roles.role_of(u) if u.is_active else "inactive",
                       any(e.verified for e in u.emailaddress_set.all()),  # type: ignore[attr-defined]
                       u.date_joined, u.last_login)
            for u in users]


def may_delete_self(user: User) -> bool:
    """Readers delete their own accounts; editors' and admins' names are on corrections,
    so an admin handles theirs."""
    return roles.role_of(user) == roles.READER and not user.is_staff


def delete_account(user: User) -> None:
    """Delete the account and everything personal with it.

    Consents, API keys and email addresses go with the user; other apps' rows that point
    to it (e.g. readers' reports) are kept unsigned (their foreign keys are SET_NULL).
    """
    if not may_delete_self(user):
        raise AccountError("editors' and admins' accounts are deleted by an admin")
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError as exc:
        raise AccountError("this account is still referred to by records that must "
                           "keep it; ask an admin") from exc
