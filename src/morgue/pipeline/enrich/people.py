"""People: one entity per person an article names, however it names them.

spaCy finds the mentions; here "Mr. Khalilzad", "Khalilzad" and "Zalmay Khalilzad"
become one person when the article gives the full name (the family name matches), and
the roles the article gives them ("the American ambassador to the United Nations,
Zalmay Khalilzad,"; "Ambassador Vitaly Churkin") are kept, for telling who an
unnamed "the Russian ambassador" is.
"""

from __future__ import annotations

import re
from collections import Counter

from .records import Entity, Mention

__all__ = ["TITLES", "people", "strip_title"]

#: Words before a name that are a title or courtesy, not part of the name.
TITLES = frozenset("""mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady
    sen sen. senator rep rep. representative gov gov. governor gen gen. general col col.
    lt lt. capt capt. adm adm. sgt sgt. ambassador president vice prime minister secretary
    chancellor judge justice rev rev. father pope king queen prince princess mayor
    chairman chairwoman chief commissioner director spokesman spokeswoman officer
    foreign defense defence state deputy assistant former the superintendent coach
    speaker ceo founder manager professor sheriff attorney councilman councilwoman
    hosting""".split())
_POSSESSIVE = re.compile(r"[’']s$")
#: The role in "the American ambassador to the United Nations, Zalmay Khalilzad," or
#: "Zalmay Khalilzad, the American ambassador," (an appositive). Bounded so it stays
#: inside one clause.
_ROLE_BEFORE = r"\b(?:[Tt]he|[Aa]n?) ((?:[\w.’'-]+ ){0,8}?[\w.’'-]+), $"
_ROLE_AFTER = r"^, (?:the|a|an) ((?:[\w.’'-]+ ){0,8}?[\w.’'-]+)[,.;]"


def strip_title(name: str) -> tuple[str, str]:
    """(the name without leading titles and a possessive, the titles taken off)."""
    words = _POSSESSIVE.sub("", name.strip(" -–—,;:")).split()
    while len(words) > 1 and re.search(r"\d", words[-1]):  # "Holcomb’s 2016"
        words.pop()
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    taken: list[str] = []
    while len(words) > 1 and words[0].casefold() in TITLES:
        taken.append(words.pop(0))
    return " ".join(words), " ".join(taken)


def people(text: str, spans: list[tuple[int, int]]) -> list[Entity]:
    """One entity per person among the PERSON mentions at ``spans``, in first-mention order."""
    found: list[tuple[str, str, Mention]] = []
    for start, end in spans:
        raw = text[start:end]
        name, title = strip_title(raw)
        if not title:  # a title just before the mention: "Ambassador Vitaly Churkin"
            title = _title_before(text, start)
        if not re.search(r"[A-Z]", name):
            continue
        # keep the mention's span on the name itself, without its title and possessive
        offset = raw.find(name)
        mention = Mention(start + max(offset, 0), start + max(offset, 0) + len(name), name)
        found.append((name, title, mention))
    found += _missed(text, found)
    full = Counter(n for n, _, _ in found if len(n.split()) >= 2)
    by_family: dict[str, str] = {}
    # the full name given most often for each family name, the first given among equals
    # ("Tim Cook" twice beats "Hosting Cook", a misread sentence start, once)
    for name, _ in full.most_common():
        by_family.setdefault(name.split()[-1].casefold(), name)
    firsts = Counter(n.split()[0].casefold() for n in full)
    by_first = {n.split()[0].casefold(): n for n in full if firsts[n.split()[0].casefold()] == 1}
    entities: dict[str, Entity] = {}
    for name, title, mention in found:
        word = name.split()[-1].casefold()
        key = by_family.get(word) or (by_first.get(word, name) if " " not in name else name)
        entity = entities.setdefault(key, Entity("person", key, key))
        entity.mentions.append(mention)
        if title and title.casefold() not in {"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "the"}:
            _add_role(entity, title)
    for entity in entities.values():
        for mention in entity.mentions:
            for role in _appositive_roles(text, mention):
                _add_role(entity, role)
    return list(entities.values())


def _missed(text: str, found: list[tuple[str, str, Mention]]) -> list[tuple[str, str, Mention]]:
    """Mentions the NER left out: a known person's family name used again ("Suter
    acknowledged" after "Ryan Suter"), and the full name of a one-word person written
    in a possessive the NER skipped ("Zach Parise’s" before "Parise said")."""
    covered = [(m.start, m.end) for _, _, m in found]
    names = {n for n, _, _ in found}
    extra: list[tuple[str, str, Mention]] = []
    for name in sorted(names):
        word = name.split()[-1]
        if len(word) < 3 or not word[:1].isupper():
            continue
        if " " not in name:  # a one-word name: is its full name written somewhere?
            full = re.search(rf"\b([A-Z][a-z]+) {re.escape(word)}(?=[’']s\b|\b)", text)
            if full and full.group(1).casefold() not in TITLES:
                start = full.start()
                if not any(s <= start < e for s, e in covered):
                    extra.append((f"{full.group(1)} {word}", "",
                                  Mention(start, start + len(full.group(1)) + 1 + len(word),
                                          f"{full.group(1)} {word}")))
                    covered.append((start, full.end()))
        for match in re.finditer(rf"\b{re.escape(word)}\b", text):
            if not any(s <= match.start() < e for s, e in covered):
                extra.append((word, "", Mention(match.start(), match.end(), word)))
                covered.append((match.start(), match.end()))
    return extra


def _title_before(text: str, start: int) -> str:
    word = re.search(r"([A-Z][\w.]+) $", text[max(0, start - 30):start])
    return word.group(1) if word and word.group(1).casefold() in TITLES else ""


def _appositive_roles(text: str, mention: Mention) -> list[str]:
    roles = []
    before = re.search(_ROLE_BEFORE, text[max(0, mention.start - 120):mention.start])
    if before:
        roles.append(before.group(1))
    after = re.search(_ROLE_AFTER, text[mention.end:mention.end + 120])
    if after:
        roles.append(after.group(1))
    return roles


def _add_role(entity: Entity, role: str) -> None:
    if role not in entity.roles:
        entity.roles.append(role)
