"""Every model in the admin, with filters and search, so an operator can mend data."""

from django.contrib import admin

from .models import (Article, Capture, CheckRun, Correction, Finding, IngestRun, LegacyPath,
                     Problem, Skipped)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only ever added through their own code (logs, trails): shown, never
    added, changed or deleted here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ("id", "started", "status", "pages_seen", "captures_added", "problems")
    list_filter = ("status",)


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    list_display = ("id", "legacy_url", "format", "captured_at", "http_status", "size")
    list_filter = ("format", "http_status", "content_type")
    search_fields = ("legacy_url", "locator", "sha256")
    raw_id_fields = ("duplicate_of", "run")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("id", "headline", "published", "section", "status", "word_count")
    list_filter = ("status", "section", "extractor")
    search_fields = ("headline", "legacy_url", "url")
    date_hierarchy = "published"
    raw_id_fields = ("capture",)


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("id", "run", "stage", "severity", "locator", "reason")
    list_filter = ("stage", "severity")
    search_fields = ("locator", "reason", "source")


@admin.register(Skipped)
class SkippedAdmin(ReadOnlyAdmin):
    list_display = ("id", "run", "kind", "locator", "reason")
    list_filter = ("kind",)
    search_fields = ("locator", "reason", "source")


@admin.register(CheckRun)
class CheckRunAdmin(admin.ModelAdmin):
    list_display = ("id", "started", "finished", "articles", "findings")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "code", "severity", "status", "blocking", "field",
                    "message")
    list_filter = ("status", "code", "severity", "blocking")
    search_fields = ("message", "evidence")
    raw_id_fields = ("article", "run")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    """Read-only: entries are added through morgue.archive.corrections (which checks
    that they apply and chains them), never changed or deleted."""

    list_display = ("id", "article", "field", "kind", "status", "who", "actor", "created")
    list_filter = ("kind", "status")
    search_fields = ("reason", "before", "after")
    raw_id_fields = ("article", "finding", "reverts")


@admin.register(LegacyPath)
class LegacyPathAdmin(admin.ModelAdmin):
    """The legacy-URL claims: derived rows, rebuilt with the search index."""

    list_display = ("path", "article", "rank", "legacy_url")
    list_filter = ("rank",)
    search_fields = ("path", "legacy_url")
    raw_id_fields = ("article",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
