"""The sign-up form (allauth's, plus agreeing to the terms) and the account deletion form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .lifecycle import welcome

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SignupForm(AllauthSignupForm):
    """Email, password twice, and agreement to the terms of use and privacy policy."""

    agree = forms.BooleanField(
        required=True,
        error_messages={"required": "To create an account, please agree to the terms of "
                                    "use and the privacy policy."})

    field_order = ["email", "password1", "password2", "agree"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agree"].label = format_html(
            'I agree to the <a href="{}">terms of use</a> and the '
            '<a href="{}">privacy policy</a>.', reverse("terms"), reverse("privacy"))

    def custom_signup(self, request: HttpRequest, user: User) -> None:
        welcome(user)  # a reader; records which terms and policy were agreed to, and when


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.")

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
