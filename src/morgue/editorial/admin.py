from django.contrib import admin

from morgue.archive.admin import ReadOnlyAdmin

from .models import AuditEntry, Proposal, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("pk", "article", "part", "status", "reporter", "created", "resolved_at")
    list_filter = ("status", "part")
    search_fields = ("what_is_wrong", "suggested_fix", "source", "resolution")
    raw_id_fields = ("article", "reporter", "resolved_by", "correction")
    date_hierarchy = "created"


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    """Decide proposals at the desk, where the rules are; here they are only read."""

    list_display = ("pk", "entry", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("note", "entry__reason")
    raw_id_fields = ("entry", "report", "outcome", "decided_by")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Append-only: read here, written only by the desk's actions."""

    list_display = ("created", "who_name", "action", "article_id", "finding_id", "report_id",
                    "correction_id", "proposal_id")
    list_filter = ("action",)
    search_fields = ("who_name", "detail")
    date_hierarchy = "created"
