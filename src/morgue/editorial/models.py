"""What the desk keeps beside the corrections log: readers' reports, the fate of
editors' proposals, and the audit trail of every action.

The text of every change lives in the log (:class:`morgue.archive.models.Correction`).
These tables hold only what the log cannot: a reader's words, and which proposal is
still waiting (a log entry's status is set once; the decision about it comes later).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from morgue.archive.models import Article, Correction, Finding


class Report(models.Model):
    """A reader's report of an error in an article."""

    class Part(models.TextChoices):
        HEADLINE = "headline", "headline"
        DEK = "dek", "standfirst"
        BYLINE = "byline", "byline"
        DATE = "date", "date"
        SECTION = "section", "section"
        BODY = "body", "article text"
        OTHER = "other", "something else"

    class Status(models.TextChoices):
        OPEN = "open"
        CORRECTED = "corrected"  # an editor corrected the article (``correction``)
        REJECTED = "rejected"  # an editor judged it not an error (``resolution``)

    #: the published field each part names (None: the editor picks one)
    FIELD_OF = {"headline": "headline", "dek": "dek", "byline": "bylines",
                "date": "published", "section": "section", "body": "body", "other": None}

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reports")
    # SET_NULL: a reader may delete their account; the report stays, unsigned.
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="error_reports")
    part = models.CharField(max_length=16, choices=Part.choices)
    what_is_wrong = models.TextField()
    suggested_fix = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="where the reader knows it from")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    resolution = models.TextField(blank=True, help_text="the editor's note to the reader")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    correction = models.ForeignKey(Correction, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="reports")
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    @property
    def field(self) -> str | None:
        return self.FIELD_OF.get(self.part)

    def __str__(self) -> str:
        return f"report {self.pk} on article {self.article_id} ({self.status})"


class Proposal(models.Model):
    """An editor's proposed correction waiting for a decision.

    The change itself is the PROPOSED entry in the log (``entry``); approving writes an
    APPLIED entry, rejecting a REJECTED one (``outcome``). ``outcome`` is unique, so a
    proposal is decided at most once, whatever two editors do at the same moment.
    """

    class Status(models.TextChoices):
        OPEN = "open"
        APPROVED = "approved"
        REJECTED = "rejected"

    entry = models.OneToOneField(Correction, on_delete=models.PROTECT, related_name="proposal")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="proposals")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    outcome = models.OneToOneField(Correction, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decided_proposal")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"proposal {self.pk} ({self.status}) for article {self.entry.article_id}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise ValueError("the audit trail is append-only")

    def delete(self):
        raise ValueError("the audit trail is append-only")


def _ref(model: type[models.Model], related_name: str) -> models.ForeignKey:
    # A plain reference, kept when the row goes (findings are replaced on a check rerun):
    # no database constraint, nothing cascades into the trail.
    return models.ForeignKey(model, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name=related_name)


class AuditEntry(models.Model):
    """One thing someone did at the desk: who, what, to which article, when.

    Append-only: rows are written by :func:`morgue.editorial.audit.record` and never
    changed (only ``who`` is cleared when that account is deleted; ``who_name`` stays).
    """

    class Action(models.TextChoices):
        REPORT = "report"
        PROPOSE = "propose"
        APPROVE = "approve"
        REJECT = "reject"
        BULK_APPROVE = "bulk-approve"

    created = models.DateTimeField(default=timezone.now, db_index=True)
    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")
    who_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices, db_index=True)
    article = _ref(Article, "+")
    finding = _ref(Finding, "+")
    report = _ref(Report, "+")
    correction = _ref(Correction, "+")
    proposal = _ref(Proposal, "+")
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "audit entries"

    @property
    def summary(self) -> str:
        """The reason given, or the check a bulk approval was for."""
        return str(self.detail.get("reason") or self.detail.get("code") or "")

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("the audit trail is append-only")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.who_name or 'someone'} {self.action}"
