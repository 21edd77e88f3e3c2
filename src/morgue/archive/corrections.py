"""The corrections log: the only way a published article differs from its extraction.

The published article is a pure function of the extraction and the applied corrections,
taken in the order they were written (:func:`published_text`). Each correction replaces
``before`` by ``after`` in one field, at a character span or for the whole field; one
whose ``before`` is not where it says is refused, never applied blindly. Entries are
only ever added: :func:`revert` undoes a correction by adding its inverse. Each entry
carries a digest over itself and the article's previous entry, so a row changed or
removed behind the log's back shows up in ``morgue verify``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .fieldtext import FIELDS, BadFieldValue, field_text, parse_field
from .models import Article, Correction, Finding

__all__ = ["CannotRevert", "CorrectionDoesNotApply", "CorrectionError", "PublishedArticle",
           "add_correction", "chain_problems", "correction_recorded", "holds",
           "published_or_extraction", "published_text", "revert"]

#: Sent once a transaction that wrote corrections commits, with ``corrections``: the rows
#: it wrote, in order (one signal for a bulk approval of thousands, not one per row). The
#: search index listens here rather than being called from the log.
correction_recorded = Signal()

log = logging.getLogger(__name__)


class CorrectionError(Exception):
    """A correction cannot be written or applied; the message says why."""


class CorrectionDoesNotApply(CorrectionError):
    """The text a correction expects is not where it says."""


class CannotRevert(CorrectionError):
    pass


class _Entry(Protocol):
    pk: Any
    field: str
    span_start: int | None
    span_end: int | None
    before: str
    after: str


@dataclass(slots=True)
class PublishedArticle:
    """What the site and the export show: the extraction with the log applied."""

    id: int
    headline: str = ""
    dek: str = ""
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    published: dt.date | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    body: str = ""
    language: str = ""
    notice: str = ""
    publication: str = ""
    #: fields that differ from the extraction
    corrected: list[str] = field(default_factory=list)
    #: ids of the corrections applied, in order
    applied: list[int] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()] if self.body else []

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


def apply_entry(text: str, entry: _Entry, article_id: Any = None) -> str:
    """``text`` with one correction applied; raises :class:`CorrectionDoesNotApply`."""
    where = f"correction {entry.pk or '(new)'} to the {entry.field} of article {article_id}"
    if entry.span_start is None or entry.span_end is None:
        if text != entry.before:
            raise CorrectionDoesNotApply(
                f"{where} replaces the whole field, which should read {_clip(entry.before)} "
                f"but reads {_clip(text)}")
        return entry.after
    start, end = entry.span_start, entry.span_end
    if not 0 <= start <= end <= len(text) or text[start:end] != entry.before:
        raise CorrectionDoesNotApply(
            f"{where} expects {_clip(entry.before)} at {start}-{end} but finds "
            f"{_clip(text[start:end])} there")
    return text[:start] + entry.after + text[end:]


def published_text(article: Article, corrections: Iterable[Correction] | None = None
                   ) -> PublishedArticle:
    """The article as published: its extraction with every applied correction, in order.

    ``corrections`` defaults to ``article.corrections.all()`` (use a prefetch when
    reading many articles). Raises :class:`CorrectionDoesNotApply` or
    :class:`~morgue.archive.fieldtext.BadFieldValue` when the log does not fit.
    """
    entries = article.corrections.all() if corrections is None else corrections
    extracted = {name: field_text(article, name) for name in FIELDS}
    texts = dict(extracted)
    applied: list[int] = []
    for entry in sorted(entries, key=lambda c: c.pk):
        if entry.status == Correction.Status.APPLIED:
            texts[entry.field] = apply_entry(texts[entry.field], entry, article.pk)
            applied.append(entry.pk)
    published = PublishedArticle(id=article.pk, applied=applied)
    for name, text in texts.items():
        setattr(published, name, parse_field(name, text))
        if text != extracted[name]:
            published.corrected.append(name)
    return published


def published_or_extraction(article: Article, corrections: Iterable[Correction] | None = None
                            ) -> PublishedArticle:
    """:func:`published_text` for readers: when the log does not apply, that is the
    archive's fault, not the reader's. It is logged (``morgue verify`` reports it) and the
    extraction is shown instead."""
    try:
        return published_text(article, corrections)
    except (CorrectionError, BadFieldValue) as exc:
        log.error("article %s: corrections do not apply (%s); showing the extraction",
                  article.pk, exc)
        return PublishedArticle(id=article.pk, **{name: parse_field(name, field_text(article, name))
                                                  for name in FIELDS})


@transaction.atomic
def add_correction(article: Article, field: str, before: str, after: str, *,
                   span: tuple[int, int] | None = None, kind: str = Correction.Kind.TRANSFER,
                   reason: str, who: Any = None, actor: str = "",
                   finding: Finding | None = None, reverts: Correction | None = None,
                   status: str = Correction.Status.APPLIED) -> Correction:
    """Append one correction to the log after checking that it applies.

    ``span`` is where ``before`` is in the field's current published text (None: the
    whole field). An applied correction marks the finding it answers as fixed.
    """
    if field not in FIELDS:
        raise CorrectionError(f"{field!r} cannot be corrected; one of {', '.join(FIELDS)}")
    if kind not in Correction.Kind.values or status not in Correction.Status.values:
        raise CorrectionError(f"unknown kind {kind!r} or status {status!r}")
    if not reason.strip():
        raise CorrectionError("a correction needs a reason")
    # Lock the article so two writers cannot fork its chain (a no-op on SQLite, whose
    # IMMEDIATE transactions already serialise writers).
    locked = Article.objects.select_for_update().get(pk=article.pk)
    log = list(Correction.objects.filter(article=locked).order_by("pk"))
    entry = Correction(
        article=locked, field=field, span_start=span[0] if span else None,
        span_end=span[1] if span else None, before=before, after=after, kind=kind,
        reason=reason, who=who, actor=actor, finding=finding, reverts=reverts,
        status=status, created=timezone.now(),
    )
    if status == Correction.Status.APPLIED:
        current = published_text(locked, log)
        try:
            parse_field(field, apply_entry(field_text(current, field), entry, locked.pk))
        except BadFieldValue as exc:
            raise CorrectionError(str(exc)) from exc
    entry.digest = chain_digest(locked.corrections_head, entry)
    entry.save()
    Article.objects.filter(pk=locked.pk).update(corrections_head=entry.digest)
    article.corrections_head = entry.digest
    if status == Correction.Status.APPLIED:
        from .addresses import follow  # the URL is made of the published headline and date

        if follow(locked, published_text(locked, [*log, entry]), entry):
            article.url, article.slug = locked.url, locked.slug
    if finding is not None and status == Correction.Status.APPLIED:
        Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.FIXED)
    _announce_on_commit(entry)
    return entry


class _Announcement:
    """The corrections one transaction wrote, announced together when it commits."""

    def __init__(self) -> None:
        self.entries: list[Correction] = []

    def send(self) -> None:
        # An entry written inside a savepoint that was rolled back is not in the database
        # (and its id may have been given to a later entry, which then stands for it).
        latest = {entry.pk: entry for entry in self.entries}
        kept = set(Correction.objects.filter(pk__in=list(latest)).values_list("pk", flat=True))
        committed = [entry for pk, entry in latest.items() if pk in kept]
        if committed:
            correction_recorded.send(Correction, corrections=committed)


def _announce_on_commit(entry: Correction) -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, "_morgue_announcement", None)
    # A new announcement when none waits for this transaction's commit: the last one was
    # sent, or dropped with a rolled-back savepoint that enclosed every entry it held.
    if pending is not None and any(func == pending.send for _, func, _ in connection.run_on_commit):
        pending.entries.append(entry)
        return
    pending = connection._morgue_announcement = _Announcement()
    pending.entries.append(entry)
    transaction.on_commit(pending.send)


def holds(entry: Correction, log: Iterable[Correction]) -> bool:
    """Whether an applied correction is still in force: no correction in force reverts it."""
    reverters: dict[int, list[Correction]] = {}
    for other in log:
        if other.reverts_id is not None and other.status == Correction.Status.APPLIED:
            reverters.setdefault(other.reverts_id, []).append(other)

    def in_force(c: Correction) -> bool:
        return (c.status == Correction.Status.APPLIED
                and not any(in_force(r) for r in reverters.get(c.pk, [])))

    return in_force(entry)


@transaction.atomic
def revert(entry: Correction, *, reason: str = "", who: Any = None, actor: str = ""
           ) -> Correction:
    """Undo a correction by appending its inverse; the original stays in the log."""
    log = list(Correction.objects.filter(article_id=entry.article_id).order_by("pk"))
    if entry.status != Correction.Status.APPLIED:
        raise CannotRevert(f"correction {entry.pk} is {entry.status}, not applied; "
                           "there is nothing to revert")
    if not holds(entry, log):
        raise CannotRevert(f"correction {entry.pk} is already reverted")
    span = _current_span(entry, log)
    return add_correction(
        entry.article, entry.field, entry.after, entry.before, span=span, kind=entry.kind,
        reason=reason or f"reverts correction {entry.pk}", who=who, actor=actor,
        reverts=entry)


def _current_span(entry: Correction, log: list[Correction]) -> tuple[int, int] | None:
    """Where ``entry.after`` sits in today's text, following the corrections made since."""
    later: list[Correction] = []
    for c in log:
        if c.pk <= entry.pk or c.field != entry.field or c.status != Correction.Status.APPLIED:
            continue
        undone = next((x for x in later if x.pk == c.reverts_id), None)
        if undone is not None:  # a change and its revert, both since: together, no change
            later.remove(undone)
        else:
            later.append(c)
    if entry.span_start is None:
        if later:
            raise CannotRevert(f"correction {later[-1].pk} changed the {entry.field} since "
                               f"correction {entry.pk}; revert that first")
        return None
    start, end = entry.span_start, entry.span_start + len(entry.after)
    for c in later:
        if c.span_start is None or c.span_end is None or not (
                c.span_end <= start or c.span_start >= end):
            raise CannotRevert(f"correction {c.pk} changed the same text since correction "
                               f"{entry.pk}; revert that first")
        if c.span_end <= start:  # an edit before ours moves ours by its change in length
            shift = len(c.after) - (c.span_end - c.span_start)
            start, end = start + shift, end + shift
    return (start, end)


def chain_digest(previous: str, entry: Correction) -> str:
    """sha256 over the previous entry's digest and everything this entry says."""
    created = entry.created.astimezone(dt.UTC).isoformat() if entry.created else ""
    content = [previous, entry.article_id, entry.field, entry.span_start, entry.span_end,
               entry.before, entry.after, entry.kind, entry.reason, entry.who_id,
               entry.actor, entry.finding_id, entry.reverts_id, entry.status, created]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def chain_problems(article: Article, log: Iterable[Correction]) -> list[str]:
    """What in an article's log was changed or removed since it was written."""
    problems: list[str] = []
    previous = ""
    for entry in sorted(log, key=lambda c: c.pk):
        if entry.digest != chain_digest(previous, entry):
            problems.append(f"correction {entry.pk} was altered after it was written "
                            "(its digest no longer matches)")
        previous = entry.digest
    if previous != article.corrections_head:
        problems.append("the log ends at a different entry than the article records "
                        "(a correction was removed or added behind the log's back)")
    return problems


def _clip(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[:width] + "…")
