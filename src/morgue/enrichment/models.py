"""What enrichment keeps: entities (one per real-world thing across the archive), their
mentions per article, quotes with speakers, topics, and inferred dates.

Everything here is derived from an article's published text by `morgue enrich` (or
ingest) and can be rebuilt, except :class:`EnrichmentCorrection`: an editor's change to
a speaker or an entity, append-only, reapplied whenever an article is read again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from morgue.archive.models import Article


class Entity(models.Model):
    """A person, place or organisation, once for the whole archive."""

    class Kind(models.TextChoices):
        PERSON = "person"
        PLACE = "place"
        ORG = "org", "organisation"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    #: "Zalmay Khalilzad", "GE", "US-GA", "name:abkhazia", "NATO"
    key = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120)
    #: a place's gazetteer code (GE, US-GA, geonames:524901); empty otherwise
    code = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="entity_once"),
            models.UniqueConstraint(fields=["kind", "slug"], name="entity_slug_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class Enriched(models.Model):
    """That an article was read, with what, and its inferred date when it has none."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="enriched")
    model = models.CharField(max_length=128)
    #: digest of the published body that was read: a correction to it means read again
    body_digest = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    vocabulary = models.CharField(max_length=128, blank=True,
                                  help_text="the topic vocabulary and version")
    #: a date the evidence suggests for an undated article; never its date
    inferred_date = models.DateField(null=True, blank=True)
    inferred_precision = models.CharField(max_length=8, blank=True)
    #: [{"source", "detail", "date"}]
    inferred_evidence = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"article {self.article_id} read by {self.model}"


class Mention(models.Model):
    """Where an article names an entity: one row per entity and article, with every span."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="mentions")
    #: [[start, end, text], …] in the published body
    spans = models.JSONField(default=list)
    count = models.PositiveIntegerField(default=0)
    #: roles the article gives a person; why a place got its code
    roles = models.JSONField(default=list, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"],
                                               name="mention_once_per_article")]
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity")]

    def __str__(self) -> str:
        return f"{self.entity} in article {self.article_id} ×{self.count}"


class Quote(models.Model):
    """Words an article quotes, with who said them (None: kept, unattributed)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=8)  # direct, partial
    speaker = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="quotes")
    #: the speaker enrichment found, before any editor's correction
    found_speaker = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    cue = models.TextField(blank=True)
    how = models.CharField(max_length=16, blank=True)
    confidence = models.FloatField(default=0.0)

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"],
                                               name="quote_once_per_place")]

    def __str__(self) -> str:
        return f"“{self.text[:40]}…” ({self.speaker or 'unattributed'})"


class Topic(models.Model):
    """An IPTC Media Topic an article is about, with its score."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(max_length=32, db_index=True)  # medtop:11000000
    label = models.CharField(max_length=128)
    score = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "code"],
                                               name="topic_once_per_article")]

    def __str__(self) -> str:
        return f"{self.label} {self.score:.2f}"


class EnrichmentCorrection(models.Model):
    """An editor's correction of a quote's speaker or of what a mention names.

    Append-only, like the corrections log: ``before`` and ``after`` are entity keys
    (``kind:key``), ``start``/``end`` the quote's or mention's span in the published body.
    Rereading an article (`morgue enrich`) applies them again to what it finds.
    """

    class Target(models.TextChoices):
        SPEAKER = "speaker"
        MENTION = "mention"

    article = models.ForeignKey(Article, on_delete=models.PROTECT,
                                related_name="enrichment_corrections")
    target = models.CharField(max_length=8, choices=Target.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="the quote or mention as it stood")
    before = models.CharField(max_length=300, blank=True)
    after = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                            on_delete=models.PROTECT)
    actor = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:  # a restore writes new rows with their old ids
            raise ValueError("enrichment corrections are append-only; add a new one instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("enrichment corrections are append-only; add a new one instead")

    def __str__(self) -> str:
        return f"{self.target} of article {self.article_id}: {self.before} → {self.after}"
