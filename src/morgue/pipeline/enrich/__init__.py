"""Enrichment: who and what an article is about, and who said what in it.

Plain Python, no Django: text in, an :class:`Enrichment` record out. spaCy's pipeline
(:mod:`.model`) finds the mentions; :mod:`.people`, :mod:`.places` and :mod:`.orgs`
make them entities, :mod:`.quotes` finds the quotes and their speakers, :mod:`.topics`
scores the IPTC Media Topics, and :mod:`.dates` infers a date for an undated article.
The archive stores the result (``morgue.enrichment``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import DEFAULT_MODEL, ModelMissing, load_model, model_label
from .orgs import organisations
from .people import people
from .places import places
from .quotes import find_quotes
from .records import (DateEvidence, Enrichment, Entity, InferredDate, Mention, Quote,
                      TopicScore)
from .topics import score_topics

__all__ = ["DEFAULT_MODEL", "DateEvidence", "EnrichOptions", "Enrichment", "Entity",
           "InferredDate", "Mention", "ModelMissing", "Quote", "TopicScore", "enrich_text",
           "load_model"]

#: spaCy labels read as each kind of entity.
_LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "org"}
#: Text read per spaCy call. spaCy's default limit is 1M characters; a story longer than
#: this is read in paragraphs batched up to it, so memory stays bounded.
MAX_CHARS = 100_000


@dataclass(slots=True)
class EnrichOptions:
    #: the spaCy pipeline to read with (an installed package name)
    model: str = DEFAULT_MODEL


def enrich_text(body: str, headline: str = "", section: str = "",
                options: EnrichOptions | None = None, nlp: Any = None) -> Enrichment:
    """People, places, organisations, quotes and topics of one article's body.

    Spans are offsets into ``body``; ``headline`` and ``section`` help the topics.
    """
    options = options or EnrichOptions()
    nlp = nlp or load_model(options.model)
    spans: dict[str, list[tuple[int, int]]] = {"person": [], "place": [], "org": []}
    for offset, doc in _docs(nlp, body):
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind:
                spans[kind].append((offset + ent.start_char, offset + ent.end_char))
    persons = people(body, spans["person"])
    entities = [*persons, *places(body, spans["place"]), *organisations(body, spans["org"])]
    return Enrichment(entities=entities, quotes=find_quotes(body, persons),
                      topics=score_topics(" ".join((headline, body)), section),
                      model=model_label(nlp))


def _docs(nlp: Any, body: str) -> list[tuple[int, Any]]:
    """spaCy documents of the body, each with its offset; long bodies in pieces."""
    if len(body) <= MAX_CHARS:
        return [(0, nlp(body))]
    pieces, start = [], 0
    while start < len(body):
        end = body.rfind("\n\n", start, start + MAX_CHARS)
        end = start + MAX_CHARS if end <= start else end
        pieces.append((start, body[start:end]))
        start = end
    return [(offset, doc) for (offset, _), doc in zip(pieces, nlp.pipe(t for _, t in pieces),
                                                      strict=True)]
