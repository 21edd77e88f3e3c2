"""What a page says about itself outside its text: ``<meta>``, JSON-LD, ``<title>``.

Read once per page into :class:`PageMeta`; the field finders (:mod:`.fields`) weigh it
against what the page prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import lxml.html

from .lineshape import normalize_space

__all__ = ["PageMeta", "read_meta", "DATE_META", "SECTION_META", "PUBLICATION_META", "AUTHOR_META"]

#: ``<meta>`` names/properties/itemprops giving the publication date, best first.
DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "sailthru.date", "parsely-pub-date", "date", "original-publish-date",
    "article.published", "cxenseparse:recs:publishtime",
)
#: ... the section
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section",
                "article.section", "cxenseparse:recs:category")
#: ... tags
TAG_META = ("article:tag",)
#: ... the publication's name
PUBLICATION_META = ("og:site_name", "application-name", "publisher")
#: ... the author(s)
AUTHOR_META = ("author", "article:author", "parsely-author", "dc.creator", "byl", "sailthru.author")
#: ... the headline and the description
TITLE_META = ("og:title", "twitter:title", "headline", "title")
DESCRIPTION_META = ("og:description", "description", "twitter:description")

#: JSON-LD types that describe the article itself.
ARTICLE_TYPES = frozenset(
    "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
    "BlogPosting Report ScholarlyArticle TechArticle LiveBlogPosting SocialMediaPosting "
    "WebPage".split()
)


@dataclass(slots=True)
class PageMeta:
    #: ``<meta>`` content by lower-cased property/name/itemprop, in page order
    tags: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    #: the article objects of the page's JSON-LD, best first (Article types before WebPage)
    ld: list[dict[str, Any]] = field(default_factory=list)
    #: names the site gives itself (og:site_name, JSON-LD publisher)
    site_names: list[str] = field(default_factory=list)

    def first(self, keys: tuple[str, ...]) -> tuple[str, str] | None:
        """(key, value) of the first key present."""
        for key in keys:
            for value in self.tags.get(key, []):
                return key, value
        return None

    def ld_value(self, name: str) -> Any:
        for obj in self.ld:
            if obj.get(name):
                return obj[name]
        return None


def read_meta(root: lxml.html.HtmlElement) -> PageMeta:
    meta = PageMeta()
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            meta.tags.setdefault(key.strip().lower(), []).append(content.strip())
    title = root.find(".//title")
    if title is not None:
        meta.title = normalize_space(title.text_content())
    meta.ld = _article_objects(root)
    for key in ("og:site_name", "application-name"):
        meta.site_names += [v for v in meta.tags.get(key, []) if not v.startswith(("http", "www."))]
    publisher = meta.ld_value("publisher")
    for pub in publisher if isinstance(publisher, list) else [publisher]:
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            meta.site_names.append(pub["name"].strip())
    return meta


def ld_names(value: Any) -> list[str]:
    """Names in a JSON-LD author value: a string, an object with "name", or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return [normalize_space(n) for n in names if n and n.strip()]


def _article_objects(root: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        for obj in _walk(data):
            if set(_types(obj)) & ARTICLE_TYPES:
                found.append(obj)
    # the article itself before the page around it
    found.sort(key=lambda o: "WebPage" in _types(o))
    return found


def _types(obj: dict[str, Any]) -> list[Any]:
    types = obj.get("@type")
    return types if isinstance(types, list) else [types]


def _walk(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > 4:
        return []
    if isinstance(data, list):
        return [obj for item in data for obj in _walk(item, depth + 1)]
    if isinstance(data, dict):
        out = [data]
        if isinstance(data.get("@graph"), list):
            out += _walk(data["@graph"], depth + 1)
        if isinstance(data.get("mainEntity"), dict):
            out += _walk(data["mainEntity"], depth + 1)
        return out
    return []
