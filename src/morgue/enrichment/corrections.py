"""Editors' corrections of what enrichment found: who said a quote, what a mention names.

Like the archive's corrections log, these are only ever added (who, when, why, before,
after) and what readers see is what was found with them applied
(:func:`morgue.enrichment.store.reapply`), now and after every rereading.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from morgue.archive.models import Article

from .models import EnrichmentCorrection, Entity, Quote
from .store import entity_for, reapply

__all__ = ["EnrichmentCorrectionError", "correct_mention", "correct_speaker"]


class EnrichmentCorrectionError(ValueError):
    """The correction cannot be made; the message says why."""


def _ref(entity: Entity | None) -> str:
    return f"{entity.kind}:{entity.key}" if entity else ""


@transaction.atomic
def correct_speaker(quote: Quote, speaker: Entity | str | None, *, reason: str,
                    who: Any = None, actor: str = "") -> EnrichmentCorrection:
    """Give ``quote`` to ``speaker`` (a person entity, a person's name, or None:
    unattributed)."""
    if not reason.strip():
        raise EnrichmentCorrectionError("a correction needs a reason")
    if isinstance(speaker, str):
        name = " ".join(speaker.split())
        if not name:
            raise EnrichmentCorrectionError("name the speaker, or give none to unattribute")
        speaker = entity_for(Entity.Kind.PERSON, name, name)
    if speaker is not None and speaker.kind != Entity.Kind.PERSON:
        raise EnrichmentCorrectionError(f"{speaker.name} is not a person")
    if speaker == quote.speaker:
        raise EnrichmentCorrectionError("the quote is already given to them")
    entry = EnrichmentCorrection.objects.create(
        article_id=quote.article_id, target=EnrichmentCorrection.Target.SPEAKER,
        start=quote.start, end=quote.end, text=quote.text, before=_ref(quote.speaker),
        after=_ref(speaker), reason=reason, who=who, actor=actor)
    reapply(quote.article_id)
    return entry


@transaction.atomic
def correct_mention(article: Article, start: int, end: int, kind: str, key: str, name: str,
                    *, code: str = "", reason: str, who: Any = None, actor: str = ""
                    ) -> EnrichmentCorrection:
    """Say that the mention at ``start``-``end`` names another entity (Georgia the state,
    not the country), made if the archive does not have it yet."""
    if not reason.strip():
        raise EnrichmentCorrectionError("a correction needs a reason")
    if kind not in Entity.Kind.values:
        raise EnrichmentCorrectionError(f"kind must be one of {', '.join(Entity.Kind.values)}")
    current = next((m for m in article.mentions.select_related("entity")
                    if any(s[0] == start and s[1] == end for s in m.spans)), None)
    if current is None:
        raise EnrichmentCorrectionError(f"no mention at {start}-{end} of story {article.pk}")
    target = entity_for(kind, key, name, code)
    text = next(s[2] for s in current.spans if s[0] == start and s[1] == end)
    entry = EnrichmentCorrection.objects.create(
        article=article, target=EnrichmentCorrection.Target.MENTION, start=start, end=end,
        text=text, before=_ref(current.entity), after=_ref(target), reason=reason, who=who,
        actor=actor)
    reapply(article.pk)
    return entry
