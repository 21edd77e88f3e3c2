"""Site chrome recognised by the shape of a line: copyright, sign-in, terms, connectors.

These rules name kinds of line, not one paper's wording: "© 2025 The New York Sun
Company, LLC. All rights reserved." and "Copyright 2024 Ledger Media Group." are both a
copyright line. Callers decide where a rule may apply; :func:`chrome_reason` only says
what a line would be if it were chrome. A long sentence that merely mentions a privacy
policy is not chrome: the cue rules require several cues or a short, non-sentence line.
"""

from __future__ import annotations

import re

from .lineshape import is_sentence_like, normalize_space, word_count

__all__ = ["chrome_reason", "legal_cues", "navigation_reason"]

#: A copyright line is at most this long; "© 2025 X. All rights reserved." plus a
#: sentence of legalese fits, a story paragraph about a copyright dispute does not.
COPYRIGHT_MAX_WORDS = 40

#: Sign-in / subscribe prompts are this short ("Sign in or Create a free account",
#: "Log in | Register", "Subscribe to our newsletter").
SIGN_IN_MAX_WORDS = 10

#: A single terms/privacy/cookie cue marks a line as chrome only when the line is this
#: short and not a sentence ("Privacy Policy", "Cookie settings"); a story sentence that
#: mentions a privacy policy has one cue and ends in a full stop.
LEGAL_SINGLE_CUE_MAX_WORDS = 12

#: Share/print widgets and advertisement labels are a few words at most.
WIDGET_MAX_WORDS = 6

#: A row of story tools ("E-mail this story | Printer-friendly version | Reprints") is
#: at most this many words.
TOOLS_MAX_WORDS = 16

#: Lines that only join two prompts ("Sign in" / "or" / "Create an account").
CONNECTOR_LINES = frozenset({"or", "and", "|", "/", "·", "•", "-", "–", "—", "&", "||"})

_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|©\s*\d{4}", re.I)
_SIGN_IN = re.compile(
    r"\b(?:sign[ -]?in|log[ -]?in|sign[ -]?up|log[ -]?out|sign[ -]?out|register|subscribe|"
    r"subscription|create (?:a |an |your )?(?:free )?account|my account|"
    r"forgot (?:your )?password)\b",
    re.I,
)
_LEGAL_CUES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"\bterms (?:of|and) (?:use|service|conditions)\b",
        r"\bprivacy (?:policy|notice|statement|settings)\b",
        r"\bcookies?\b",
        r"\bconstitutes? (?:your )?acceptance\b",
        r"\bagree to (?:our|the|these)\b",
        r"\baccept (?:our|the|these)\b",
        r"\bby (?:using|continuing|accessing|visiting|browsing)\b",
        r"\buser agreement\b",
        r"\bmay not be (?:reproduced|republished|redistributed)\b",
        r"\bprotected by copyright\b",
    )
)
_WIDGET = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|share(?: this(?: article| story)?)?|"
    r"tweet|print(?: this(?: article| story)?)?|e-?mail(?: this(?: article| story)?)?|"
    r"(?:share on |follow us on )?(?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest)"
    r"(?:\s*[|·•/]\s*(?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|e-?mail|print))*)$",
    re.I,
)


#: One button of a row of story tools ("E-mail this story | Printer-friendly version").
_TOOL = re.compile(
    r"^(?:e-?mail(?: this)?(?: (?:story|article|page|to a friend))?|print(?:er[- ]friendly(?: version| format)?|"
    r"able version| this(?: story| article| page)?)?|share(?: this)?(?: story| article)?|save(?: this)?(?: story|"
    r" article)?|reprints?(?: (?:&|and) permissions)?|comments?(?: \(\d+\))?|post a comment|"
    r"(?:font|text) size|[aA]\+?|larger text|smaller text|bookmark|digg(?: this)?|del\.icio\.us|rss|"
    r"(?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest))$",
    re.I,
)
_TOOL_SEPARATORS = re.compile(r"\s*[|·•/]\s*")


#: A menu line is at least this many items between separators ("Home | News | Sports"),
#: each at most MENU_ITEM_MAX_WORDS words and none a sentence.
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 4

_SKIP_LINK = re.compile(r"^(?:skip|jump|go)\s+to\s+(?:the\s+)?(?:main\s+|page\s+)?(?:content|navigation|menu|"
                        r"search|article|story|footer)\b", re.I)
_MENU_SEPARATORS = re.compile(r"\s+[|·•/»>]\s+|\s*[|·•]\s*|\s{2,}|\t")
_NAV_WORDS = re.compile(r"^(?:home|menu|search|navigation|main menu|sections?|back to top|top of page|"
                        r"next|previous|back|close|open menu|toggle navigation)$", re.I)


def navigation_reason(text: str) -> str | None:
    """The line is site navigation (a skip link, a menu, a lone "Home"/"Menu"), which a
    text dump may carry above the headline. Checks may ask the same of a headline."""
    t = normalize_space(text)
    if not t:
        return None
    if _SKIP_LINK.match(t):
        return "navigation: skip link"
    if _NAV_WORDS.match(t.strip(" :|")):
        return "navigation: menu word"
    items = [i for i in _MENU_SEPARATORS.split(text.strip()) if i.strip()]  # wide gaps count: not ``t``
    if len(items) >= MENU_MIN_ITEMS and all(
        word_count(i) <= MENU_ITEM_MAX_WORDS and not is_sentence_like(i) for i in items
    ):
        return "navigation: menu line"
    return None


def legal_cues(text: str) -> int:
    """How many distinct terms/privacy/cookie cues ``text`` contains."""
    return sum(1 for cue in _LEGAL_CUES if cue.search(text))


def chrome_reason(text: str) -> str | None:
    """The kind of chrome ``text`` looks like, or None if it looks like page content."""
    t = normalize_space(text)
    if not t:
        return None
    words = word_count(t)
    if t.casefold() in CONNECTOR_LINES:
        return "lone connector between prompts"
    if (reason := navigation_reason(t)) is not None:
        return reason
    if _COPYRIGHT.search(t) and words <= COPYRIGHT_MAX_WORDS:
        return "copyright line"
    cues = legal_cues(t)
    if cues >= 2 or (cues == 1 and words <= LEGAL_SINGLE_CUE_MAX_WORDS and not is_sentence_like(t)):
        return "terms, privacy or cookie notice"
    prompts = len(_SIGN_IN.findall(t)) if words <= SIGN_IN_MAX_WORDS else 0
    if prompts >= 2 or (prompts == 1 and not is_sentence_like(t)):
        return "sign-in or subscription prompt"
    if words <= WIDGET_MAX_WORDS and _WIDGET.match(t.rstrip(":")):
        return "share button or advertisement label"
    pieces = [p for p in _TOOL_SEPARATORS.split(t) if p]
    if len(pieces) == 1:
        pieces = t.split()  # "Facebook Twitter E-mail Print"
    if len(pieces) >= 2 and words <= TOOLS_MAX_WORDS and all(_TOOL.match(p.strip(" :")) for p in pieces):
        return "row of story tools (e-mail, print, share)"
    return None
