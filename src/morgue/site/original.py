"""The original page, shown safely: what the capture store holds, made inert.

A capture is shown inside a sandboxed frame whose response forbids every script and
every request (see :data:`FRAME_POLICY`). The HTML is also cleaned (nh3) so it would be
inert even without that policy: no scripts, frames, forms, objects or event handlers, no
``href``/``src`` at all, so nothing can fetch from or navigate to the old site. The old
page's own ``<style>`` rules are kept, with every ``url()`` and ``@import`` taken out,
so it still looks like itself. Text dumps and export records are shown as they are,
in ``<pre>``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import nh3
from lxml import html as lxml_html

from morgue.archive.models import Capture
from morgue.pipeline.decode import decode
from morgue.pipeline.extract.kinds import page_kind
from morgue.pipeline.records import RawPage

#: The policy of the frame's response: a sandbox with no permissions at all, nothing
#: fetched but inline styles and data: images, and only the site itself may frame it.
FRAME_POLICY = ("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")

_TAGS = nh3.ALLOWED_TAGS | {"font", "center", "big", "tt", "main", "section", "header",
                            "footer", "nav", "article", "aside", "address"}
_GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "align", "valign", "width",
                      "height", "bgcolor", "color", "face", "size", "border", "cellpadding",
                      "cellspacing", "colspan", "rowspan", "style", "nowrap"}
_ATTRIBUTES = {"*": _GLOBAL_ATTRIBUTES, "img": {"alt"}, "a": {"name"}}
#: Inline style properties kept: typography and layout, none that can hold a url().
_STYLE_PROPERTIES = {
    "color", "background-color", "font", "font-family", "font-size", "font-weight",
    "font-style", "font-variant", "text-align", "text-decoration", "text-transform",
    "text-indent", "letter-spacing", "line-height", "white-space", "vertical-align",
    "margin", "margin-top", "margin-right", "margin-bottom", "margin-left", "padding",
    "padding-top", "padding-right", "padding-bottom", "padding-left", "border",
    "border-top", "border-right", "border-bottom", "border-left", "border-color",
    "border-style", "border-width", "border-collapse", "width", "height", "max-width",
    "min-width", "float", "clear", "display", "list-style-type",
}
_DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "frame",
                         "frameset", "object", "embed", "applet", "title", "head", "svg",
                         "math", "textarea", "select", "button"}

# In legacy CSS: anything that could fetch, bind behaviour or close the style element.
_CSS_URL = re.compile(r"url\s*\([^)]*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_CSS_ACTIVE = re.compile(r"(expression\s*\(|behavior\s*:|-moz-binding\s*:|javascript:)",
                         re.IGNORECASE)
#: Legacy CSS kept per page, in characters (a page that inlines a whole framework).
MAX_CSS = 100_000

_FRAME_STYLE = """
html { background: #fff; color: #111; }
body { margin: 0; padding: 12px; font: 16px/1.45 Georgia, "Times New Roman", serif; }
a { color: #1f3f8f; text-decoration: underline dotted; cursor: default; }
img { display: inline-block; min-width: 1.5em; min-height: 1em; outline: 1px dashed #aaa;
      font-size: 0.8em; color: #555; }
pre { white-space: pre-wrap; word-wrap: break-word; font: 14px/1.5 "DejaVu Sans Mono",
      Menlo, Consolas, monospace; margin: 0; }
"""


@dataclass(slots=True)
class Original:
    """A capture made safe to show: the document for the frame, and how it was read."""

    document: str
    kind: str  # html, text, export, other
    charset: str = ""
    problems: list[str] = field(default_factory=list)


def raw_page(capture: Capture, content: bytes) -> RawPage:
    return RawPage(content=content, source=capture.source, locator=capture.locator,
                   format=capture.format, legacy_url=capture.legacy_url or None,
                   content_type=capture.content_type or None,
                   declared_charset=capture.declared_charset or None,
                   fields=capture.fields or {})


def render_original(capture: Capture, content: bytes) -> Original:
    """The frame document for a capture's bytes."""
    page = raw_page(capture, content)
    kind = page_kind(page)
    if kind == "other":
        return Original(_document(f"<p>This capture is {len(content):,} bytes of "
                                  f"{html.escape(capture.content_type or 'binary data')}, "
                                  "which cannot be shown as a page.</p>"), kind)
    decoded = decode(content, capture.declared_charset or None, html=kind == "html")
    if kind == "html":
        css, lang = _legacy_css_and_lang(decoded.text)
        body = clean_html(decoded.text)
        return Original(_document(body, css, lang), kind, decoded.charset, decoded.problems)
    text = decoded.text
    if kind == "export":
        text = _pretty_record(text)
    return Original(_document(f"<pre>{html.escape(text, quote=False)}</pre>"), kind,
                    decoded.charset, decoded.problems)


def clean_html(text: str) -> str:
    """Legacy HTML without anything active or anything that points elsewhere."""
    return nh3.clean(
        text, tags=_TAGS, clean_content_tags=_DROPPED_WITH_CONTENT, attributes=_ATTRIBUTES,
        url_schemes=set(), link_rel=None, strip_comments=True,
        filter_style_properties=_STYLE_PROPERTIES,
        attribute_filter=_no_urls_in_attributes)


def _no_urls_in_attributes(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style" and ("url" in value.lower() or "expression" in value.lower()):
        return None
    return value


def clean_css(css: str) -> str:
    css = _CSS_IMPORT.sub("", css)
    css = _CSS_URL.sub("none", css)
    css = _CSS_ACTIVE.sub("/* removed */", css)
    return css.replace("<", "")[:MAX_CSS]


def _legacy_css_and_lang(text: str) -> tuple[str, str]:
    try:
        root = lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return "", ""
    css = "\n".join(style.text_content() for style in root.iter("style"))
    lang = root.get("lang") or ""
    return clean_css(css), lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang) else ""


def _pretty_record(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def _document(body: str, css: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{html.escape(lang)}"' if lang else ""
    legacy = f"<style>{css}</style>" if css else ""
    return (f"<!DOCTYPE html><html{lang_attr}><head><meta charset=\"utf-8\">"
            f"<meta name=\"robots\" content=\"noindex\"><title>Original capture</title>"
            f"<style>{_FRAME_STYLE}</style>{legacy}</head><body>{body}</body></html>")
