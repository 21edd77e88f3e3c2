"""What search engines and link previews read: absolute URLs, Open Graph, JSON-LD.

Absolute URLs use ``MORGUE_SITE_URL`` when it is set, else the domain of site 1 in
``django.contrib.sites`` (kept in step by ``morgue serve``), so canonical links,
sitemaps and feeds always name the same host.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.sites.models import Site
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from morgue.archive.stories import Story

#: Characters of the story used as a description when it has no dek.
DESCRIPTION_CHARS = 200


def base_url(request: HttpRequest | None = None) -> str:
    """``https://host`` of the public site, without a trailing slash."""
    if settings.MORGUE_SITE_URL:
        return settings.MORGUE_SITE_URL
    scheme = request.scheme if request is not None else "http"
    return f"{scheme}://{Site.objects.get_current().domain}"


def absolute(path: str, request: HttpRequest | None = None) -> str:
    return base_url(request) + path


def description(text: Story) -> str:
    if text.dek:
        return text.dek
    first = text.paragraphs[0] if text.paragraphs else ""
    if len(first) > DESCRIPTION_CHARS:
        first = first[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
    return first


def news_article(text: Story, url: str, author_url) -> dict[str, Any]:
    """schema.org NewsArticle for one article, corrections included."""
    paper = settings.MORGUE_PAPER_NAME
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.headline[:110] or "Untitled",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "name": paper},
        "wordCount": text.word_count,
    }
    if text.dek:
        data["description"] = text.dek
    if text.published:
        data["datePublished"] = text.published_iso
    modified = text.modified.date().isoformat() if text.modified else text.published_iso
    if modified:
        data["dateModified"] = modified
    if text.bylines:
        data["author"] = [{"@type": "Person", "name": name, "url": author_url(name)}
                          for name in text.bylines]
    if text.section:
        data["articleSection"] = text.section
    if text.tags:
        data["keywords"] = ", ".join(text.tags)
    if text.language:
        data["inLanguage"] = text.language
    if text.dateline:
        data["locationCreated"] = {"@type": "Place", "name": text.dateline}
    if text.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.reason,
             "datePublished": c.created.date().isoformat(),
             "url": f"{url}#correction-{c.id}"}
            for c in text.corrections]
    return data


def ld_json(data: dict[str, Any]) -> SafeString:
    """A JSON-LD script element; <, > and & escaped so the text cannot end the element."""
    text = (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def open_graph(text: Story, url: str) -> list[tuple[str, str]]:
    """(property, content) pairs for an article's Open Graph tags."""
    tags = [("og:type", "article"), ("og:site_name", settings.MORGUE_PAPER_NAME),
            ("og:title", text.headline or "Untitled"), ("og:url", url),
            ("og:description", description(text))]
    if text.language:
        tags.append(("og:locale", text.language.replace("-", "_")))
    if text.published:
        tags.append(("article:published_time", text.published.isoformat()))
    if text.modified:
        tags.append(("article:modified_time", text.modified.isoformat()))
    if text.section:
        tags.append(("article:section", text.section))
    for name in text.bylines:
        tags.append(("article:author", name))
    for tag in text.tags:
        tags.append(("article:tag", tag))
    return tags


def meta_tags(pairs: list[tuple[str, str]]) -> SafeString:
    return mark_safe("\n".join(
        f'<meta property="{escape(k)}" content="{escape(v)}">' for k, v in pairs))
