"""Which analyser reads an article: its language picks the stemmer and the stop words.

An article's language is detected from its text when it is indexed, and where there is
too little text to tell, taken from the archive (the page's ``<html lang>``, an export's
column). Detection comes first because the stated one is often a template's: real pages
of htmldate-eval declare ``lang="en"`` around German text (ahlen.de).
Every backend reads the same answer: PostgreSQL as the row's text search configuration,
SQLite FTS5 through Snowball stems of the text, tantivy through a field per analyser.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"\w+")

#: ISO 639-1 code → the analyser's name, which is the name of its Snowball stemmer, of
#: PostgreSQL's built-in text search configuration and of tantivy's stemmer and stop-word
#: list alike (the languages all three have).
ANALYSERS: dict[str, str] = {
    "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish",
}
ENGLISH = "english"
#: the analyser of any other language: words lowercased, nothing stemmed or dropped
SIMPLE = "simple"
#: the analyser when nothing is known (the archive's language before detection)
DEFAULT = ENGLISH
#: characters of an article read to detect its language: a paragraph or two decide it,
#: and the detector's cost grows with the text (~0.3 ms for 1,000 characters)
DETECT_CHARS = 1000
#: below this many letters a guess is noise (a headline alone, a caption): the archive's
#: stated language is used instead
MIN_DETECT_LETTERS = 150


def analyser(language: str) -> str:
    """The analyser for an ISO 639 code such as ``de`` or ``de-AT`` (empty: DEFAULT)."""
    code = (language or "").split("-")[0].split("_")[0].lower()
    if not code:
        return DEFAULT
    return ANALYSERS.get(code, SIMPLE)


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when there is too little text."""
    sample = text[:DETECT_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_DETECT_LETTERS:
        return ""
    code, _ = _identifier().classify(sample)
    return str(code)


def language_of(stated: str, text: str) -> str:
    """The detected language of the article's text, else the archive's stated one."""
    return detect(text) or (stated or "").split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=1)
def _identifier():
    # py3langid ships its model in the package and loads it once, on first use.
    from py3langid import langid

    return langid


@lru_cache(maxsize=32)
def _stemmer(name: str):
    import Stemmer

    return Stemmer.Stemmer(name)


def stems(name: str, words: list[str]) -> list[str]:
    """Snowball stems of lowercased words, for an analyser with a stemmer."""
    return _stemmer(name).stemWords([w.lower() for w in words])


def has_stemmer(name: str) -> bool:
    return name in ANALYSERS.values()


def stem_text(name: str, text: str) -> str:
    """The text's words as Snowball stems, in order (so phrases still match), for an
    analyser with a stemmer; "" otherwise."""
    if not has_stemmer(name):
        return ""
    return " ".join(stems(name, _WORD.findall(text)))
