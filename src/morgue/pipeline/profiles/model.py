"""A site profile: per page template, where each field lives and which blocks are chrome.

Kept as a small YAML file an archivist can read, edit and keep in version control::

    profile: www.eveningledger.com
    learned_from: /srv/legacy/mirror
    learned_on: '2026-11-29'
    pages_sampled: 200
    templates:
    - name: www.eveningledger.com-1
      pages: 104
      looks_like:                  # a page of this template has these
      - td[width=460][valign=top] > font[size=5][face="Times New Roman"]
      fields:
        headline:
          selector: td[width=460][valign=top] > font[size=5][face="Times New Roman"] > b
          agreed: 104/104
          examples: [State backs plan to dredge Port Alden harbor]
        published:
          from: url                # or meta:article:published_time, json-ld:datePublished
          agreed: 104/104          # gave what the page's own reading gave on 104 pages
      body:
        selector: td[width=460][valign=top]
        agreed: 103/104
      chrome:                      # inside the body, never story text
      - selector: p[align=center] > font[size=2][face=Arial]
        why: pagination or tools, outside the story on 104/104 pages
      - text: e-mail this story | printer-friendly version
        why: same text on 104/104 pages

A field has either a ``selector`` (the text of the first element it finds) or ``from``
(a ``meta:NAME``, ``json-ld:NAME`` or ``url``). ``agreed`` says on how many sampled pages
the rule gave what the page's own reading gave; ``filled``, on how many more it found a
value the page's own reading could not (a byline with no "By", a date printed "3/3/87",
learned from the pages whose metadata says the same); ``order`` reads a numeric date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["FieldRule", "ChromeRule", "Template", "Profile", "load_profile", "save_profile",
           "load_profiles", "profile_to_dict", "profile_from_dict", "FIELDS", "BadProfile"]

#: The fields a template says where to find, in the order they are shown.
FIELDS = ("headline", "dek", "bylines", "published", "section")


class BadProfile(ValueError):
    """A profile file that cannot be read (hand edits gone wrong)."""


@dataclass(slots=True)
class FieldRule:
    selector: str | None = None
    #: "meta:NAME", "json-ld:NAME" or "url", when the value is not printed text
    source: str | None = None
    agreed: int = 0
    of: int = 0
    #: pages where only this rule found a value (the page's own reading found none)
    filled: int = 0
    #: for a date printed in numbers ("3/3/87"): "month first" or "day first"
    order: str | None = None
    examples: list[str] = field(default_factory=list)

    @property
    def how(self) -> str:
        return self.selector if self.selector else (self.source or "")


@dataclass(slots=True)
class ChromeRule:
    selector: str | None = None
    #: normalized text (case-folded, digits as "#") of a block that is chrome wherever it is
    text: str | None = None
    why: str = ""


@dataclass(slots=True)
class Template:
    name: str
    pages: int = 0
    #: selectors a page of this template has; most of them must match
    looks_like: list[str] = field(default_factory=list)
    fields: dict[str, FieldRule] = field(default_factory=dict)
    body: FieldRule | None = None
    chrome: list[ChromeRule] = field(default_factory=list)
    example_urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Profile:
    name: str
    learned_from: str = ""
    learned_on: str = ""
    pages_sampled: int = 0
    templates: list[Template] = field(default_factory=list)
    #: where it was read from (not written to the file)
    path: str | None = None
    #: sampled pages that could not be read to learn from (not written to the file)
    pages_unreadable: int = 0
    #: why, one line per page (not written to the file)
    unreadable: list[str] = field(default_factory=list)


def _rule_to_dict(rule: FieldRule) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if rule.selector:
        out["selector"] = rule.selector
    if rule.source:
        out["from"] = rule.source
    if rule.order:
        out["order"] = rule.order
    if rule.of:
        out["agreed"] = f"{rule.agreed}/{rule.of}"
    if rule.filled:
        out["filled"] = rule.filled
    if rule.examples:
        out["examples"] = list(rule.examples)
    return out


def _rule_from_dict(data: Any, where: str) -> FieldRule:
    if not isinstance(data, dict):
        raise BadProfile(f"{where}: expected a mapping with 'selector' or 'from'")
    rule = FieldRule(selector=data.get("selector"), source=data.get("from"), order=data.get("order"))
    if not (rule.selector or rule.source):
        raise BadProfile(f"{where}: needs a 'selector' or a 'from'")
    if rule.order not in (None, "month first", "day first"):
        raise BadProfile(f"{where}: 'order' is 'month first' or 'day first', not {rule.order!r}")
    try:
        rule.filled = int(data.get("filled", 0) or 0)
    except (TypeError, ValueError) as exc:
        raise BadProfile(f"{where}: 'filled' must be a number") from exc
    agreed = str(data.get("agreed", "") or "")
    if "/" in agreed:
        a, _, b = agreed.partition("/")
        try:
            rule.agreed, rule.of = int(a), int(b)
        except ValueError as exc:
            raise BadProfile(f"{where}: 'agreed' must read like 9/10, not {agreed!r}") from exc
    rule.examples = [str(e) for e in data.get("examples", []) or []]
    return rule


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    templates = []
    for t in profile.templates:
        item: dict[str, Any] = {"name": t.name, "pages": t.pages, "looks_like": list(t.looks_like)}
        item["fields"] = {name: _rule_to_dict(t.fields[name]) for name in FIELDS if name in t.fields}
        if t.body is not None:
            item["body"] = _rule_to_dict(t.body)
        chrome = []
        for c in t.chrome:
            entry: dict[str, Any] = {}
            if c.selector:
                entry["selector"] = c.selector
            if c.text:
                entry["text"] = c.text
            if c.why:
                entry["why"] = c.why
            chrome.append(entry)
        item["chrome"] = chrome
        if t.example_urls:
            item["example_urls"] = list(t.example_urls)
        templates.append(item)
    return {
        "profile": profile.name,
        "learned_from": profile.learned_from,
        "learned_on": profile.learned_on,
        "pages_sampled": profile.pages_sampled,
        "templates": templates,
    }


def profile_from_dict(data: Any, where: str = "profile") -> Profile:
    if not isinstance(data, dict) or "profile" not in data:
        raise BadProfile(f"{where}: not a morgue site profile (no 'profile:' name)")
    profile = Profile(name=str(data["profile"]), learned_from=str(data.get("learned_from", "") or ""),
                      learned_on=str(data.get("learned_on", "") or ""),
                      pages_sampled=int(data.get("pages_sampled", 0) or 0))
    for i, item in enumerate(data.get("templates", []) or []):
        at = f"{where}: template {i + 1}"
        if not isinstance(item, dict):
            raise BadProfile(f"{at}: expected a mapping")
        t = Template(name=str(item.get("name") or f"{profile.name}-{i + 1}"), pages=int(item.get("pages", 0) or 0))
        t.looks_like = [str(s) for s in item.get("looks_like", []) or []]
        fields = item.get("fields", {}) or {}
        if not isinstance(fields, dict):
            raise BadProfile(f"{at}: 'fields' must be a mapping")
        for name, rule in fields.items():
            if name not in FIELDS:
                raise BadProfile(f"{at}: unknown field {name!r} (one of {', '.join(FIELDS)})")
            t.fields[name] = _rule_from_dict(rule, f"{at} field {name}")
        if item.get("body") is not None:
            t.body = _rule_from_dict(item["body"], f"{at} body")
        for c in item.get("chrome", []) or []:
            if not isinstance(c, dict) or not (c.get("selector") or c.get("text")):
                raise BadProfile(f"{at}: each chrome entry needs a 'selector' or a 'text'")
            t.chrome.append(ChromeRule(selector=c.get("selector"), text=c.get("text"), why=str(c.get("why", ""))))
        t.example_urls = [str(u) for u in item.get("example_urls", []) or []]
        profile.templates.append(t)
    _check_selectors(profile, where)
    return profile


def _check_selectors(profile: Profile, where: str) -> None:
    from .selectors import BadSelector, compile_selector

    for t in profile.templates:
        rules = [*t.fields.values(), *([t.body] if t.body else [])]
        selectors = [r.selector for r in rules if r.selector] + t.looks_like
        selectors += [c.selector for c in t.chrome if c.selector]
        for selector in selectors:
            try:
                compile_selector(selector)
            except BadSelector as exc:
                raise BadProfile(f"{where}: template {t.name}: {exc}") from exc


def save_profile(profile: Profile, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ("# morgue site profile: where each field lives on this site's page templates.\n"
              "# Edit freely (selectors are a CSS subset: tag#id.class[attr=value], '>' for a child);\n"
              "# `morgue profile show` explains it, `morgue profile learn` writes a new one.\n")
    text = yaml.safe_dump(profile_to_dict(profile), sort_keys=False, allow_unicode=True, width=100)
    partial = path.with_name(path.name + ".partial")  # a killed run never leaves half a file
    partial.write_text(header + text, encoding="utf-8")
    partial.replace(path)
    profile.path = str(path)
    return path


def load_profile(path: str | Path) -> Profile:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BadProfile(f"{path}: not valid YAML: {exc}") from exc
    profile = profile_from_dict(data, str(path))
    profile.path = str(path)
    return profile


def load_profiles(folder: Path) -> list[Profile]:
    """Every ``*.yaml`` profile in ``folder`` (the archive home's ``profiles/``), by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [load_profile(p) for p in sorted(folder.glob("*.yaml"))]


def today() -> str:
    return dt.date.today().isoformat()
