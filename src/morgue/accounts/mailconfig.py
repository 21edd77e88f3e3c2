"""Django's email settings from one URL (``MORGUE_EMAIL_URL``), like the database's.

No Django imports: :mod:`morgue.settings` calls this before Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
FILE = "django.core.mail.backends.filebased.EmailBackend"
MEMORY = "django.core.mail.backends.locmem.EmailBackend"

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str | None = None


def email_config(url: str, home: Path) -> EmailConfig:
    """Parse ``MORGUE_EMAIL_URL``; empty means one file per message in ``home/mail``.

    >>> email_config("smtp://bob:s%40cret@mail.example.com:587?tls=1", Path("/x")).password
    's@cret'
    """
    if not url:
        return EmailConfig(FILE, file_path=str(home / "mail"))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return EmailConfig(CONSOLE)
    if scheme == "memory":  # tests
        return EmailConfig(MEMORY)
    if scheme == "file":
        return EmailConfig(FILE, file_path=unquote(parts.path) or str(home / "mail"))
    if scheme not in ("smtp", "smtps"):
        raise ValueError(f"MORGUE_EMAIL_URL: unknown scheme {scheme!r} "
                         "(use smtp://, smtps://, console: or file://)")
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    use_ssl = scheme == "smtps" or query.get("ssl") in _TRUE
    use_tls = not use_ssl and query.get("tls") in _TRUE
    return EmailConfig(
        SMTP,
        host=parts.hostname or "localhost",
        port=parts.port or (465 if use_ssl else 587 if use_tls else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
