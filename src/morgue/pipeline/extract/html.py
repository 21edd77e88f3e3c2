"""HTML pages (mirror, WARC, ARC): trafilatura for the body, meta tags we read ourselves.

Stages: decode the bytes (:func:`morgue.pipeline.decode.decode`), parse them once, turn
layout tables into plain blocks (:mod:`.layout`), let trafilatura find the main text and
metadata in that tree, prefer the page's own ``<meta>`` for date and section, map the
rest, and fall back to every paragraph of ``<body>`` when trafilatura finds nothing.
Visible text outside the extracted body is recorded in ``set_aside``.
"""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from ..decode import decode
from ..records import Article, RawPage, SetAside
from .bylines import split_bylines
from .corpus import CorpusHints, corpus_repeat
from .dates import parse_date
from .finish import finish_article
from .layout import LayoutReport, unwrap_layout_tables
from .lineshape import is_sentence_like, word_count
from .paragraphs import html_paragraphs, parse_document

__all__ = ["extract_html", "EXTRACTOR"]

EXTRACTOR = f"trafilatura {trafilatura.__version__}"

#: ``favor_precision`` for ``bare_extraction``. Measured on data/zyte (181 pages, shingle metric of
#: data/README.md, trafilatura 2.3.1): default P 0.942 R 0.978 F1 0.960; favor_precision
#: P 0.958 R 0.971 F1 0.964; favor_recall P 0.941 R 0.978 F1 0.959. The default keeps
#: recall (losing story text is worse than leaked chrome, which checks and corpus hints
#: catch). Re-measure if this changes.
FAVOR_PRECISION = False

#: Blocks outside the main content are recorded only if they could be story text: at
#: least this many words, or a sentence. Menus, link lists and buttons (one to a few
#: words, no full stop) would otherwise add ~125 records per page on data/zyte; they
#: stay in the capture.
OUTSIDE_MIN_WORDS = 8

#: At most this many blocks outside the main content are recorded per page (after the
#: filter above, 2 of 181 zyte pages have more: comment threads, link teasers).
MAX_OUTSIDE_BLOCKS = 100

#: ``<meta>`` names/properties/itemprops giving the publication date, best first.
DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "dc.date.issued", "dcterms.issued", "dc.date",
    "sailthru.date", "parsely-pub-date", "date", "original-publish-date",
)
#: ... the section
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section")
#: ... tags
TAG_META = ("article:tag",)
#: ... the publication's name
PUBLICATION_META = ("og:site_name", "application-name")

REASON_OUTSIDE = "outside the main content (trafilatura)"
REASON_HEADLINE_IN_TEXT = "headline, repeated at the top of the text"

_WORDS = re.compile(r"\w+")
_URLISH = re.compile(r"^(?:https?://|www\.)", re.I)
_TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+[-|–—:·•]\s+(?P<suffix>[^-|–—:·•]+)$")


def extract_html(page: RawPage, hints: CorpusHints | None = None) -> Article:
    """Extract an article from an HTML page; never raises for bad content."""
    decoded = decode(page.content, page.declared_charset, html=True)
    article = Article(legacy_url=page.legacy_url, extractor=EXTRACTOR, warnings=list(decoded.problems))
    root = parse_document(decoded.text)
    if root is None:
        article.warnings.append("no HTML could be parsed")
        finish_article(article)
        return article

    meta = _read_meta(root)
    layout = _prepare_tree(root)
    document = _run_trafilatura(root, page, article)
    if document is not None:
        _map_document(document, article, layout)
    _read_own_meta(meta, root, article)
    if not article.paragraphs:
        _fall_back_to_body(root, article)
    _drop_corpus_repeats(article, hints)
    _drop_headline_line(article)
    _record_outside_text(root, article)
    finish_article(article)
    return article


def _prepare_tree(root: lxml.html.HtmlElement) -> LayoutReport:
    """Make the parsed page ready for trafilatura, in place; every visible word stays.

    Comments and processing instructions go (their tails stay): trafilatura's own
    parser drops them, and given a tree that still has them it loses the text after a
    comment (data/zyte: 6 pages worse, body F1 0.962 → 0.959). Then layout tables become
    divs. ``root`` still serves :func:`_fall_back_to_body` and :func:`_record_outside_text`,
    which read cells and divs alike as blocks.
    """
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return unwrap_layout_tables(root)


def _run_trafilatura(tree: lxml.html.HtmlElement, page: RawPage, article: Article) -> Document | None:
    try:
        # given a tree, trafilatura works on a copy of it
        result = trafilatura.bare_extraction(
            tree, url=page.legacy_url, with_metadata=True, include_comments=False, favor_precision=FAVOR_PRECISION
        )
    # trafilatura runs three extractors and a date parser over arbitrary markup; this is
    # the one seam where anything it raises becomes a warning instead of a crash.
    except Exception as exc:  # noqa: BLE001
        article.warnings.append(f"trafilatura failed: {type(exc).__name__}: {exc}")
        return None
    if result is None:
        return None
    if isinstance(result, dict):  # only with as_dict=True, which we do not pass
        return None
    return result


def _map_document(document: Document, article: Article, layout: LayoutReport) -> None:
    sources = article.field_sources
    text = document.text or ""
    article.paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if article.paragraphs:
        unwrapped = len(layout.unwrapped)
        sources["paragraphs"] = (
            f"trafilatura, {unwrapped} layout table(s) read as blocks" if unwrapped else "trafilatura"
        )
    if document.title:
        article.headline = document.title.strip()
        sources["headline"] = "trafilatura"
    if document.author:
        article.bylines = split_bylines(document.author)
        sources["bylines"] = "trafilatura"
    if document.date:
        date, _ = parse_date(document.date)
        if date is not None:
            article.published = date
            sources["published"] = "trafilatura (htmldate)"
    if document.categories:
        article.section = document.categories[0]
        sources["section"] = "trafilatura"
    if document.tags:  # trafilatura gives meta keywords as one comma-separated string
        for tag in (t.strip() for joined in document.tags for t in joined.split(",")):
            if tag and tag not in article.tags:
                article.tags.append(tag)
        sources["tags"] = "trafilatura"
    if document.language:
        article.language = document.language
        sources["language"] = "trafilatura"
    if document.description and not _is_body_start(document.description, article):
        article.dek = document.description.strip()
        sources["dek"] = "trafilatura (meta description)"


def _read_meta(root: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` content by lower-cased property/name/itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def _read_own_meta(meta: dict[str, list[str]], root: lxml.html.HtmlElement, article: Article) -> None:
    """The page's own date, section, tags and language override trafilatura's guesses."""
    sources = article.field_sources
    for key in DATE_META:
        for value in meta.get(key, []):
            date = _date_of(value)
            if date is not None:
                article.published = date
                sources["published"] = f"meta:{key}"
                break
        else:
            continue
        break
    for key in SECTION_META:
        if key in meta:
            article.section = meta[key][0]
            sources["section"] = f"meta:{key}"
            break
    for key in TAG_META:
        for tag in meta.get(key, []):
            if tag not in article.tags:
                article.tags.append(tag)
                sources["tags"] = f"meta:{key}"
    for key in PUBLICATION_META:
        names = [name for name in meta.get(key, []) if not _URLISH.match(name)]
        if names:
            article.publication = names[0]
            sources["publication"] = f"meta:{key}"
            break
    _strip_site_name(article)
    if article.language is None:
        lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
        if lang:
            article.language = lang.split("-")[0].split("_")[0].lower()
            sources["language"] = "html lang"


def _strip_site_name(article: Article) -> None:
    """"Headline - The Evening Ledger" → "Headline" when the page names its publication."""
    if not (article.headline and article.publication):
        return
    match = _TITLE_SUFFIX.match(article.headline)
    if match and _norm(match["suffix"]) == _norm(article.publication) and match["title"].strip():
        article.headline = match["title"].strip()
        article.field_sources["headline"] += " (site name removed)"


def _date_of(value: str) -> dt.date | None:
    return parse_date(value)[0]


def _fall_back_to_body(root: lxml.html.HtmlElement, article: Article) -> None:
    body = root.find("body")
    paragraphs = html_paragraphs(body if body is not None else root).paragraphs
    if paragraphs:
        article.paragraphs = paragraphs
        article.field_sources["paragraphs"] = "all paragraphs of <body> (lxml)"
        article.warnings.append("trafilatura found no article text; used every paragraph of <body>")


def _drop_corpus_repeats(article: Article, hints: CorpusHints | None) -> None:
    kept: list[str] = []
    for paragraph in article.paragraphs:
        repeat = corpus_repeat(hints, [paragraph])
        if repeat is None:
            kept.append(paragraph)
        else:
            article.set_aside.append(SetAside(paragraph, f"repeats in {repeat[0]} of {repeat[1]} files"))
    article.paragraphs = kept


def _drop_headline_line(article: Article) -> None:
    """trafilatura's text often starts with the headline; it is already in ``headline``."""
    if article.headline and article.paragraphs and _norm(article.paragraphs[0]) == _norm(article.headline):
        article.set_aside.append(SetAside(article.paragraphs.pop(0), REASON_HEADLINE_IN_TEXT))


def _record_outside_text(root: lxml.html.HtmlElement, article: Article) -> None:
    """Visible blocks of <body> that are in no field: recorded, not silently dropped."""
    body = root.find("body")
    if body is None:
        return
    inside = " " + _norm(" ".join(article.paragraphs)) + " "
    fields = {_norm(x) for x in (article.headline, article.dek, *article.bylines) if x}
    fields |= {_norm(s.text) for s in article.set_aside}
    outside = html_paragraphs(body)
    blocks = [(text, REASON_OUTSIDE) for text in outside.paragraphs]
    blocks += [(text, "image caption") for text in outside.captions]
    recorded = 0
    seen: set[str] = set()
    for text, reason in blocks:
        norm = _norm(text)
        if not norm or norm in fields or norm in seen or f" {norm} " in inside:
            continue
        seen.add(norm)
        if _norm_without_by(norm) in fields:
            continue
        if reason == REASON_OUTSIDE and not _could_be_story(text):
            continue
        if recorded == MAX_OUTSIDE_BLOCKS:
            article.warnings.append(f"more than {MAX_OUTSIDE_BLOCKS} blocks outside the main content; "
                                    "the rest are only in the capture")
            break
        article.set_aside.append(SetAside(text, reason))
        recorded += 1


def _could_be_story(text: str) -> bool:
    return word_count(text) >= OUTSIDE_MIN_WORDS or is_sentence_like(text)


def _is_body_start(description: str, article: Article) -> bool:
    """The meta description only repeats the body (or the headline): not a dek."""
    desc = _norm(description)
    if description.rstrip().endswith(("…", "...")):  # truncated: the last word may be cut
        desc = desc.rpartition(" ")[0]
    body = " " + _norm(" ".join(article.paragraphs)) + " "
    return not desc or f" {desc} " in body or desc == _norm(article.headline or "")


def _norm(text: str) -> str:
    """Words only, case-folded: how two renderings of the same text are compared."""
    return " ".join(_WORDS.findall(text.casefold()))


def _norm_without_by(norm: str) -> str:
    return norm[3:] if norm.startswith("by ") else norm
