"""Plain-text dumps like the seed: headline, archive notice, publication, story, footer.

The text is cut into units (blank-line blocks; a block of short unwrapped lines gives
one unit per line) and read in three stages:

1. **head** — from the top, while units look like headline, dek, archive notice, byline,
   date line, the publication's name, or chrome; the first unit that is none of these
   starts the story;
2. **story** — up to the last unit that is clearly story text (long, sentence-like, not
   chrome), extended over the sentences that follow it; inside it only very short
   chrome lines and lines that repeat across the corpus are set aside;
3. **footer** — everything after the story is set aside, each with its reason.

Nothing depends on one paper's wording: cues are generic (see :mod:`.chrome`,
:mod:`.notice`), and given :class:`CorpusHints` from many dumps of one source, lines in
most files are chrome whatever they say. Every unit not in the body or a field is
recorded in ``Article.set_aside``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..decode import decode
from ..records import Article, RawPage, SetAside
from .bylines import byline_from_line, split_bylines
from .chrome import chrome_reason
from .corpus import CorpusHints, corpus_repeat, normalize_line
from .dates import is_date_line, parse_date
from .finish import finish_article
from .lineshape import is_proper_name_line, is_sentence_like, is_title_like, word_count
from .notice import is_archive_notice, notice_cues
from .paragraphs import TextUnit, text_units

__all__ = ["extract_textdump", "read_dump", "EXTRACTOR"]

EXTRACTOR = "textdump"

#: The head (headline, notice, publication, byline, date) lies within this many units
#: of the top; in the seed it is 3, with chrome before it perhaps 6.
HEAD_MAX_UNITS = 10

#: A unit that is clearly story text has at least this many words and ends like a
#: sentence. Footer sentences ("Use of this site constitutes…") are longer but are
#: caught by the chrome rules first.
STORY_MIN_WORDS = 8

#: Inside the story, line-shape chrome rules apply only to units this short, so a story
#: paragraph that mentions a privacy policy stays in the body.
VERY_SHORT_WORDS = 12

#: A dek (a second, smaller headline) has at least this many words; shorter lines under
#: a headline are labels or names.
DEK_MIN_WORDS = 4

REASON_PUBLICATION_REPEATED = "publication name repeated"
REASON_UNIDENTIFIED_HEAD = "short line before the story, not identified"
REASON_FOOTER = "after the story, in the footer"
REASON_NOTICE_REPEATED = "archive notice repeated"
REASON_EXTRA_DATE = "another date line"


def extract_textdump(page: RawPage, hints: CorpusHints | None = None) -> Article:
    """Extract an article from a plain-text page (a dump, or a .txt file in a mirror)."""
    decoded = decode(page.content, page.declared_charset, html=False)
    article = Article(legacy_url=page.legacy_url, extractor=EXTRACTOR, warnings=list(decoded.problems))
    read_dump(decoded.text, article, hints)
    return article


def read_dump(text: str, article: Article, hints: CorpusHints | None = None) -> None:
    """Fill ``article`` from the decoded text of one dump."""
    dump = _Dump.of(text, hints)
    if not dump.units:
        article.warnings.append("no article text found")
        return
    start = _read_head(dump, article)
    _read_story_and_footer(dump, article, start)
    finish_article(article)


@dataclass(slots=True)
class _Dump:
    units: list[TextUnit]
    norms: list[str]
    counts: Counter[str]
    repeats: list[tuple[int, int] | None]
    #: normalized publication line once known
    publication: str | None = None
    set_aside: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, hints: CorpusHints | None) -> _Dump:
        units = text_units(text)
        norms = [normalize_line(u.text) for u in units]
        return cls(units, norms, Counter(norms), [corpus_repeat(hints, u.lines) for u in units])

    def clearly_story(self, k: int) -> bool:
        text = self.units[k].text
        return word_count(text) >= STORY_MIN_WORDS and is_sentence_like(text)

    def repeats_after_story(self, k: int) -> bool:
        """The same line appears again later, with story text in between."""
        story_seen = False
        for j in range(k + 1, len(self.units)):
            if self.norms[j] == self.norms[k] and story_seen:
                return True
            story_seen = story_seen or self.clearly_story(j)
        return False

    def corpus_reason(self, k: int) -> str | None:
        repeat = self.repeats[k]
        return None if repeat is None else f"repeats in {repeat[0]} of {repeat[1]} files"


def _read_head(dump: _Dump, article: Article) -> int:
    """Assign head roles from the top; return the index of the first story unit."""
    sources = article.field_sources
    pending: list[int] = []
    headline_at: int | None = None
    k = 0
    while k < min(len(dump.units), HEAD_MAX_UNITS):
        text = dump.units[k].text
        # a byline or date line is read as such even when it repeats across the files
        # (one columnist's dumps; dates that differ only in their digits)
        if (names := byline_from_line(text)) is not None and split_bylines(names):
            _take_byline(names, article)
        elif is_date_line(text):
            if article.published is None:
                article.published = parse_date(text)[0]
                sources["published"] = "date line"
            else:
                dump.set_aside[k] = REASON_EXTRA_DATE
        elif is_proper_name_line(text) and (dump.repeats_after_story(k) or dump.repeats[k]):
            if dump.publication is None:
                dump.publication = dump.norms[k]
                article.publication = text
                sources["publication"] = (
                    "short line before and after the story" if dump.repeats_after_story(k)
                    else "short line repeated across files"
                )
            else:
                dump.set_aside[k] = (REASON_PUBLICATION_REPEATED if dump.norms[k] == dump.publication
                                     else dump.corpus_reason(k) or REASON_UNIDENTIFIED_HEAD)
        elif reason := dump.corpus_reason(k) or chrome_reason(text):
            dump.set_aside[k] = reason
        elif article.headline is None and is_title_like(text):
            article.headline = text
            headline_at = k
            sources["headline"] = "first line"
        elif is_archive_notice(text):
            if article.notice is None:
                article.notice = text
                sources["notice"] = "archive notice cues: " + ", ".join(sorted(notice_cues(text)))
            else:
                dump.set_aside[k] = REASON_NOTICE_REPEATED
        elif is_proper_name_line(text):
            pending.append(k)
        elif (article.dek is None and headline_at == k - 1 and is_title_like(text)
              and word_count(text) >= DEK_MIN_WORDS):
            article.dek = text
            sources["dek"] = "line after the headline"
        else:
            break
        k += 1

    for p in pending:
        text = dump.units[p].text
        named_in_notice = article.notice is not None and text.casefold() in article.notice.casefold()
        if article.publication is None and named_in_notice:
            dump.publication = dump.norms[p]
            article.publication = text
            sources["publication"] = "short line named in the archive notice"
        else:
            dump.set_aside[p] = REASON_UNIDENTIFIED_HEAD
    return k


def _take_byline(names: str, article: Article) -> None:
    """Bylines from a "By …" line; a date written on the same line becomes the date."""
    for name in split_bylines(names):
        date, _ = parse_date(name)
        if date is not None and article.published is None:
            article.published = date
            article.field_sources["published"] = "byline line"
        elif date is None and name not in article.bylines:
            article.bylines.append(name)
    article.field_sources["bylines"] = "By line"


def _read_story_and_footer(dump: _Dump, article: Article, start: int) -> None:
    units = dump.units
    rest = range(start, len(units))

    def strong_reason(k: int) -> str | None:
        """Chrome anywhere, even inside the story."""
        if dump.publication is not None and dump.norms[k] == dump.publication:
            return REASON_PUBLICATION_REPEATED
        if reason := dump.corpus_reason(k):
            return reason
        reason = chrome_reason(units[k].text)
        return reason if reason and word_count(units[k].text) <= VERY_SHORT_WORDS else None

    def tail_reason(k: int) -> str | None:
        """Chrome once the story is over."""
        return strong_reason(k) or chrome_reason(units[k].text)

    story_end = max((k for k in rest if tail_reason(k) is None and dump.clearly_story(k)), default=None)
    if story_end is None:
        story_end = max((k for k in rest if tail_reason(k) is None and is_sentence_like(units[k].text)),
                        default=start - 1)
    while (story_end + 1 < len(units) and tail_reason(story_end + 1) is None
           and is_sentence_like(units[story_end + 1].text)):
        story_end += 1

    _find_publication_in_footer(dump, article, story_end + 1)

    for k in range(start, story_end + 1):
        if reason := strong_reason(k):
            dump.set_aside[k] = reason
        else:
            article.paragraphs.append(units[k].text)

    for k in range(story_end + 1, len(units)):
        text = units[k].text
        if article.notice is None and is_archive_notice(text):
            article.notice = text
            article.field_sources["notice"] = "archive notice cues (after the story): " + ", ".join(
                sorted(notice_cues(text)))
            continue
        dump.set_aside[k] = tail_reason(k) or REASON_FOOTER

    article.set_aside.extend(SetAside(units[k].raw, reason) for k, reason in sorted(dump.set_aside.items()))
    if article.paragraphs:
        article.field_sources["paragraphs"] = "text blocks between the head and the footer"


def _find_publication_in_footer(dump: _Dump, article: Article, footer_start: int) -> None:
    """No publication line in the head: a short name repeated in the footer, or named in
    its copyright line, is the publication."""
    if dump.publication is not None:
        return
    footer = range(footer_start, len(dump.units))
    copyright_text = " ".join(dump.units[k].text.casefold() for k in footer
                              if chrome_reason(dump.units[k].text) == "copyright line")
    for k in footer:
        text = dump.units[k].text
        if not is_proper_name_line(text) or chrome_reason(text):
            continue
        repeated = sum(1 for j in footer if dump.norms[j] == dump.norms[k]) >= 2
        if repeated or text.casefold() in copyright_text:
            dump.publication = dump.norms[k]
            article.publication = text
            article.field_sources["publication"] = (
                "short line repeated after the story" if repeated else "short line named in the copyright line"
            )
            return
