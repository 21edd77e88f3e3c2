"""HTML pages (mirror, WARC, ARC), one page at a time.

Stages: decode the bytes (:func:`morgue.pipeline.decode.decode`) and parse them once;
read what the page says about itself (:mod:`.meta`) and its visible lines with the
elements holding them (:mod:`.dom`); let trafilatura's fast mode (on a copy whose layout
tables are read as blocks, :mod:`.layout`) find the story, weigh it against the page's
lines and ask readability-lxml only when they disagree (:mod:`.body`); find headline,
dek, bylines, date and section (:mod:`.fields`), htmldate only when no date was found;
take the headline, byline and date lines, pagination ("Page 1 of 2 | Next page") and
site chrome at the story's edges out of the body; fall back to every paragraph of
``<body>`` when no extractor finds anything. Visible text outside the body is recorded
in ``set_aside`` with the reason, so nothing is silently lost.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
import htmldate
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from morgue.counts import plural

from ..decode import decode
from ..records import Article, RawPage, SetAside
from .bylines import byline_from_line, is_role_line
from .body import READABILITY, choose_body, needs_second_opinion, readability_paragraphs, restore_repeats, weigh
from .chrome import chrome_reason
from .corpus import CorpusHints, corpus_repeat
from .dates import DATE_LINE_MAX_WORDS, parse_date, search_date
from .dom import Line, page_lines, paragraph_texts
from .fields import Found, PageFields, find_fields, norm, title_joins
from .finish import finish_article
from .layout import LayoutReport, classify_table, unwrap_layout_tables
from .lineshape import is_sentence_like, word_count
from .meta import DESCRIPTION_META, PUBLICATION_META, TAG_META, TITLE_META, PageMeta, read_meta
from .pages import REASON_PAGINATION, find_pagination, is_pagination_line
from .paragraphs import html_paragraphs, parse_document

__all__ = ["extract_html", "extract_html_details", "HtmlDetails", "EXTRACTOR", "HtmlPage", "parse_page",
           "apply_fields", "record_outside_text", "tidy_edges"]

EXTRACTOR = f"trafilatura {trafilatura.__version__}" + (" + readability-lxml" if READABILITY else "")

#: ``favor_precision`` for ``bare_extraction``. Measured on data/zyte (181 pages, shingle metric of
#: data/README.md, trafilatura 2.3.1): default P 0.942 R 0.978 F1 0.960; favor_precision
#: P 0.958 R 0.971 F1 0.964; favor_recall P 0.941 R 0.978 F1 0.959. The default keeps
#: recall (losing story text is worse than leaked chrome, which readability's second
#: opinion, checks and corpus hints catch). Re-measure if this changes.
FAVOR_PRECISION = False

#: htmldate is asked only when the page's own markup, date line and URL give no date.
#: Its extensive search also reads the page's text and links ("Most E-mailed" boxes,
#: related-story URLs); measured on the tuning half of data/htmldate-eval, see
#: benchmarks/extraction.py.
DATE_PARAMS = {"extensive_search": False, "original_date": True}

#: Blocks outside the main content are recorded only if they could be story text: at
#: least this many words, or a sentence. Menus, link lists and buttons (one to a few
#: words, no full stop) would otherwise add ~125 records per page on data/zyte; they
#: stay in the capture.
OUTSIDE_MIN_WORDS = 8

#: At most this many blocks outside the main content are recorded per page (after the
#: filter above, 2 of 181 zyte pages have more: comment threads, link teasers).
MAX_OUTSIDE_BLOCKS = 100

#: Chrome rules (:mod:`.chrome`) apply to body paragraphs at the story's edges only, and
#: only to paragraphs this short. Inside the story, a leaked "ADVERTISEMENT" is a transfer
#: problem the checks report and an editor corrects in the open.
EDGE_CHROME_MAX_WORDS = 16

#: A story line has at least this many words and reads as a sentence; what comes
#: before the first one may be headline, dek, byline or date.
STORY_LINE_MIN_WORDS = 8

#: Paragraphs this short at the top of the body are labels ("(Continued)"), not story.
LABEL_MAX_WORDS = 3

REASON_OUTSIDE = "outside the main content (trafilatura)"
REASON_HEADLINE_IN_TEXT = "headline, repeated at the top of the text"
REASON_FIELD_LINE = "{field} line, kept in its field"

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_URLISH = re.compile(r"^(?:https?://|www\.)", re.I)


class HtmlPage:
    """One parsed page: the tree, its meta data and its lines (parsed once, read by all)."""

    __slots__ = ("root", "meta", "lines")

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self.root = root
        self.meta: PageMeta = read_meta(root)
        # trafilatura's own parser drops comments; given a tree that still has them it
        # loses the text after a comment (data/zyte: 6 pages worse, 0.962 → 0.959)
        etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
        self.lines: list[Line] = page_lines(root)


def parse_page(page: RawPage, article: Article) -> HtmlPage | None:
    """Decode and parse; decoding problems go to ``article.warnings``."""
    decoded = decode(page.content, page.declared_charset, html=True)
    article.warnings.extend(decoded.problems)
    root = parse_document(decoded.text)
    if root is None:
        article.warnings.append("no HTML could be parsed")
        return None
    return HtmlPage(root)


@dataclass(slots=True)
class HtmlDetails:
    """An extraction and what it was made from: the parsed page and the fields found
    (with the elements holding them), which site profiles learn from."""

    article: Article
    parsed: HtmlPage | None = None
    fields: PageFields | None = None


def extract_html(page: RawPage, hints: CorpusHints | None = None) -> Article:
    """Extract an article from an HTML page, one page at a time; never raises for bad content."""
    return extract_html_details(page, hints).article


def extract_html_details(page: RawPage, hints: CorpusHints | None = None,
                         parsed: HtmlPage | None = None) -> HtmlDetails:
    """:func:`extract_html` with the parsed page and the found fields kept."""
    article = Article(legacy_url=page.legacy_url, extractor=EXTRACTOR)
    parsed = parsed or parse_page(page, article)
    if parsed is None:
        finish_article(article)
        return HtmlDetails(article)

    work, layout = _unwrapped(parsed.root)
    document = _run_trafilatura(work, page, article)
    first = _trafilatura_paragraphs(document)
    evidence = weigh(first, parsed.lines, _titles(parsed.meta))
    second = readability_paragraphs(work) if READABILITY and needs_second_opinion(evidence) else None
    choice = choose_body(first, second, evidence)
    paragraphs, restored = restore_repeats(choice.paragraphs, paragraph_texts(parsed.lines))
    article.paragraphs = paragraphs
    if paragraphs:
        how = choice.how
        if layout.unwrapped:
            how += f", {plural(len(layout.unwrapped), 'layout table')} read as blocks"
        if restored:
            how += f", {restored} repeated paragraph(s) kept as the page prints them"
        article.field_sources["paragraphs"] = how
    article.set_aside.extend(SetAside(text, reason) for text, reason in choice.left_out)
    if not article.paragraphs:
        _fall_back_to_body(parsed.root, article)

    fields = find_fields(parsed.lines, parsed.meta, page.legacy_url, _body_start(parsed.lines, article.paragraphs))
    if fields.published is None or fields.published.precision != "day":
        fields.published = _htmldate(parsed.root, page.legacy_url, fields.published)
    apply_fields(fields, parsed, article)
    _other_meta(parsed.meta, parsed.root, article)
    pagination = find_pagination(parsed.lines, page.legacy_url, parsed.root)
    if pagination is not None:
        article.page_of = pagination.page
        article.field_sources["page_of"] = "pagination line" if pagination.lines else "URL"
    tidy_edges(article, parsed.lines, fields)
    _drop_corpus_repeats(article, hints)
    record_outside_text(parsed.lines, article)
    finish_article(article)
    return HtmlDetails(article, parsed, fields)


# --- trafilatura --------------------------------------------------------------------------


def _unwrapped(root: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, LayoutReport]:
    """The tree trafilatura reads: layout tables read as blocks, on a copy (the page's
    lines keep their tags for site profiles); the page itself when it has none."""
    if not any(classify_table(table).layout for table in root.iter("table")):
        return root, LayoutReport()
    work = copy.deepcopy(root)
    return work, unwrap_layout_tables(work)



def _titles(meta: PageMeta) -> list[str]:
    """What the page calls itself: its ``<title>`` and title meta, cut at separators."""
    titles = title_joins(meta.title) if meta.title else []
    for key in TITLE_META:
        titles += meta.tags.get(key, [])
    return titles


def _run_trafilatura(tree: lxml.html.HtmlElement, page: RawPage, article: Article) -> Document | None:
    try:
        # given a tree, trafilatura works on a copy of it
        result = trafilatura.bare_extraction(
            tree, url=page.legacy_url, with_metadata=False, include_comments=False, fast=True,
            favor_precision=FAVOR_PRECISION,
        )
    # trafilatura runs three extractors and a date parser over arbitrary markup; this is
    # the one seam where anything it raises becomes a warning instead of a crash.
    except Exception as exc:  # noqa: BLE001
        article.warnings.append(f"trafilatura failed: {type(exc).__name__}: {exc}")
        return None
    if result is None or isinstance(result, dict):  # a dict only with as_dict=True
        return None
    return result


def _trafilatura_paragraphs(document: Document | None) -> list[str]:
    if document is None:
        return []
    return [line.strip() for line in (document.text or "").split("\n") if line.strip()]


def _htmldate(root: lxml.html.HtmlElement, url: str | None, month: Found | None) -> Found | None:
    """htmldate's reading, when the page's own fields gave no day (on a copy: htmldate
    cleans the tree it is given). Given only a month (from the URL), its day is taken
    only within that month."""
    try:
        found = htmldate.find_date(copy.deepcopy(root), url=url,
                                   extensive_search=DATE_PARAMS["extensive_search"],
                                   original_date=DATE_PARAMS["original_date"])
    # htmldate parses arbitrary markup and text; anything it raises means "no date"
    except Exception:  # noqa: BLE001
        found = None
    date = parse_date(found)[0] if found else None
    if date is None or (month is not None and (date.year, date.month) != (month.value.year, month.value.month)):
        return month
    how = "htmldate (markup and text)" if DATE_PARAMS["extensive_search"] else "htmldate (markup only)"
    if month is not None:
        how += ", within the month the URL names"
    return Found(date, how)


# --- fields -------------------------------------------------------------------------------


def _body_start(lines: list[Line], paragraphs: list[str]) -> int | None:
    """Index of the page line where the story starts: its first sentence-like paragraph,
    else its first paragraph that is no byline, role, date or label line."""
    story = [p for p in paragraphs[:6] if word_count(p) >= STORY_LINE_MIN_WORDS and is_sentence_like(p)]
    plain = [p for p in paragraphs[:6] if not _looks_like_field_line(p)]
    for paragraph in story[:2] + plain[:1]:
        key = norm(paragraph)
        head = " ".join(key.split()[:STORY_LINE_MIN_WORDS])
        if not head:
            continue
        for line in lines:
            if norm(line.text).startswith(head):
                if _in_heading(line):
                    break  # a dek set as a heading under the headline: the story starts later
                return line.index
    return None


def _in_heading(line: Line) -> bool:
    parent = line.owner.getparent()
    return line.owner.tag in _HEADINGS or (parent is not None and parent.tag in _HEADINGS)


def _looks_like_field_line(text: str) -> bool:
    return (word_count(text) <= LABEL_MAX_WORDS or byline_from_line(text) is not None or is_role_line(text)
            or (search_date(text)[0] is not None and word_count(text) <= DATE_LINE_MAX_WORDS))


def apply_fields(fields: PageFields, parsed: HtmlPage, article: Article) -> None:
    """Copy found fields into the article and take their lines out of the body."""
    sources = article.field_sources
    taken: dict[str, str] = {}  # norm of a printed field line -> which field
    if fields.headline:
        article.headline = str(fields.headline.value)
        sources["headline"] = fields.headline.source
        taken[norm(article.headline)] = "headline"
    if fields.dek and _is_lede(fields.dek, article.paragraphs):
        fields.dek = None  # the description only repeats the story's first paragraph
    if fields.dek:
        article.dek = str(fields.dek.value)
        sources["dek"] = fields.dek.source
        taken[norm(article.dek)] = "dek"
    if fields.bylines:
        article.bylines = list(fields.bylines.value)
        sources["bylines"] = fields.bylines.source
        if fields.bylines.line is not None:
            taken[norm(parsed.lines[fields.bylines.line].text)] = "byline"
    if fields.outlet:
        article.outlet = fields.outlet
        sources["outlet"] = "credited in the byline"
    if fields.published:
        article.published = fields.published.value
        article.published_precision = fields.published.precision
        sources["published"] = fields.published.source
    if fields.section:
        article.section = str(fields.section.value)
        sources["section"] = fields.section.source
        if fields.section.line is not None:
            taken[norm(parsed.lines[fields.section.line].text)] = "section"
    for k, why in fields.header_lines.items():
        taken.setdefault(norm(parsed.lines[k].text), why)
    _take_field_lines(article, taken)


def _is_lede(dek: Found, paragraphs: list[str]) -> bool:
    element = dek.element
    return (element is not None and element.tag == "p" and bool(paragraphs)
            and norm(str(dek.value)) in {norm(p) for p in paragraphs[:2]})


def _take_field_lines(article: Article, taken: dict[str, str]) -> None:
    """Leading body paragraphs made only of field lines (headline, byline…) leave the body."""
    if not taken:
        return
    keys = sorted((k for k in taken if k), key=len, reverse=True)
    while article.paragraphs:
        paragraph = article.paragraphs[0]
        rest = " " + norm(paragraph) + " "
        fields = []
        for key in keys:
            if f" {key} " in rest:
                rest = rest.replace(f" {key} ", " ", 1)
                fields.append(taken[key])
        if rest.strip() or not fields:
            break
        article.paragraphs.pop(0)
        reason = REASON_HEADLINE_IN_TEXT if fields == ["headline"] else \
            REASON_FIELD_LINE.format(field=" and ".join(dict.fromkeys(fields)))
        article.set_aside.append(SetAside(paragraph, reason))


def _other_meta(meta: PageMeta, root: lxml.html.HtmlElement, article: Article) -> None:
    """Tags, publication name, language and an unprinted dek: the page's own markup."""
    sources = article.field_sources
    for key in TAG_META:
        for tag in meta.tags.get(key, []):
            if tag not in article.tags:
                article.tags.append(tag)
                sources["tags"] = f"meta:{key}"
    if not article.tags:
        for tag in (t.strip() for joined in meta.tags.get("keywords", []) for t in joined.split(",")):
            if tag and tag not in article.tags:
                article.tags.append(tag)
                sources["tags"] = "meta:keywords"
    for key in PUBLICATION_META:
        names = [name for name in meta.tags.get(key, []) if not _URLISH.match(name)]
        if names:
            article.publication = names[0]
            sources["publication"] = f"meta:{key}"
            break
    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if lang:
        article.language = lang.split("-")[0].split("_")[0].lower()
        sources["language"] = "html lang"
    description = meta.first(DESCRIPTION_META)
    if article.dek is None and description and not _is_body_start(description[1], article):
        article.dek = description[1].strip()
        sources["dek"] = f"meta:{description[0]} (not printed on the page)"


def _is_body_start(description: str, article: Article) -> bool:
    """The meta description only repeats the body (or the headline): not a dek."""
    desc = norm(description)
    if description.rstrip().endswith(("…", "...")):  # truncated: the last word may be cut
        desc = desc.rpartition(" ")[0]
    body = " " + norm(" ".join(article.paragraphs)) + " "
    return not desc or f" {desc} " in body or desc == norm(article.headline or "")


# --- edges, chrome, what is left out ------------------------------------------------------


def tidy_edges(article: Article, lines: list[Line], fields: PageFields | None = None) -> None:
    """Pagination lines anywhere, and short chrome lines at the story's two ends, are
    set aside with their reason."""
    kept: list[str] = []
    for paragraph in article.paragraphs:
        if is_pagination_line(paragraph):
            article.set_aside.append(SetAside(paragraph, REASON_PAGINATION))
        else:
            kept.append(paragraph)
    article.paragraphs = kept
    while article.paragraphs and (reason := _edge_chrome(article.paragraphs[-1])):
        article.set_aside.append(SetAside(article.paragraphs.pop(), reason))
    while article.paragraphs and (reason := _edge_chrome(article.paragraphs[0])):
        article.set_aside.append(SetAside(article.paragraphs.pop(0), reason))


def _edge_chrome(paragraph: str) -> str | None:
    if word_count(paragraph) > EDGE_CHROME_MAX_WORDS:
        return None
    return chrome_reason(paragraph)


def _fall_back_to_body(root: lxml.html.HtmlElement, article: Article) -> None:
    body = root.find("body")
    paragraphs = html_paragraphs(body if body is not None else root).paragraphs
    if paragraphs:
        article.paragraphs = paragraphs
        article.field_sources["paragraphs"] = "all paragraphs of <body> (lxml)"
        article.warnings.append("trafilatura found no article text; used every paragraph of <body>")


def _drop_corpus_repeats(article: Article, hints: CorpusHints | None) -> None:
    if hints is None:
        return
    kept: list[str] = []
    for paragraph in article.paragraphs:
        repeat = corpus_repeat(hints, [paragraph])
        if repeat is None:
            kept.append(paragraph)
        else:
            article.set_aside.append(SetAside(paragraph, f"repeats in {repeat[0]} of {repeat[1]} files"))
    article.paragraphs = kept


def record_outside_text(lines: list[Line], article: Article, why: str = REASON_OUTSIDE) -> None:
    """Visible blocks of <body> that are in no field: recorded, not silently dropped."""
    inside = " " + norm(" ".join(article.paragraphs)) + " "
    fields = {norm(x) for x in (article.headline, article.dek, *article.bylines) if x}
    fields |= {norm(s.text) for s in article.set_aside}
    blocks = [(text, why) for text in paragraph_texts(lines)]
    blocks += [(text, "image caption") for text in paragraph_texts(lines, captions=True)]
    recorded = 0
    seen: set[str] = set()
    for text, reason in blocks:
        key = norm(text)
        if not key or key in fields or key in seen or f" {key} " in inside:
            continue
        seen.add(key)
        if (key[3:] if key.startswith("by ") else key) in fields:
            continue
        if reason == why and not _could_be_story(text):
            continue
        if recorded == MAX_OUTSIDE_BLOCKS:
            article.warnings.append(f"more than {MAX_OUTSIDE_BLOCKS} blocks outside the main content; "
                                    "the rest are only in the capture")
            break
        article.set_aside.append(SetAside(text, reason))
        recorded += 1


def _could_be_story(text: str) -> bool:
    return word_count(text) >= OUTSIDE_MIN_WORDS or is_sentence_like(text)


