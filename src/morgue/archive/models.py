"""What the archive keeps: captures, the articles extracted from them, and the record
of everything that happened to them (ingest runs, problems, findings, corrections)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .fieldtext import fingerprint


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
    skipped = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status}, {self.started:%Y-%m-%d %H:%M})"


class IngestPartition(models.Model):
    """One partition of a source ingested on a Dask cluster (`morgue ingest --dask`).

    Keyed by (source, key), so a rerun skips the partitions an earlier run finished and
    does again those it left pending or failed; `morgue stats` counts them.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"

    run = models.ForeignKey(IngestRun, on_delete=models.PROTECT, related_name="partitions")
    source = models.TextField()
    key = models.TextField(help_text="the files, or the file and record range")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    pages = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)
    worker = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"],
                                               name="one_partition_per_source_key")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


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

    class DatePrecision(models.TextChoices):
        DAY = "day"
        MONTH = "month"

    capture = models.OneToOneField(Capture, on_delete=models.PROTECT, related_name="article")
    url = models.CharField(max_length=255, unique=True, help_text="path on the new site")
    slug = models.SlugField(max_length=120)
    legacy_url = models.TextField(blank=True, db_index=True)
    headline = models.TextField(blank=True)
    dek = models.TextField(blank=True)
    bylines = models.JSONField(default=list, blank=True)
    dateline = models.CharField(max_length=255, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    #: "month" when the source gave only year and month (``published`` is then the 1st)
    published_precision = models.CharField(max_length=8, choices=DatePrecision.choices,
                                           default=DatePrecision.DAY)
    section = models.CharField(max_length=255, blank=True, db_index=True)
    tags = models.JSONField(default=list, blank=True)
    body = models.TextField(blank=True, help_text="paragraphs separated by one blank line")
    language = models.CharField(max_length=16, blank=True)
    word_count = models.IntegerField(default=0)
    notice = models.TextField(blank=True)
    publication = models.CharField(max_length=255, blank=True)
    #: the outlet or wire service credited beside the people of the byline ("CNN")
    outlet = models.TextField(blank=True, default="")
    field_sources = models.JSONField(default=dict, blank=True)
    set_aside = models.JSONField(default=list, blank=True)
    extractor = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    created = models.DateTimeField(auto_now_add=True)
    #: digest of each extracted field as ingest wrote it; `morgue verify` recomputes it,
    #: so a hand edit of the extraction (which bypasses the log) shows up
    extraction_digest = models.JSONField(default=dict, blank=True)
    #: digest of the newest correction of this article (the end of its hash chain), so
    #: a correction removed from the end of the log shows up too
    corrections_head = models.CharField(max_length=64, blank=True)
    #: a story the legacy site printed over several pages: each page keeps its own
    #: article (its capture's extraction); a later page points at the first page's, which
    #: is the one story on the new site (its URL redirects there), see ``story_pages``
    part_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="parts")
    page_no = models.PositiveSmallIntegerField(null=True, blank=True)
    #: legacy URL of the story's first page, as a later page names it
    first_page_url = models.TextField(blank=True)

    def story_pages(self) -> list[Article]:
        """This article and its later pages, in page order (just itself for one page)."""
        return [self, *self.parts.order_by("page_no", "pk")]

    def save(self, *args, **kwargs) -> None:
        # Sealed once, when first written; only corrections change what is published.
        if not self.extraction_digest:
            self.extraction_digest = fingerprint(self)
        super().save(*args, **kwargs)

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


class Skipped(models.Model):
    """A record or file of a source that was read and is not an article: a WARC request
    or revisit, an image, a WordPress attachment or menu item. Listed, with what it is and
    why, so every input is accounted for: records in = captures + skipped + problems."""

    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="skipped_set")
    source = models.TextField()
    locator = models.TextField()
    kind = models.CharField(max_length=64, db_index=True)
    reason = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "skipped"
        constraints = [
            models.UniqueConstraint(fields=["source", "locator"], name="skipped_once_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.locator}: {self.kind}"


class CheckRun(models.Model):
    """One run of the checks (`morgue check`, the end of `morgue ingest`, after `fix`)."""

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    codes = models.JSONField(default=list, help_text="the checks that ran")
    articles = models.IntegerField(default=0)
    findings = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"check run {self.pk} ({', '.join(self.codes)})"


class Finding(models.Model):
    """What a check (or extraction) noticed about an article.

    A rerun of a check replaces that check's open findings; fixed and dismissed ones stay
    as the record (a dismissed finding is not raised again while its evidence is the same).
    """

    class Severity(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        ERROR = "error"

    class Status(models.TextChoices):
        OPEN = "open"
        FIXED = "fixed"  # a correction answers it
        DISMISSED = "dismissed"  # a person judged it not a problem

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=32, db_index=True, help_text="the check's code, e.g. encoding")
    severity = models.CharField(max_length=8, choices=Severity.choices)
    field = models.CharField(max_length=32, blank=True)
    span_start = models.IntegerField(null=True, blank=True)
    span_end = models.IntegerField(null=True, blank=True)
    message = models.TextField()
    evidence = models.TextField(blank=True)
    #: {"field", "before", "after", "span": [start, end] | null, "safe"} (records.Fix)
    proposed_fix = models.JSONField(null=True, blank=True)
    #: keeps the article off the site (status HELD) while open
    blocking = models.BooleanField(default=False)
    #: ids of related articles, e.g. the canonical copy of a duplicate
    related = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="finding_set")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "code"], name="finding_status_code")]

    @property
    def span(self) -> tuple[int, int] | None:
        if self.span_start is None or self.span_end is None:
            return None
        return (self.span_start, self.span_end)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class AppendOnly(models.QuerySet):
    """Corrections are never updated or deleted in bulk either (see Correction.save)."""

    def update(self, **kwargs) -> int:
        raise ValueError("corrections are append-only; add a new correction instead")

    def delete(self):
        raise ValueError("corrections are append-only; revert one by adding another")


class Correction(models.Model):
    """One entry of the append-only corrections log.

    Add entries with :func:`morgue.archive.corrections.add_correction`, which checks that
    the correction applies and links it into the article's hash chain (``digest``). A
    correction is undone by another one that ``reverts`` it; rows are never updated or
    deleted (the ORM refuses, and a database trigger refuses UPDATE).
    """

    class Kind(models.TextChoices):
        TRANSFER = "transfer"
        EDITORIAL = "editorial"

    # Set once, at creation. Whether an applied correction still holds is derived: it
    # is undone when an applied correction that ``reverts`` it holds.
    class Status(models.TextChoices):
        PROPOSED = "proposed"  # waiting for an editor; not applied
        APPLIED = "applied"
        REJECTED = "rejected"

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
    #: who made it when no signed-in person did, e.g. "morgue fix"
    actor = models.CharField(max_length=64, blank=True)
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="corrections")
    reverts = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reverted_by")
    status = models.CharField(max_length=16, choices=Status.choices)
    # Not auto_now_add: the time is part of the digest, so it is set before hashing.
    created = models.DateTimeField(default=timezone.now)
    #: sha256 over this entry and the digest of the article's previous correction
    digest = models.CharField(max_length=64, blank=True)

    objects = AppendOnly.as_manager()

    @property
    def span(self) -> tuple[int, int] | None:
        if self.span_start is None or self.span_end is None:
            return None
        return (self.span_start, self.span_end)

    def save(self, *args, **kwargs) -> None:
        # The log is append-only: a correction is reverted by adding another one.
        if self.pk is not None:
            raise ValueError("corrections are append-only; add a new correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("corrections are append-only; revert one by adding another")

    def __str__(self) -> str:
        return f"{self.kind} correction to {self.field} of article {self.article_id}"


class LegacyPath(models.Model):
    """One old-site address a story answers for: a page's, a copy's, or the address a
    page gave as its own.

    Rows are derived (rebuilt by :func:`morgue.archive.redirects.refresh` whenever the
    search index is) and say only who *claims* an address; which story an address
    redirects to is decided when it is asked (:func:`morgue.archive.redirects.resolve_legacy`),
    so holding or releasing an article changes where its old URLs go without rebuilding
    anything.
    """

    #: path and query, without scheme and host; the path percent-decoded
    path = models.TextField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="legacy_paths")
    #: the address as the legacy material gave it
    legacy_url = models.TextField()
    #: lower wins when several articles claim one path: 0 a crawled page (mirror, WARC),
    #: 1 an export's URL or the URL the page named as its own
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "article"],
                                               name="legacy_path_once_per_article")]
        indexes = [models.Index(fields=["path", "rank"], name="legacy_path_lookup")]

    def __str__(self) -> str:
        return f"{self.path} → article {self.article_id}"


class FormerUrl(models.Model):
    """A new-site URL a story had before a correction changed what its URL is made of
    (its headline or date). It answers one 301 to the story's URL, from the legacy-URL
    map like any old address. Written by :mod:`morgue.archive.addresses`."""

    url = models.CharField(max_length=255, unique=True, help_text="path on the new site")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_urls")
    #: the correction that moved the story away from this URL
    correction = models.ForeignKey(Correction, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    def __str__(self) -> str:
        return f"{self.url} → article {self.article_id}"


class Release(models.Model):
    """An editor's word that an article may be published, under the `when-released`
    publishing policy (MORGUE_PUBLISH): until then every article is held. A release does
    not override a blocking finding. Kept as the record of who released what, and when."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="release")
    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")
    actor = models.CharField(max_length=64, blank=True, help_text="who, when not an account")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"release of article {self.article_id}"
