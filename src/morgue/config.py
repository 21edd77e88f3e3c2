"""Every setting morgue reads, declared once.

Each setting is an environment variable with a safe default. The Django settings module,
the README and ``morgue settings`` are all derived from this list, and a test checks
that every entry is documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("MORGUE_HOME", "./archive",
            "Folder holding the SQLite database and the capture store (`--home` overrides)."),
    Setting("MORGUE_DATABASE_URL", "",
            "Database URL; empty means SQLite in MORGUE_HOME. "
            "Example: postgresql://postgres@127.0.0.1:5432/morgue", secret=True),
    Setting("MORGUE_STORE", "",
            "Folder of the capture store, or a URL every cluster worker can reach "
            "(s3://bucket/captures: credentials from AWS_* variables, another endpoint "
            "from FSSPEC_S3_ENDPOINT_URL); empty means MORGUE_HOME/captures."),
    Setting("MORGUE_SECRET_KEY", "",
            "Django secret key; empty means the one `morgue init` writes to MORGUE_HOME/secret.key.",
            secret=True),
    Setting("MORGUE_DEBUG", "0", "Set to 1 for Django debug pages (never in production)."),
    Setting("MORGUE_ALLOWED_HOSTS", "localhost,127.0.0.1",
            "Comma-separated host names the web site answers to."),
    Setting("MORGUE_PAPER_NAME", "The Evening Ledger",
            "The paper's name, shown in the site's masthead, titles and feeds."),
    Setting("MORGUE_FOUNDED", "",
            "The year the paper was founded (e.g. 1887): the transfer checks flag publication "
            "dates before it (`--founded` on `morgue check` and `morgue ingest` overrides); "
            "empty means unknown."),
    Setting("MORGUE_ARCHIVE_NOTICE",
            "This article is from the archive of {paper} before the launch of its new "
            "website. {paper} has neither altered nor updated such articles but will seek "
            "to correct any errors, mis-categorizations or other problems introduced during "
            "transfer.",
            "The archive notice shown on every page, in the paper's own words; "
            "{paper} stands for MORGUE_PAPER_NAME."),
    Setting("MORGUE_SITE_URL", "",
            "The site's public address (e.g. https://archive.example.com) for canonical "
            "links, sitemaps and feeds; empty means the address `morgue serve` listens on."),
    Setting("MORGUE_EMAIL_URL", "",
            "Where the site's email goes: smtp://user:pass@host:587?tls=1 (or ?ssl=1), "
            "console: (standard output) or file:///folder; empty means files in "
            "MORGUE_HOME/mail.", secret=True),
    Setting("MORGUE_EMAIL_FROM", "archive@localhost",
            "The sender address of the site's email (sign-up confirmations, password resets)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a declared setting: the environment, else its default."""
    return os.environ.get(name) or _BY_NAME[name].default


def home() -> Path:
    return Path(get("MORGUE_HOME")).expanduser().resolve()


def shown() -> list[tuple[str, str, str]]:
    """(name, value, help) for display, with secrets redacted."""
    rows = []
    for s in SETTINGS:
        value = get(s.name)
        if s.secret and value:
            value = _redact(value)
        rows.append((s.name, value, s.help))
    return rows


def _redact(value: str) -> str:
    # Keep a database URL readable but hide its password.
    if "://" in value and "@" in value:
        scheme, rest = value.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else value
    return "***"
