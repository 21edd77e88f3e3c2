"""Organisations: one entity per organisation, its name without a leading "the"."""

from __future__ import annotations

import re

from .records import Entity, Mention

__all__ = ["organisations"]

#: Short forms the press uses for a few bodies, so "the U.N." and "the United Nations"
#: are one organisation.
ALIASES = {"un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations",
           "eu": "European Union", "e.u.": "European Union",
           "north atlantic treaty organization": "NATO", "nato": "NATO"}


def organisations(text: str, spans: list[tuple[int, int]]) -> list[Entity]:
    entities: dict[str, Entity] = {}
    for start, end in spans:
        raw = text[start:end]
        name = re.sub(r"^(?:the|The)\s+", "", raw)
        name = re.sub(r"[’']s$", "", name)
        if not re.search(r"[A-Za-z]", name):
            continue
        offset = text.find(name, start)
        if name.isupper() and len(name.split()) > 1:  # a dateline's capitals: UNITED NATIONS
            name = name.title()
        label = ALIASES.get(name.casefold(), name)
        entity = entities.setdefault(label.casefold(), Entity("org", label, label))
        entity.mentions.append(Mention(offset, offset + len(raw) - (len(raw) - len(name)), text[offset:offset + len(name)]))
    return list(entities.values())
