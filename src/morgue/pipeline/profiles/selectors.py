"""Selectors an archivist can read: ``td[width=460] > font[size=5] > b``, ``div.byline``.

A small subset of CSS, compiled to XPath (lxml has XPath built in): steps of a tag with
an optional ``#id``, ``.class`` es and ``[attr=value]`` tests, joined by ``>`` (child) or
a space (descendant). :func:`selector_for` writes the selectors of an element at several
lengths, from its own step up to the nearest ancestor with an id, so learning can keep
the shortest one that still agrees across pages.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
from lxml import etree

__all__ = ["step_of", "selector_for", "select", "select_first", "compile_selector", "BadSelector"]

#: Attributes that tell elements apart in class-less 2000s markup (``<font size=5>``,
#: ``<td width=460>``); only used for a step without an id or a class.
IDENTITY_ATTRIBUTES = ("itemprop", "role", "rel", "size", "face", "width", "align", "valign", "bgcolor", "name")
#: At most this many classes per step: the rest are styling.
MAX_CLASSES = 2
#: A selector is written at most this many steps long.
MAX_STEPS = 8

_STEP = re.compile(
    r"^(?P<tag>[a-zA-Z][\w-]*|\*)(?P<rest>(?:#[\w-]+|\.[\w-]+|\[[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\]]*)\])*)$"
)
_PART = re.compile(r"#([\w-]+)|\.([\w-]+)|\[([\w-]+)=(\"[^\"]*\"|'[^']*'|[^\]]*)\]")
_UNSTABLE_CLASS = re.compile(r"\d{3,}|^(?:active|selected|current|first|last|odd|even|clearfix|js-|is-)")
_UNSTABLE_ID = re.compile(r"\d{3,}")
_SIMPLE_VALUE = re.compile(r"^[\w#.%-]+$")


class BadSelector(ValueError):
    """A selector that is not in the supported subset (a typo in an edited profile)."""


def step_of(element: lxml.html.HtmlElement, with_id: bool = True) -> str:
    """One element as a selector step: ``div#main``, ``p.byline``, ``font[size=5]``."""
    tag = element.tag.lower() if isinstance(element.tag, str) else "*"
    if not re.fullmatch(r"[a-z][\w-]*", tag):
        tag = "*"  # a tag a broken page made up (<font4face="arial">) is no selector step
    ident = (element.get("id") or "").strip()
    if with_id and ident and " " not in ident and not _UNSTABLE_ID.search(ident) and re.fullmatch(r"[\w-]+", ident):
        return f"{tag}#{ident}"
    classes = [c for c in (element.get("class") or "").split() if re.fullmatch(r"[\w-]+", c)
               and not _UNSTABLE_CLASS.search(c)][:MAX_CLASSES]
    if classes:
        return tag + "".join(f".{c}" for c in classes)
    attrs = ""
    for name in IDENTITY_ATTRIBUTES:
        value = element.get(name)
        if value is not None and value.strip():
            value = value.strip()
            attrs += f"[{name}={value}]" if _SIMPLE_VALUE.match(value) else f'[{name}="{value}"]'
    return tag + attrs


def selector_for(element: lxml.html.HtmlElement) -> list[str]:
    """Selectors for ``element``, shortest first: its own step, then with its parents'
    steps, up to an ancestor with an id (or ``body``)."""
    steps: list[str] = []
    current: lxml.html.HtmlElement | None = element
    while current is not None and isinstance(current.tag, str) and len(steps) < MAX_STEPS:
        tag = current.tag.lower()
        if tag in ("html",):
            break
        step = step_of(current)
        steps.insert(0, step)
        if "#" in step or tag == "body":
            break
        current = current.getparent()
    return [" > ".join(steps[i:]) for i in range(len(steps) - 1, -1, -1)]


def _xpath_step(step: str) -> str:
    match = _STEP.match(step)
    if match is None:
        raise BadSelector(f"cannot read selector step {step!r}")
    tests: list[str] = []
    for ident, cls, attr, value in _PART.findall(match["rest"]):
        if ident:
            tests.append(f"@id={_literal(ident)}")
        elif cls:
            tests.append(f"contains(concat(' ', normalize-space(@class), ' '), {_literal(' ' + cls + ' ')})")
        else:
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            tests.append(f"@{attr}={_literal(value)}")
    tag = match["tag"].lower()
    return tag + "".join(f"[{t}]" for t in tests)


def _literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = text.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


def _tokens(selector: str) -> list[str]:
    """Steps and ">" combinators; spaces inside ``[...]`` belong to the step."""
    tokens: list[str] = []
    current = ""
    depth = 0
    quote = ""
    for char in selector.strip():
        if quote:
            current += char
            quote = "" if char == quote else quote
        elif char in "\"'" and depth:
            current += char
            quote = char
        elif char == "[":
            depth += 1
            current += char
        elif char == "]":
            depth -= 1
            current += char
        elif depth == 0 and (char.isspace() or char == ">"):
            if current:
                tokens.append(current)
                current = ""
            if char == ">":
                tokens.append(">")
        else:
            current += char
    if current:
        tokens.append(current)
    return tokens


@lru_cache(maxsize=4096)
def compile_selector(selector: str) -> etree.XPath:
    """The XPath of a selector; raises :class:`BadSelector` for what it cannot read."""
    tokens = _tokens(selector)
    if not tokens or tokens[0] == ">" or tokens[-1] == ">":
        raise BadSelector(f"cannot read selector {selector!r}")
    path = "descendant-or-self::"  # the element a selector is run on may itself match
    expect_step = True
    for token in tokens:
        if token == ">":
            if expect_step:
                raise BadSelector(f"cannot read selector {selector!r}")
            path += "/"
            expect_step = True
            continue
        if not expect_step:
            path += "//"
        path += _xpath_step(token)
        expect_step = False
    try:
        return etree.XPath(path)
    except etree.XPathSyntaxError as exc:
        raise BadSelector(f"cannot read selector {selector!r}: {exc}") from exc


def select(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    return [e for e in compile_selector(selector)(root) if isinstance(e.tag, str)]


def select_first(root: lxml.html.HtmlElement, selector: str) -> lxml.html.HtmlElement | None:
    found = select(root, selector)
    return found[0] if found else None
