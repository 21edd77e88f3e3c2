"""``truncated``: a story that stops early — mid-sentence, before the text its own
capture still shows, or on "Page 1 of 2" with the later pages nowhere in the archive.

- **Mid-sentence**: the last paragraph does not end like a sentence (a full stop, ?, !,
  a closing quote after one, in any language's quotes) — and is not what follows a
  finished story on many sites: a credit or source line ("Reporting by …", "Quelle: …",
  "(dpa)"), a quotation's attribution ("… – Ben Wilson"), a footnote ("* Name
  changed"), a line of figures (results, an account number), a call to act ("click here
  to watch live", "Newsletter abonnieren"), an emoji or dingbat closing a post, a name,
  or chrome. A fragment the extractor set aside after the story ("…should have asked the")
  counts too: the story was cut there and the rest of the page read as footer.
- **Shorter than the capture**: the capture's visible text carries on past the body's
  last words — in the same block, or in narrative blocks right after it. Narrative
  blocks in which the site speaks about itself or its author are its end matter, not the
  story: they open with the site's own name ("Ascom is a global solutions provider…"
  after a press release, "The Times is committed to publishing letters…" after an
  op-ed), with "This article…", or with the author's name ("Leah C. Stokes is an
  assistant professor…"); footnotes ("* Links marked…") and promotions stop the count.
- **Pages missing**: extraction found the page is page k of a story (``Article.page_of``)
  and its next page is neither stitched in (``part_urls``) nor captured anywhere in the
  archive; or the body still says "Page k of N" and no article with the same headline
  holds the later pages. This needs the whole archive, so the check is corpus-wide, in
  one pass: only paginated stories (without their text) and the set of captured URLs
  are remembered.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

from ..extract.corpus import normalize_line
from ..extract.lineshape import is_proper_name_line, is_sentence_like, word_count
from ..extract.textdump import REASON_FOOTER
from ..records import CheckItem, Finding
from .base import CheckOptions, Items
from .chromeshape import chrome_kind
from .encoding import repair_encoding
from .markup import is_code
from .spans import paragraph_spans, shorten

__all__ = ["check_truncated", "ends_like_sentence"]

#: An unfinished last paragraph is judged only with at least this many words: shorter
#: lines at the end are sign-offs, datelines and credits as often as cut sentences.
MIN_WORDS_TO_JUDGE = 3
#: The capture is compared only when the body's last paragraph has this many words
#: (shorter ones are found in too many places of a page).
TAIL_WORDS = 8
#: The capture continues the story when at least this many words follow the body's end
#: in the same block, or in narrative blocks (>= CONTINUATION_BLOCK_WORDS words, ending
#: like a sentence) right after it. Comment threads and related links start with short
#: lines ("Comments", "Leave a reply"), which stop the count.
CONTINUATION_MIN_WORDS = 15
CONTINUATION_SAME_BLOCK_WORDS = 3
CONTINUATION_BLOCK_WORDS = 4
#: A last line with at least this share of capitalised words is a label or link title
#: (site chrome the corpus check finds), not a sentence cut short.
TITLE_CASE_SHARE = 0.7
#: A fragment set aside after the story is judged with at least this many words.
FRAGMENT_MIN_WORDS = 6

_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»«“›‹)]*"
_CREDIT = re.compile(
    r"^\(?(?:(?:additional )?reporting|writing|editing|compiled|edited|written|with (?:reporting|files)) by\b|"
    r"^\(?with (?:[\w.]+ )?(?:wires?|wire services|files|agencies)\b|"
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|^\(?(?:source|sources|via|from)\s*:|"
    r"^[-–—]+\s*\S", re.I)
#: Promotions after a story are sentences too; these words mark them as not the story.
_PROMO = re.compile(r"\b(?:subscri(?:be|ber|bers|ption)|membership|become a member|newsletter|sign up|log in|"
                    r"paywalls?|advertis(?:e|ing|ement)|download (?:the|our) app|click here|get the latest|"
                    r"read the rest|abonnieren|anmelden)\b|"
                    r"\bfollow\b.{0,80}\b(?:facebook|twitter|instagram|linkedin|youtube|tiktok)\b", re.I)
#: A label that credits a source or a picture, in the languages of the real test pages.
_SOURCE_LABEL = re.compile(r"(?:^|[\s/(|])(?:quelle|quellen|foto|fotos|bild|bilder|photo|photos|credits?|"
                           r"sources?|fuente|fonte|crédits?|grafik|text)\s*:", re.I)
#: "(dpa)", "(mz)", "(AP Photo)": an agency's or author's mark after the last sentence.
_TRAILING_MARK = re.compile(r"(?<=[.!?…\"”“»«])\s*\([^()]{1,30}\)$")
#: "… never ends." - Ben Wilson -", "… sustains. -Hippolyte Taine, critic": an attribution.
_ATTRIBUTION = re.compile(r"[.!?…\"”“»«]\s*[-–—]+\s*[A-ZÀ-Þ][^.!?]{0,100}$")
#: A footnote or a line of figures (results tables, account numbers) is not a sentence.
_FOOTNOTE = re.compile(r"^[*†‡]")
FIGURES_MIN_SHARE = 0.3
#: The site's end matter about the article or its author.
_ABOUT_ARTICLE = re.compile(r"^(?:this|dieser|diese|dieses|cet|cette|este|esta|questo|questa)\s+"
                            r"(?:article|artikel|story|beitrag|text|post|articolo|artículo)\b", re.I)
_AUTHOR_BIO = re.compile(r"^[A-ZÀ-Þ][\w.'’-]+(?:\s+[A-ZÀ-Þ][\w.'’-]*){1,3}\s+(?:is|was)\s+(?:a|an|the)\s")
#: End matter names the site in its first words; a name shorter than this ("AP", "Sun")
#: is too likely to open a sentence of the story itself.
SITE_NAME_MIN_LETTERS = 4
#: How many words open a block: "Ascom is…", "The Times is…", "About Kessler Marine…".
SITE_NAME_LEAD_WORDS = 2
_LEAD_ARTICLE = re.compile(r"^(?:about\s+)?(?:the\s+)?", re.I)
_NOT_NAMES = {"www", "com", "org", "net", "news", "html"}
_URL_END = re.compile(r"(?:https?://|www\.)\S+$|\b[\w-]+\.(?:com|org|net|gov|edu|[a-z]{2})(?:/\S*)?$")
_COPYRIGHT_TAIL = re.compile(r"[©ⓒⒸ]|\bcopyright\b|\ball rights reserved\b", re.I)
#: How far from the end a copyright notice is looked for.
TAIL_CHARS = 120
_TRAILING_TAGS = re.compile(r"(?:\s*</?[A-Za-z][^<>]{0,40}>)+$")  # "…tonnes.</p>": markup's business
_PAGE = re.compile(r"\bpage (\d{1,2}) (?:of|/) (\d{1,2})\b", re.I)
_WORDS = re.compile(r"\w+")


def ends_like_sentence(text: str) -> bool:
    """Ends as a sentence, a list lead-in (":"), a bracketed label or a web address can."""
    t = text.rstrip()
    if t.endswith((":", "]")) or _URL_END.search(t):
        return True
    core = t.rstrip(_CLOSERS)
    if not core:
        return True
    if core[-1] in _TERMINAL:
        return True
    # "(Reporting by …)" and other whole parentheticals are complete
    return t.endswith(")") and t.lstrip().startswith("(")


def check_truncated(items: Items, options: CheckOptions) -> Iterator[Finding]:
    urls: set[str] = set()
    continuations: Counter[str] = Counter()
    pages_seen: dict[str, set[int]] = {}
    paginated: list[tuple[CheckItem, tuple[int, int, str] | None]] = []
    for item in items():
        found = list(_single(item))
        yield from found
        article = item.article
        urls.update(u for u in (article.legacy_url, *item.legacy_urls, *article.part_urls) if u)
        page_of = article.page_of
        if page_of is not None and page_of.number > 1 and page_of.first_url:
            continuations[page_of.first_url] += 1
        marker = _page_marker(item)
        if marker is not None:
            pages_seen.setdefault(normalize_line(article.headline or ""), set()).add(marker[0])
        if not found and (marker is not None or page_of is not None):
            # only what the end needs: a page's body is not kept
            slim = replace(article, paragraphs=[], set_aside=[], part_urls=list(article.part_urls))
            paginated.append((CheckItem(item.key, slim, legacy_urls=item.legacy_urls), marker))
    for item, marker in paginated:
        missing = _missing_pages(item, marker, urls, continuations, pages_seen)
        if missing:
            yield Finding(key=item.key, check="truncated", severity="warning", field="body",
                          evidence=marker[2] if marker else (item.article.legacy_url or ""),
                          message=f"{missing}: the rest of the story is not in the archive")


def _missing_pages(item: CheckItem, marker: tuple[int, int, str] | None, urls: set[str],
                   continuations: Counter[str], pages_seen: dict[str, set[int]]) -> str | None:
    article = item.article
    page_of = article.page_of
    if page_of is not None:
        if page_of.next_url and not article.part_urls and page_of.next_url not in urls:
            return f"page {page_of.number} links to its next page, {page_of.next_url}, which was not captured"
        if page_of.count and page_of.number == 1:
            have = 1 + len(article.part_urls) + continuations.get(article.legacy_url or "", 0)
            if have < page_of.count:
                return f"the story has {page_of.count} pages and only {have} were captured"
        return None
    if marker is None:
        return None
    page, of, line = marker
    norm = normalize_line(article.headline or "")
    missing = [p for p in range(page + 1, of + 1) if p not in pages_seen.get(norm, set())]
    if page < of and missing:
        return f"the story says “{line}” but page(s) {', '.join(map(str, missing))} of {of} are missing"
    return None


def _single(item: CheckItem) -> Iterator[Finding]:
    article = item.article
    paragraphs = article.paragraphs
    if not paragraphs:
        return
    spans = paragraph_spans(paragraphs)
    end = _last_story_paragraph(paragraphs)
    last = paragraphs[end]
    previous_finished = end == 0 or ends_like_sentence(paragraphs[end - 1])
    if _unfinished(last) and previous_finished:
        tail = last[-60:]
        yield Finding(
            key=item.key, check="truncated", severity="warning", field="body", span=spans[end],
            evidence=shorten(tail), message=f"the story stops mid-sentence: “…{tail.strip()}”")
        return
    for aside in article.set_aside:
        if aside.reason == REASON_FOOTER and word_count(aside.text) >= FRAGMENT_MIN_WORDS \
                and _unfinished(aside.text):
            fragment = " ".join(aside.text.split())
            yield Finding(
                key=item.key, check="truncated", severity="warning", field="body",
                span=(spans[-1][1], spans[-1][1]), evidence=shorten(fragment),
                message=("the story was cut mid-sentence; its unfinished last part was read as footer: "
                         f"“…{fragment[-60:]}”"))
            return
    continuation = _continuation(item)
    if continuation:
        yield Finding(
            key=item.key, check="truncated", severity="warning", field="body",
            span=(spans[-1][1], spans[-1][1]), evidence=shorten(continuation),
            message=("the original page goes on after where the body stops; "
                     f"missing text begins “{shorten(continuation, 80)}”"))


def _last_story_paragraph(paragraphs: list[str]) -> int:
    """Index of the last paragraph that is not chrome, a credit or a page marker."""
    for i in range(len(paragraphs) - 1, -1, -1):
        t = " ".join(paragraphs[i].split())
        if not (chrome_kind(t) or _CREDIT.search(t) or _PAGE.search(t) or is_code(t)
                or not any(c.isalnum() for c in t)):
            return i
    return len(paragraphs) - 1


def _unfinished(text: str) -> bool:
    t = _TRAILING_TAGS.sub("", " ".join(text.split()))
    if not t.isascii():  # "…resolved.�", "…earned.â€\x9d": garbled endings are encoding's business
        t = repair_encoding(t).rstrip("\ufffd ")
    t = _TRAILING_MARK.sub("", t)
    if ends_like_sentence(t) or word_count(t) < MIN_WORDS_TO_JUDGE:
        return False
    if _CREDIT.search(t) or is_proper_name_line(t) or chrome_kind(t) or _PAGE.search(t):
        return False
    if _ends_like_end_matter(t):
        return False
    if _COPYRIGHT_TAIL.search(t[-TAIL_CHARS:]):
        return False  # a copyright notice run into the last paragraph ends it
    words = t.split()
    if "|" in t or (len(words) >= 3 and sum(w[:1].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)):
        return False  # "Markets | Energy", "Free Trial: Data Terminal": a label or link, not a sentence
    return any(c.islower() for c in t)


def _ends_like_end_matter(t: str) -> bool:
    """What follows a finished story: a source, an attribution, a footnote, figures, a call to act."""
    if _SOURCE_LABEL.search(t) or _ATTRIBUTION.search(t) or _FOOTNOTE.match(t) or _PROMO.search(t):
        return True
    last = t.rstrip()[-1:]
    if last and not last.isalnum() and unicodedata.category(last) in ("So", "Sk"):
        return True  # "… gefällt mir 😉", "… ❖": a post closed with a symbol
    tokens = t.split()
    return sum(any(c.isdigit() for c in w) for w in tokens) >= FIGURES_MIN_SHARE * len(tokens)


def _end_matter_block(item: CheckItem, text: str) -> bool:
    """A block after the story in which the site speaks about the article or its author."""
    if _ABOUT_ARTICLE.match(text) or _FOOTNOTE.match(text):
        return True
    lead = text[:80]
    if any(name and lead.startswith(name) for name in item.article.bylines):
        return True
    return bool(_AUTHOR_BIO.match(text))


def _continuation(item: CheckItem) -> str | None:
    """Story text the capture has after the body's last words, or None.

    The capture block holding the body's whole last paragraph is found; text after it in
    the same block, or narrative blocks right after it, is what the body lost.
    """
    if not item.capture_text:
        return None
    last = " ".join(_WORDS.findall(item.article.paragraphs[-1].casefold()))
    if len(last.split()) < TAIL_WORDS:
        return None
    lines = item.capture_text.splitlines()
    for n, line in enumerate(lines):
        joined = " ".join(_WORDS.findall(line.casefold()))
        at = joined.find(last)
        if at < 0:
            continue
        rest = joined[at + len(last):].split()
        if len(rest) >= CONTINUATION_SAME_BLOCK_WORDS:
            return " ".join(line.split()[-len(rest):])
        found: list[str] = []
        body = {normalize_line(p) for p in item.article.paragraphs}
        for following in lines[n + 1:]:
            text = following.strip()
            if not text or normalize_line(text) in body:
                continue
            if (word_count(text) < CONTINUATION_BLOCK_WORDS or not is_sentence_like(text) or chrome_kind(text)
                    or _PROMO.search(text)):
                break
            found.append(text)
        if found and (_names_the_site(item, found[0]) or _end_matter_block(item, found[0])):
            return None  # the site's own end matter: a company profile, a letters invitation, a bio
        if sum(word_count(t) for t in found) >= CONTINUATION_MIN_WORDS:
            return " ".join(found)
        return None
    return None


def _names_the_site(item: CheckItem, text: str) -> bool:
    """Whether ``text`` opens with the site's own name (its publication name or host)."""
    names = _site_names(item)
    if not names:
        return False
    lead = _WORDS.findall(_LEAD_ARTICLE.sub("", text.strip(), count=1))[:SITE_NAME_LEAD_WORDS]
    return any(len(w) >= SITE_NAME_MIN_LETTERS and w[:1].isupper() and any(w.casefold() in n for n in names)
               for w in lead)


def _site_names(item: CheckItem) -> set[str]:
    """The site's names, run together and casefolded: "nytimes", "thenewyorktimes"."""
    names = set()
    if item.article.publication:
        names.add("".join(_WORDS.findall(item.article.publication.casefold())))
    for url in (item.article.legacy_url, *item.legacy_urls):
        host = urlsplit(url or "").hostname or ""
        names.update(label for label in host.split(".")
                     if len(label) >= SITE_NAME_MIN_LETTERS and label not in _NOT_NAMES)
    return names


def _page_marker(item: CheckItem) -> tuple[int, int, str] | None:
    for paragraph in item.article.paragraphs[-3:]:
        match = _PAGE.search(paragraph)
        if match and word_count(paragraph) <= 12:
            page, of = int(match[1]), int(match[2])
            if 1 <= page <= of:
                return page, of, paragraph.strip()
    return None
