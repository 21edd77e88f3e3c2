"""What the archive keeps: captures, the articles extracted from them, and the record
of everything that happened to them (ingest runs, problems, findings, corrections)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IngestRun(models.Model):
    """One `morgue ingest` invocation."""

    class Status(models.TextChoices):
        RUNNING = "running"
        FINISHED = "finished"
        INTERRUPTED = "interrupted"  # the process died; a rerun picks up where it stopped

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField(default=list)
    options = models.JSONField(default=dict)
    host = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    pages_seen = models.IntegerField(default=0)
    already_had = models.IntegerField(default=0)
    captures_added = models.IntegerField(default=0)
    articles_added = models.IntegerField(default=0)
    duplicates = models.IntegerField(default=0)
    problems = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status}, {self.started:%Y-%m-%d %H:%M})"


class Capture(models.Model):
    """One page or record as the legacy source held it.

    The bytes live in the capture store under ``sha256`` and are never modified; the
    same bytes seen again (another URL, another source) get their own Capture row that
    points at the first with ``duplicate_of``, and no second article.
    """

    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    source = models.TextField(help_text="file or folder given to ingest")
    locator = models.TextField(help_text="where in the source: relative path, WARC offset, row")
    format = models.CharField(max_length=16)
    legacy_url = models.TextField(blank=True, db_index=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    declared_charset = models.CharField(max_length=64, blank=True)
    http_status = models.IntegerField(null=True, blank=True)
    http_headers = models.JSONField(default=list, blank=True)
    fields = models.JSONField(default=dict, blank=True, help_text="fields a CMS export gave")
    run = models.ForeignKey(IngestRun, on_delete=models.PROTECT, related_name="captures")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "locator"], name="capture_once_per_place")
        ]

    def __str__(self) -> str:
        return self.legacy_url or self.locator


class Article(models.Model):
    """What extraction made of a capture. Published text = this + applied corrections."""

    class Status(models.TextChoices):
        PUBLISHED = "published"
        HELD = "held"  # a blocking finding keeps it off the site; never deleted

    capture = models.OneToOneField(Capture, on_delete=models.PROTECT, related_name="article")
    url = models.CharField(max_length=255, unique=True, help_text="path on the new site")
    slug = models.SlugField(max_length=120)
    legacy_url = models.TextField(blank=True, db_index=True)
    headline = models.TextField(blank=True)
    dek = models.TextField(blank=True)
    bylines = models.JSONField(default=list, blank=True)
    dateline = models.CharField(max_length=255, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    section = models.CharField(max_length=255, blank=True, db_index=True)
    tags = models.JSONField(default=list, blank=True)
    body = models.TextField(blank=True, help_text="paragraphs separated by one blank line")
    language = models.CharField(max_length=16, blank=True)
    word_count = models.IntegerField(default=0)
    notice = models.TextField(blank=True)
    publication = models.CharField(max_length=255, blank=True)
    field_sources = models.JSONField(default=dict, blank=True)
    set_aside = models.JSONField(default=list, blank=True)
    extractor = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.headline or self.url


class Problem(models.Model):
    """Something in the input that could not be ingested as it should, and why.

    ``sha256`` names the bytes that could be read, kept in the capture store.
    """

    class Severity(models.TextChoices):
        ERROR = "error"
        WARNING = "warning"

    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="problem_set")
    source = models.TextField()
    locator = models.TextField()
    stage = models.CharField(max_length=16)  # read, store, extract, load
    severity = models.CharField(max_length=8, choices=Severity.choices)
    reason = models.TextField()
    sha256 = models.CharField(max_length=64, blank=True)
    #: set when a later run got past this place, or met a newer problem there
    resolved = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source", "locator"], name="problem_place")]

    def __str__(self) -> str:
        return f"{self.locator}: {self.reason}"


class Finding(models.Model):
    """What a check (or extraction) noticed about an article."""

    class Severity(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        ERROR = "error"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=32, db_index=True, help_text="the check's code, e.g. encoding")
    severity = models.CharField(max_length=8, choices=Severity.choices)
    field = models.CharField(max_length=32, blank=True)
    span_start = models.IntegerField(null=True, blank=True)
    span_end = models.IntegerField(null=True, blank=True)
    message = models.TextField()
    evidence = models.TextField(blank=True)
    proposed_fix = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class Correction(models.Model):
    """One entry of the append-only corrections log."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer"
        EDITORIAL = "editorial"

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        APPLIED = "applied"
        REJECTED = "rejected"
        REVERTED = "reverted"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=32)
    span_start = models.IntegerField(null=True, blank=True)
    span_end = models.IntegerField(null=True, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField()
    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL)
    reverts = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=Status.choices)
    created = models.DateTimeField(auto_now_add=True)

    def save(self, *args, **kwargs) -> None:
        # The log is append-only: a correction is reverted by adding another one.
        if self.pk is not None:
            raise ValueError("corrections are append-only; add a new correction instead")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.kind} correction to {self.field} of article {self.article_id}"
