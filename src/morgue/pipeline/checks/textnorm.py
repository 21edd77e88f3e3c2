"""The words two copies of one story share, whatever the move did to either.

A garbled copy ("donâ€™t", "cafÃ©"), a copy with escaped entities or leaked tags, and
a clean one must read as the same words, so that a copy is found before ``morgue fix``
repairs it and the groups stay the same after. Normalised: mojibake undone (ftfy,
encoding repairs only), entities unescaped (also double-escaped), tags dropped, accents
folded, apostrophes inside words dropped ("don't" = "dont"), case folded; then the
``\\w+`` words. Punctuation and whitespace never count.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ftfy.badness import is_bad

from .encoding import repair_encoding

__all__ = ["normalized_words"]

#: Entities are unescaped at most this many times (``&amp;amp;#8217;`` is three).
UNESCAPE_ROUNDS = 3

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u2018`\u00b4](?=\w)")
_WORD = re.compile(r"\w+")


def normalized_words(text: str) -> list[str]:
    """The words of ``text`` as every copy of it has them (see the module docstring)."""
    if not text.isascii() and is_bad(text):
        text = repair_encoding(text)
    for _ in range(UNESCAPE_ROUNDS):
        if "&" not in text:
            break
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _INNER_APOSTROPHE.sub("", text.casefold())
    return _WORD.findall(text)
