"""Every model in the admin, with filters and search, so an operator can mend data."""

from django.contrib import admin

from .models import Article, Capture, Correction, Finding, IngestRun, Problem


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


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "code", "severity", "field", "message")
    list_filter = ("code", "severity")
    search_fields = ("message",)
    raw_id_fields = ("article",)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "field", "kind", "status", "who", "created")
    list_filter = ("kind", "status")
    raw_id_fields = ("article", "finding", "reverts")
