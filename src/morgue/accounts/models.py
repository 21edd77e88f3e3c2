"""What accounts add to Django's users: consents to the site's terms and editors' API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Consent(models.Model):
    """One agreement to one of the site's documents (terms of use, privacy policy).

    ``version`` identifies the exact wording agreed to: a short SHA-256 of the flat
    page's title and content at that moment (:func:`morgue.accounts.consent.version_of`).
    """

    TERMS = "terms"
    PRIVACY = "privacy"
    DOCUMENTS = [(TERMS, "Terms of use"), (PRIVACY, "Privacy policy")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="consents")
    document = models.CharField(max_length=20, choices=DOCUMENTS)
    url = models.CharField(max_length=100, help_text="The flat page agreed to.")
    title = models.CharField(max_length=200, help_text="Its title at that moment.")
    version = models.CharField(max_length=16, help_text="Short SHA-256 of its title and content.")
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_at", "document"]
        indexes = [models.Index(fields=["user", "document"])]

    def __str__(self) -> str:
        return f"{self.user} agreed to {self.document} {self.version} on {self.given_at:%Y-%m-%d}"


class ApiToken(models.Model):
    """A key an editor's program sends to the editors' API; only its hash is stored.

    Issued by :func:`morgue.accounts.tokens.issue_token` (``morgue user token``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True,
                            help_text="What the key is for, to tell keys apart.")
    prefix = models.CharField(max_length=12, help_text="The key's first characters, "
                                                       "to recognise it; not secret.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'}) for {self.user}"
