"""What a body paragraph looks like if it is site furniture, by its shape alone.

Builds on :func:`morgue.pipeline.extract.chrome.chrome_reason` (copyright, sign-in,
terms, share buttons, "ADVERTISEMENT") and adds the kinds a story body picks up when a
template's boxes are saved into it: most-read lists, related-link headers, photo
credits, pagination, "click here" and comment prompts. Like that module, the rules
name kinds of line, not one paper's wording, and they only fire on short lines that
are not ordinary sentences (or whose whole shape is the cue, like "(AP Photo/J. Doe)").
"""

from __future__ import annotations

import re

from ..extract.chrome import chrome_reason
from ..extract.lineshape import is_sentence_like, is_title_like, normalize_space, word_count

__all__ = ["chrome_kind", "is_related_header", "RELATED_LINK_MAX_WORDS"]

#: Box headers ("Most E-mailed", "Related stories", "Read more") are this short.
HEADER_MAX_WORDS = 6
#: "Read more: <headline>" and photo-credit lines are at most this long.
CUE_LINE_MAX_WORDS = 20
#: Extraction's chrome rules need one of the words in _CHROME_HINT, or a line this short
#: (buttons, connectors); other paragraphs skip them, a speed-up with the same verdicts.
WIDGET_WORDS = 6
#: A related-link list item is a headline: at most this many words.
RELATED_LINK_MAX_WORDS = 20

_I = re.I
_CHROME_HINT = re.compile(r"terms|privacy|cookie|accept|agree|by (?:using|continuing|accessing|visiting|browsing)|"
                          r"reproduced|republished|redistributed|copyright|©|\(c\)|rights reserved|"
                          r"sign|log|regist|subscri|account|password", re.I)
_MOST = re.compile(
    r"^(?:most (?:e-?mailed|emailed|read|popular|viewed|shared|commented|recent)(?: (?:stories|articles|news))?|"
    r"trending(?: now| stories| news)?|popular (?:now|stories|articles)|recommended(?: for you| stories| reading)?|"
    r"editor'?s picks|you (?:may|might) (?:also )?(?:like|enjoy)|don'?t miss|top stories|latest (?:news|stories|headlines)|"
    r"more (?:news|stories|headlines)|in other news|what(?:'s| is) new)\s*:?$", _I)
_RELATED_HEADER = re.compile(
    r"^(?:related(?: stories| articles| coverage| links| content| news| topics| reading)?|see also|"
    r"more on this(?: story| topic)?|more about this|further reading|also read|read more|read next|"
    r"more from [\w .&'-]{1,40})\s*:?$", _I)
_RELATED_LINE = re.compile(r"^(?:related|see also|read more|also read|read next|more)\s*:\s*\S", _I)
_PHOTO = re.compile(
    r"^\(?(?:(?:main|top|header|lead|featured) )?(?:photos?|photograph(?:s|y)?|images?|pictures?|illustrations?|"
    r"graphics?|video|file photo)\s*"
    r"(?:by\b|:|credit\b|courtesy\b|©)|"
    r"^\((?:AP|AFP|Reuters|EPA|Getty)[^()]{0,60}\)$|"
    r"\b(?:AP|AFP|Reuters|EPA|Bloomberg|Getty Images|Shutterstock|Xinhua|Staff)\s*(?:Photo)?\s*/\s*[A-Z][\w.' -]{1,40}\)?$|"
    r"/\s*(?:Getty Images|AFP|AP|Reuters|EPA|Bloomberg|Shutterstock|Xinhua|Staff(?: photographer)?)\)?$", _I)
_PAGES = re.compile(
    r"(?:^|\|\s*|\s)page \d+ (?:of|/) \d+\b|^(?:next|previous|prev|older|newer) (?:page|story|article)\b|"
    r"^continued (?:on|from) page\b|^(?:«|‹)\s*(?:prev|previous)|\b(?:next|more)\s*(?:»|›)$", _I)
_PROMPT = re.compile(
    r"^(?:click (?:here|to|for)|tap (?:here|to)|continue reading|story continues (?:below|after)|"
    r"scroll (?:down|to continue)|skip (?:to|ad)|read the (?:full|whole|rest of the) (?:story|article)|"
    r"watch(?: the)? video|listen to (?:this|the) (?:story|article)|get (?:the|our) (?:free )?(?:app|newsletter)|"
    r"download (?:the|our) app|follow (?:us|me|@\w+)|like us on|join (?:us|our|the conversation)\b|"
    r"leave a (?:comment|reply)|post a comment|add (?:a|your) comment|view (?:all )?comments|"
    r"show comments|comments? \(\d+\)|\d+ comments?|report (?:an error|a typo|this comment)|"
    r"(?:already a subscriber|not a subscriber)\b|this (?:article|story|content) is (?:for|available to) subscribers|"
    r"see (?:more|all|the) (?:photos|pictures|images)|(?:view|see) (?:the )?(?:photo )?gallery)", _I)
_TAGS_LINE = re.compile(r"^(?:filed under|tags?|tagged|topics?|categories|category|posted in|more about)\s*:", _I)
_SHARE_LINE = re.compile(
    r"^(?:(?:share(?: this)?|tweet|e-?mail|print|save|comment|facebook|twitter|linkedin|whatsapp|reddit|"
    r"pinterest|copy link|\d+)\s*[|·•/,:]?\s*){2,}$", _I)


def chrome_kind(text: str) -> str | None:
    """The kind of site furniture ``text`` looks like, or None if it could be story text."""
    t = normalize_space(text)
    if not t:
        return None
    words = word_count(t)
    if (words <= WIDGET_WORDS or _CHROME_HINT.search(t)) and (reason := chrome_reason(t)):
        return reason
    if t.startswith(("ⓒ", "Ⓒ")):  # the circled c some Asian sites use for ©
        return "copyright line"
    if words > CUE_LINE_MAX_WORDS:
        return None  # every rule below is for short lines
    sentence = is_sentence_like(t)
    if words <= HEADER_MAX_WORDS and (_MOST.match(t) or _RELATED_HEADER.match(t)):
        return "most-read or related-links box header"
    if words <= CUE_LINE_MAX_WORDS and _RELATED_LINE.match(t):
        return "related-story link"
    if words <= CUE_LINE_MAX_WORDS and _PHOTO.search(t) and (not sentence or t.startswith("(")):
        return "photo credit"
    if words <= HEADER_MAX_WORDS + 4 and _PAGES.search(t):
        return "pagination links"
    if words <= CUE_LINE_MAX_WORDS and _PROMPT.match(t):
        return "reader prompt (click, follow, comment)"
    if words <= 10 and _SHARE_LINE.match(t):
        return "share buttons"
    if words <= CUE_LINE_MAX_WORDS and _TAGS_LINE.match(t):
        return "tags or filed-under line"
    return None


def is_related_header(text: str) -> bool:
    t = normalize_space(text)
    return word_count(t) <= HEADER_MAX_WORDS and bool(_MOST.match(t) or _RELATED_HEADER.match(t))


def is_link_like(text: str) -> bool:
    """A headline-shaped line, as items of a related-links list are."""
    t = normalize_space(text)
    return word_count(t) <= RELATED_LINK_MAX_WORDS and is_title_like(t)
