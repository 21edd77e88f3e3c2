"""``markup``: HTML left in the text — entities, tags, shortcodes, script or style code.

- **Entities** (``&#8217;``, ``&nbsp;``, double-escaped ``&amp;#8217;``): only names
  HTML really defines count, so "AT&T" or "R&D;" stay. The fix is ``html.unescape``
  applied to the entity alone, repeated while it still changes (double escaping), and is
  safe: the entity can only ever have meant that character.
- **Tags** (``<p>``, ``</a>``, ``<br />``): only real HTML element names, and only in a
  form a wire ticker or bracketed name ("<RD>", "<I P Sharp Associates Ltd>") never
  takes (lower case, a closing tag, ``name="value"`` attributes, a self-closing slash). Removing a tag is proposed, not applied:
  a tag may have carried meaning (a link, a line break) an editor should see.
- **Shortcodes** (``[caption id="…"]…[/caption]``): a bracketed name with attributes
  or a closing partner; "[sic]" and "[he said]" have neither.
- **Template and CDATA tokens** a CMS should have filled in or stripped:
  ``{{ article.title }}``, ``{% include … %}``, ``%%AD_SLOT%%``, ``[[INLINE_IMAGE_1]]``,
  ``<![CDATA[`` … ``]]>``. Each form is one no prose takes (double braces around a name,
  capitals between doubled signs). Removing one is proposed, not applied.
- **Script/style text**: a paragraph dense with code tokens (``function(``, ``var x =``,
  ``};``, CSS rules). Removing a paragraph that is all code is safe.

Text *about* markup is left alone: a tag or token quoted (“the <p> tag”, "`{{ name }}`"),
or named as one ("a <table> element"), is what a story on web publishing prints.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.entities import html5

from ..records import CheckItem, Finding, Fix
from .base import CheckOptions
from .spans import removal_fix, shorten
from .textfields import Segment, segments

__all__ = ["check_markup", "has_markup", "is_code"]

#: A paragraph is script/style text when it has at least this many code tokens ...
CODE_MIN_TOKENS = 3
#: ... and code punctuation ({ } ; = ( )) is at least this share of its characters.
#: Prose has about 0.5% (a parenthesis or two); the JavaScript and CSS leaks in the
#: benchmark and on data/zyte pages have 6-15%.
CODE_MIN_PUNCT_SHARE = 0.04

#: HTML element names worth recognising in text (the ones CMS bodies carry).
TAG_NAMES = frozenset(
    "a abbr b big blockquote br center cite code dd del div dl dt em embed font h1 h2 h3 h4 h5 h6 "
    "hr i iframe img ins li object ol p pre q s small span strike strong sub sup table tbody td "
    "th thead tr tt u ul script style noscript figure figcaption section article header footer "
    "nav aside form input button label select option textarea video audio source".split()
)

#: Tags that count even alone, unpaired and without attributes: no ticker is spelled so.
BARE_TAGS = frozenset({"p", "br", "hr", "li", "div", "tr", "td"})

_ENTITY = re.compile(r"&(?:amp;)*(?:#[0-9]{2,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)((?:\s+[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))*)\s*(/?)>")
_SHORTCODE = re.compile(r"\[(/?)([a-z][a-z0-9_-]*)((?:\s+[a-z_-]+=(?:\"[^\"]*\"|'[^']*'|[^\s\]]+))*)\s*/?\]")
_CODE_TOKENS = re.compile(
    r"\bfunction\s*\(|\bvar\s+\w+\s*=|\b(?:let|const)\s+\w+\s*=|\bdocument\.\w+|\bwindow\.\w+|"
    r"\.push\(|\}\s*\)|\}\s*;|=>|\breturn\b[^.]*;|<!--|-->|<!\[CDATA\[|"
    r"[.#]?[A-Za-z][\w-]*\s*\{|[{;]\s*[a-z-]+\s*:\s*[^;{}]+;|@media\b|!important\b|\bnew\s+Date\(|\bif\s*\(.*\)\s*\{"
)
_CODE_PUNCT = re.compile(r"[{};=()]")
_TEMPLATE = re.compile(
    r"\{\{\s*[\w.|:'\"()\[\] -]{1,80}?\s*\}\}|\{%\s*[a-z]\w*\b[^%{}]{0,120}%\}|%%[A-Z][A-Z0-9_]{1,40}%%"
    r"|\[\[[A-Z][A-Z0-9_:]{1,40}\]\]|<!\[CDATA\[|\]\]>")
#: A tag or token between these, or followed by a word naming it, is text about markup.
_QUOTES_OPEN = "\"'`“‘«„"
_QUOTES_CLOSE = "\"'`”’»“"
_NAMED_AFTER = re.compile(r"\s*(?:tags?|elements?|tokens?|placeholders?|sections?|blocks?)\b", re.I)


def check_markup(item: CheckItem, options: CheckOptions) -> Iterator[Finding]:
    article = item.article
    for segment in segments(article):
        text = segment.text
        if segment.paragraph is not None and is_code(text):
            yield Finding(
                key=item.key, check="markup", severity="warning", field="body",
                span=(segment.offset, segment.offset + len(text)), evidence=shorten(text),
                message=f"paragraph {segment.paragraph + 1} is script or style code, not story text",
                fix=removal_fix(article.paragraphs, segment.paragraph, safe=True))
            continue
        if "&" in text:
            yield from _entities(item, segment)
        if "<" in text:
            yield from _tags(item, segment)
        if "[" in text:
            yield from _shortcodes(item, segment)
        if "{" in text or "%%" in text or "[[" in text or "]]>" in text:
            yield from _templates(item, segment)


def _entities(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    for match in _ENTITY.finditer(segment.text):
        raw = match[0]
        if not _real_entity(raw):
            continue
        after = raw
        while (unescaped := html.unescape(after)) != after:
            after = unescaped
        span = (segment.offset + match.start(), segment.offset + match.end())
        double = raw.startswith("&amp;") and raw != "&amp;"
        kind = "double-escaped entity" if double else "HTML entity"
        yield Finding(
            key=item.key, check="markup", severity="warning", field=segment.field, span=span,
            evidence=_context(segment.text, match.start(), match.end()),
            message=f"{kind} {raw} left in the text; it stands for “{after}”",
            fix=Fix(field=segment.field, before=raw, after=after, span=span, safe=True))


def _real_entity(raw: str) -> bool:
    core = raw
    while core.startswith("&amp;") and core != "&amp;":
        core = "&" + core[5:]
    if core.startswith("&#"):
        return True
    return core[1:] in html5


def _tags(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    text = segment.text
    lower = text.lower()
    for match in _TAG.finditer(text):
        name = match[1].lower()
        if name not in TAG_NAMES:
            continue
        closing = match[0].startswith("</")
        paired = f"</{name}" in lower and f"<{name}" in lower
        bare = match[1] in BARE_TAGS
        if not (closing or match[2] or match[3] or paired or bare):
            continue  # a lone "<em>" or "<I>" is a wire ticker more often than a tag
        if _about_markup(text, match.start(), match.end()):
            continue
        span = (segment.offset + match.start(), segment.offset + match.end())
        after = " " if _joins_words(text, match.start(), match.end()) else ""
        yield Finding(
            key=item.key, check="markup", severity="warning", field=segment.field, span=span,
            evidence=_context(text, match.start(), match.end()),
            message=f"HTML tag {shorten(match[0], 60)} left in the text",
            fix=Fix(field=segment.field, before=match[0], after=after, span=span, safe=False))


def _shortcodes(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    text = segment.text
    for match in _SHORTCODE.finditer(text):
        closing, name, attrs = match[1], match[2], match[3]
        if not (attrs or closing or f"[/{name}]" in text):
            continue
        span = (segment.offset + match.start(), segment.offset + match.end())
        yield Finding(
            key=item.key, check="markup", severity="warning", field=segment.field, span=span,
            evidence=_context(text, match.start(), match.end()),
            message=f"CMS shortcode {shorten(match[0], 60)} left in the text",
            fix=Fix(field=segment.field, before=match[0], after="", span=span, safe=False))


def _templates(item: CheckItem, segment: Segment) -> Iterator[Finding]:
    text = segment.text
    for match in _TEMPLATE.finditer(text):
        if _about_markup(text, match.start(), match.end()):
            continue
        span = (segment.offset + match.start(), segment.offset + match.end())
        what = "CDATA marker" if "CDATA" in match[0] or match[0] == "]]>" else "template token"
        yield Finding(
            key=item.key, check="markup", severity="warning", field=segment.field, span=span,
            evidence=_context(text, match.start(), match.end()),
            message=f"{what} {shorten(match[0], 60)} left in the text",
            fix=Fix(field=segment.field, before=match[0], after="", span=span, safe=False))


def _about_markup(text: str, start: int, end: int) -> bool:
    """The tag or token is quoted, or named as one ("the <p> tag"): text about markup."""
    before, after = text[start - 1: start], text[end: end + 1]
    if before and after and before in _QUOTES_OPEN and after in _QUOTES_CLOSE:
        return True
    return bool(_NAMED_AFTER.match(text, end))


def has_markup(text: str) -> bool:
    """Code, a tag or a shortcode anywhere in ``text`` (entities aside)."""
    return is_code(text) or bool(_SHORTCODE.search(text)) or any(
        m[1].lower() in TAG_NAMES and (m[0].startswith("</") or m[2] or m[3]) for m in _TAG.finditer(text))


def is_code(text: str) -> bool:
    """The paragraph is script or style code (JavaScript, CSS), not prose."""
    if "{" not in text and ";" not in text and "<!--" not in text:
        return False  # the fast path: code has braces or semicolons, prose rarely does
    if len(_CODE_TOKENS.findall(text)) < CODE_MIN_TOKENS:
        return False
    return len(_CODE_PUNCT.findall(text)) >= CODE_MIN_PUNCT_SHARE * len(text)


def _joins_words(text: str, start: int, end: int) -> bool:
    return 0 < start and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return text[max(0, start - width): end + width]
