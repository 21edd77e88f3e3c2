"""People's names as printed in capitals ("MARTHA KEANE") back to normal case.

Old templates set bylines in capitals; the archive wants "Martha Keane". Only words
printed wholly in capitals are changed, so a name the page already prints in mixed case
("McDONALD", "van der Berg", "DeShawn") keeps the case the page gave it, apart from the
one common house style of a mixed-case prefix before capitals ("McDONALD" → "McDonald").
Particles inside a name go lower-case ("JAN VAN DER BERG" → "Jan van der Berg"),
apostrophes and hyphens start a new capital ("O'BRIEN" → "O'Brien", "SMITH-JONES" →
"Smith-Jones"), roman numerals and initials stay as they are.
"""

from __future__ import annotations

import re

__all__ = ["restore_case", "is_shouted"]

#: Words that stay lower-case inside a name (never as its first word).
PARTICLES = frozenset("van von der den de del della di du da das dos la le bin ibn al y ten ter".split())

#: Suffixes kept in capitals.
ROMAN = frozenset("II III IV V VI VII VIII IX X".split())

#: A capitalised word starting "MC" and at least this long reads as a Mc- name
#: ("MCDONALD" → "McDonald", "MCKAY" → "McKay"); "MAC" is not treated so, because Mack,
#: Macy and Machado are names of their own.
MC_MIN_CHARS = 5

_LETTERS = re.compile(r"[^\W\d_]")
_MIXED_PREFIX = re.compile(r"^(Mc|Mac|O'|O’|D'|D’|De|Di|La|Le|Van|Von)([^\W\d_]{2,})$")
_PIECE = re.compile(r"([-'’])")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def is_shouted(text: str) -> bool:
    """All the letters are capitals (and there are at least two of them)."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def restore_case(name: str) -> str:
    """"MARTHA KEANE" → "Martha Keane"; a name already in mixed case is kept as printed.

    >>> restore_case("JOHN McDONALD and SEAN O'BRIEN")
    "John McDonald and Sean O'Brien"
    """
    words = name.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        out.append(_word(word, first=i == 0 or not out or out[-1] == ""))
    return " ".join(out)


def _word(word: str, first: bool) -> str:
    if not word:
        return word
    core = word.strip(",;:()\"“”")
    if not core:
        return word
    mixed = _MIXED_PREFIX.match(core)
    if mixed and is_shouted(mixed[2]) and not is_shouted(mixed[1]):
        return word.replace(core, mixed[1] + mixed[2].capitalize(), 1)  # "McDONALD"
    if not is_shouted(core):
        return word  # as printed: "van", "McDonald", "DeShawn", "J."
    if core in ROMAN and not first:
        return word
    if _INITIALS.fullmatch(core):
        return word  # initials: "J." / "J.R."
    lower = core.lower()
    if not first and lower in PARTICLES:
        return word.replace(core, lower, 1)
    return word.replace(core, _cap_pieces(core), 1)


def _cap_pieces(core: str) -> str:
    pieces = _PIECE.split(core)
    fixed = []
    for piece in pieces:
        if piece in ("-", "'", "’") or not piece:
            fixed.append(piece)
            continue
        low = piece.lower()
        if low.startswith("mc") and len(low) >= MC_MIN_CHARS:
            fixed.append("Mc" + low[2:].capitalize())
        else:
            fixed.append(low.capitalize())
    return "".join(fixed)  # "O'Brien", "D'Angelo", "Smith-Jones"
