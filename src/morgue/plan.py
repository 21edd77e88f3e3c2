"""The migration plan: ``morgue.toml`` in the archive home, written by ``morgue init``.

What was decided for a migration — the paper, its sources, the profiles, which safe
fixes apply by themselves, what may be published — is a file to review and keep in
version control, not a shell history. ``morgue migrate`` carries it out. The settings
part of the file (paper name, founding year, site address, notice, publishing policy,
database…) is read by :mod:`morgue.config` like environment variables, which override it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from morgue import config

__all__ = ["CrawlPlan", "Plan", "PUBLISH_POLICIES", "SAFE_FIX_CHECKS", "load_plan", "plan_text", "write_plan"]

#: The publishing policies: every value MORGUE_PUBLISH / publishing.policy may take.
PUBLISH_POLICIES = ("everything", "unless-blocking", "when-released")

#: The checks whose proposals marked safe a new plan applies by itself.
SAFE_FIX_CHECKS = ("encoding", "markup", "chrome", "repeated-text")

#: A polite crawl: one request a second, two at a time.
DEFAULT_RATE = 1.0
DEFAULT_CONCURRENCY = 2


@dataclass(slots=True)
class CrawlPlan:
    """How the plan's sites are crawled (``[crawl]``)."""

    rate: float = DEFAULT_RATE  # requests per second, per site
    concurrency: int = DEFAULT_CONCURRENCY  # requests in flight at once
    include: list[str] = field(default_factory=list)  # regexes a URL must match (any)
    exclude: list[str] = field(default_factory=list)  # regexes no URL may match
    contact: str = ""  # named in the User-Agent, so the site's admins can reach you
    max_pages: int = 0  # 0: no limit


@dataclass(slots=True)
class Plan:
    home: Path
    paths: list[Path] = field(default_factory=list)  # mirrors, dumps, exports
    warcs: list[Path] = field(default_factory=list)
    crawl: list[str] = field(default_factory=list)  # sites to crawl into WARCs
    crawl_options: CrawlPlan = field(default_factory=CrawlPlan)
    profiles: list[Path] = field(default_factory=list)
    base_url: str = ""  # for a mirror whose folders name no host
    workers: int = 1
    #: checks whose safe fixes `morgue migrate` applies by itself
    auto_fix: list[str] = field(default_factory=list)

    @property
    def crawl_dir(self) -> Path:
        return self.home / "crawls"

    def inputs(self) -> list[Path]:
        """Everything to ingest: the paths, the WARCs, and what crawling the sites wrote."""
        from morgue.crawl import warc_name

        return [*self.paths, *self.warcs,
                *(self.crawl_dir / warc_name(site) for site in self.crawl)]


def load_plan(home: Path | None = None) -> Plan:
    """The plan in ``home`` (default: the archive home); raises :class:`config.PlanError`
    when there is none or it holds something that cannot work."""
    home = home or config.home()
    path = home / config.PLAN_FILE
    if not path.exists():
        raise config.PlanError(
            f"no plan at {path}: run `morgue init --paper NAME` to write one")
    data = config.read_plan(path)
    sources, crawl = _table(data, "sources"), _table(data, "crawl")
    ingest, fixes = _table(data, "ingest"), _table(data, "fixes")
    plan = Plan(
        home=home,
        paths=[_path(home, p) for p in _texts(sources, "paths")],
        warcs=[_path(home, p) for p in _texts(sources, "warcs")],
        crawl=_texts(sources, "crawl"),
        crawl_options=CrawlPlan(
            rate=float(_number(crawl, "rate", DEFAULT_RATE)),
            concurrency=int(_number(crawl, "concurrency", DEFAULT_CONCURRENCY)),
            include=_texts(crawl, "include"), exclude=_texts(crawl, "exclude"),
            contact=str(crawl.get("contact", "")), max_pages=int(_number(crawl, "max_pages", 0))),
        profiles=[_path(home, p) for p in _texts(ingest, "profiles")],
        base_url=str(ingest.get("base_url", "")),
        workers=int(_number(ingest, "workers", 1)),
        auto_fix=_texts(fixes, "auto"),
    )
    if plan.crawl_options.rate <= 0 or plan.crawl_options.concurrency < 1 or plan.workers < 1:
        raise config.PlanError(f"{path}: crawl.rate must be above 0, crawl.concurrency and "
                               "ingest.workers at least 1")
    policy = config.get("MORGUE_PUBLISH")
    if policy not in PUBLISH_POLICIES:
        raise config.PlanError(f"publishing.policy must be one of {', '.join(PUBLISH_POLICIES)}, "
                               f"not {policy!r}")
    return plan


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise config.PlanError(f"[{name}] in the plan must be a table")
    return table


def _texts(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise config.PlanError(f"{key} in the plan must be a list of text, e.g. [\"a\", \"b\"]")
    return value


def _number(table: dict[str, Any], key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise config.PlanError(f"{key} in the plan must be a number, not {value!r}")
    return value


def _path(home: Path, text: str) -> Path:
    """Paths in the plan are relative to the archive home."""
    return (home / Path(text).expanduser()).resolve()


# -- writing --------------------------------------------------------------------------------

def _q(value: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's for these characters)."""
    return json.dumps(value, ensure_ascii=False)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def plan_text(paper: str, founded: int | None = None, site_url: str = "",
              paths: list[str] | None = None, warcs: list[str] | None = None,
              crawl: list[str] | None = None, contact: str = "", rate: float = DEFAULT_RATE,
              concurrency: int = DEFAULT_CONCURRENCY, auto_fix: list[str] | None = None,
              policy: str = "unless-blocking") -> str:
    """The plan file, commented for the archivist who reviews it."""
    notice = next(s.default for s in config.SETTINGS if s.name == "MORGUE_ARCHIVE_NOTICE")
    founded_line = f"founded = {founded}" if founded else "# founded = 1887"
    return f"""\
# The migration plan for {paper}: `morgue migrate` carries it out.
# Review it, keep it in version control; environment variables (MORGUE_*) override it.
# Paths are relative to this folder (the archive home).

[paper]
name = {_q(paper)}
{founded_line}              # publication dates before it are flagged
site_url = {_q(site_url)}   # the new site's public address; empty: where `morgue serve` listens
# {{paper}} stands for the paper's name
notice = {_q(notice)}

[sources]
paths = {_list(paths or [])}   # mirrors (wget/HTTrack), text dumps, CSV/JSON Lines/WordPress exports
warcs = {_list(warcs or [])}   # WARC or ARC crawls
crawl = {_list(crawl or [])}   # live legacy sites to crawl first (into crawls/)

[crawl]
rate = {float(rate)}           # requests started per second, per site
concurrency = {concurrency}      # requests in flight at once
include = []         # regular expressions: only URLs matching one are fetched
exclude = []         # regular expressions: URLs matching one are never fetched
contact = {_q(contact)}  # an address for the old site's admins, sent in the User-Agent
max_pages = 0        # 0: no limit

[ingest]
profiles = []        # site profiles (YAML) to read HTML pages with; none: learned as needed
base_url = ""        # the site's address, for a mirror whose folders name no host
workers = 1          # worker processes

[fixes]
# checks whose safe fixes `morgue migrate` applies by itself (see `morgue fix --help`)
auto = {_list(list(SAFE_FIX_CHECKS) if auto_fix is None else auto_fix)}

[publishing]
# everything: findings are for review only (what the old site never published stays held)
# unless-blocking: hold articles with an open blocking finding
# when-released: hold every article until an editor releases it (`morgue release`)
policy = {_q(policy)}

# Other settings (see `morgue settings`): [site] debug, allowed_hosts, secret_key;
# [database] url, store; [email] url, from. Secrets are better kept in the environment.
"""


def write_plan(home: Path, text: str, force: bool = False) -> Path:
    """Write the plan into ``home``; an existing one is kept unless ``force``."""
    path = home / config.PLAN_FILE
    if path.exists() and not force:
        raise FileExistsError(path)
    path.write_text(text, encoding="utf-8")
    return path
