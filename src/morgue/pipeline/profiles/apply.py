"""Reading a page with a site profile: the template's selectors instead of guessing.

:func:`match_template` finds the template a page was made with (most of its
``looks_like`` selectors are on the page and its body selector finds the story column);
:func:`apply_template` reads each field where the template says, falls back to the
per-page finder for a field whose rule finds nothing on this page, and takes the body
from the story column without the template's chrome. Every field's ``field_sources``
says which way it was found: ``profile NAME/TEMPLATE: selector`` or ``per page: …``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import lxml.html

from ..extract.bylines import byline_from_line, is_role_line, split_bylines
from ..extract.corpus import normalize_line
from ..extract.dates import date_from_url, numeric_date, parse_date, publication_date_in
from ..extract.dom import Line, paragraph_texts
from ..extract.fields import PageFields, find_fields, nav_sections, norm
from ..extract.finish import finish_article
from ..extract.html import HtmlPage, record_outside_text, tidy_edges
from ..extract.lineshape import is_sentence_like, word_count
from ..extract.meta import PageMeta
from ..extract.pages import REASON_PAGINATION, find_pagination, is_pagination_line
from ..records import Article, RawPage, SetAside
from .model import FieldRule, Profile, Template
from .selectors import select, select_first

__all__ = ["match_template", "apply_template", "rule_value", "lines_in", "MATCH_MIN_SHARE"]

#: A page is of a template when its body selector finds the story column and at least
#: this share of the template's ``looks_like`` selectors find something: one of four
#: may be missing (a page without a date has no date markup).
MATCH_MIN_SHARE = 0.7

REASON_CHROME = "template chrome ({why})"
REASON_FIELD = "{field} line, kept in its field"
REASON_OUTSIDE = "outside the template's story column"


def match_template(root: lxml.html.HtmlElement, profiles: Sequence[Profile]) -> tuple[Profile, Template] | None:
    """The best-matching template of ``profiles`` for a page, or None."""
    best: tuple[float, int] | None = None
    found: tuple[Profile, Template] | None = None
    for profile in profiles:
        for template in profile.templates:
            if template.body is None or not template.body.selector:
                continue
            marks = template.looks_like
            hits = sum(1 for s in marks if select_first(root, s) is not None)
            share = hits / len(marks) if marks else 1.0
            if share < MATCH_MIN_SHARE:
                continue
            if select_first(root, template.body.selector) is None:
                continue
            rank = (share, template.pages)
            if best is None or rank > best:
                best, found = rank, (profile, template)
    return found


def lines_in(element: lxml.html.HtmlElement, lines: Sequence[Line]) -> list[Line]:
    """The page lines held by ``element`` or its descendants, in page order."""
    inside = set(element.iter())  # the elements themselves: their lxml proxies stay alive
    return [line for line in lines if line.owner in inside]


def rule_value(rule: FieldRule, name: str, parsed: HtmlPage, url: str | None) -> tuple[object, lxml.html.HtmlElement | None]:
    """What a field rule gives on a page: (value or None, element read)."""
    if rule.selector:
        element = select_first(parsed.root, rule.selector)
        if element is None:
            return None, None
        return _read_element(name, element, lines_in(element, parsed.lines), rule.order), element
    return _read_source(name, rule.source or "", parsed.meta, parsed.lines, url), None


def _read_element(name: str, element: lxml.html.HtmlElement, lines: list[Line], order: str | None = None
                  ) -> object:
    texts = [line.text for line in lines]
    if name == "published":
        for attr in ("datetime", "content", "title"):
            value = element.get(attr)
            if value and (date := parse_date(value)[0]) is not None:
                return date
        for text in texts:
            date = publication_date_in(text)
            if date is None and order:
                date = numeric_date(text, order)
            if date is not None:
                return date
        return None
    if name == "bylines":
        for text in texts:
            if (names := byline_from_line(text)) is not None:
                return split_bylines(names) or None
        people = [p for text in texts if not is_role_line(text) for p in split_bylines(text)]
        return people or None
    text = " ".join(texts).strip()
    return text or None


def _read_source(name: str, source: str, meta: PageMeta, lines: Sequence[Line], url: str | None) -> object:
    kind, _, key = source.partition(":")
    raw: object = None
    if kind == "meta":
        values = meta.tags.get(key.lower(), [])
        raw = values[0] if values else None
    elif kind == "json-ld":
        raw = meta.ld_value(key)
    elif source == "url":
        if name == "published":
            return date_from_url(url)
        if name == "section":
            from urllib.parse import urlsplit

            nav = nav_sections(list(lines))
            segments = [s.lower() for s in urlsplit(url or "").path.split("/") if s][:-1]
            for segment in reversed(segments):
                if segment in nav:
                    return nav[segment]
        return None
    if raw is None:
        return None
    if name == "published":
        return parse_date(str(raw))[0]
    if name == "bylines":
        from ..extract.meta import ld_names

        return [p for n in ld_names(raw) for p in split_bylines(n)] or None
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    return str(raw).strip() or None if raw is not None else None


def apply_template(page: RawPage, parsed: HtmlPage, profile: Profile, template: Template) -> Article | None:
    """Extract with a template; None when its body selector finds no story on this page."""
    assert template.body is not None and template.body.selector
    container = select_first(parsed.root, template.body.selector)
    if container is None:
        return None
    label = f"profile {profile.name}/{template.name}"
    article = Article(legacy_url=page.legacy_url, extractor=label)
    sources = article.field_sources
    lines = parsed.lines
    field_elements: list[tuple[str, lxml.html.HtmlElement]] = []
    missing: list[str] = []
    for name in ("headline", "dek", "bylines", "published", "section"):
        rule = template.fields.get(name)
        if rule is None:
            missing.append(name)
            continue
        value, element = rule_value(rule, name, parsed, page.legacy_url)
        if element is not None:
            field_elements.append((name, element))
        if value in (None, "", []):
            missing.append(name)
            continue
        _set(article, name, value)
        sources[name] = f"{label}: {rule.how}"

    body_lines, aside = _body_lines(container, lines, template, field_elements)
    if missing:
        _per_page_fields(article, parsed, page.legacy_url, missing, body_lines)
    article.paragraphs = paragraph_texts(body_lines)
    article.set_aside.extend(aside)
    if not article.paragraphs:
        return None
    sources["paragraphs"] = f"{label}: {template.body.selector}"
    _meta_extras(parsed.meta, parsed.root, article)
    pagination = find_pagination(lines, page.legacy_url, parsed.root)
    if pagination is not None:
        article.page_of = pagination.page
        sources["page_of"] = "pagination line" if pagination.lines else "URL"
    tidy_edges(article, lines)
    record_outside_text(lines, article, REASON_OUTSIDE)
    finish_article(article)
    return article


def _set(article: Article, name: str, value: object) -> None:
    if name == "bylines":
        article.bylines = list(value)  # type: ignore[call-overload]
    elif name == "published":
        assert isinstance(value, dt.date)
        article.published = value
    else:
        setattr(article, name, str(value))


def _body_lines(container: lxml.html.HtmlElement, lines: Sequence[Line], template: Template,
                field_elements: list[tuple[str, lxml.html.HtmlElement]]) -> tuple[list[Line], list[SetAside]]:
    held = lines_in(container, lines)
    skip: dict[int, str] = {}
    for name, element in field_elements:
        for line in lines_in(element, held):
            skip.setdefault(line.index, REASON_FIELD.format(field=name))
    for rule in template.chrome:
        if rule.selector:
            for element in select(container, rule.selector):
                for line in lines_in(element, held):
                    skip.setdefault(line.index, REASON_CHROME.format(why=rule.why or rule.selector))
    texts = {rule.text: rule.why for rule in template.chrome if rule.text}
    kept: list[Line] = []
    aside: dict[tuple[int, str], str] = {}
    for line in held:
        why = skip.get(line.index)
        if why is None and texts and (text := normalize_line(line.text)) in texts:
            why = REASON_CHROME.format(why=texts[text] or "repeats across pages")
        if why is None and is_pagination_line(line.text):
            why = REASON_PAGINATION
        if why is None and is_role_line(line.text) and not is_sentence_like(line.text):
            why = "byline title"
        if why is None:
            kept.append(line)
        else:
            where = (line.para, why)
            aside[where] = (aside.get(where, "") + "\n" + line.text).strip()
    return kept, [SetAside(text, why) for (_, why), text in aside.items()]


def _per_page_fields(article: Article, parsed: HtmlPage, url: str | None, names: list[str],
                     body_lines: list[Line]) -> None:
    """Fields the template has no rule for (or whose rule found nothing here)."""
    start = next((line.index for line in body_lines
                  if word_count(line.text) >= 8 and is_sentence_like(line.text)), None)
    found: PageFields = find_fields(parsed.lines, parsed.meta, url, start)
    for name in names:
        hit = getattr(found, name)
        if hit is None or hit.value in (None, "", []):
            continue
        _set(article, name, hit.value)
        article.field_sources[name] = f"per page: {hit.source}"


def _meta_extras(meta: PageMeta, root: lxml.html.HtmlElement, article: Article) -> None:
    for tag in meta.tags.get("article:tag", []):
        if tag not in article.tags:
            article.tags.append(tag)
            article.field_sources["tags"] = "meta:article:tag"
    names = [n for n in meta.tags.get("og:site_name", []) if not n.startswith(("http", "www."))]
    if names:
        article.publication = names[0]
        article.field_sources["publication"] = "meta:og:site_name"
    lang = (root.get("lang") or "").strip()
    if lang:
        article.language = lang.split("-")[0].lower()
        article.field_sources["language"] = "html lang"


def body_norm(article: Article) -> str:
    return norm(article.body)
