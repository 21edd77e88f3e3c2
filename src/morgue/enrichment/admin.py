from django.contrib import admin

from .models import Enriched, EnrichmentCorrection, Entity, Mention, Quote, Topic


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "key", "code")
    list_filter = ("kind",)
    search_fields = ("name", "key", "code")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("entity", "article", "count")
    list_filter = ("entity__kind",)
    search_fields = ("entity__name",)
    raw_id_fields = ("article", "entity")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("text", "speaker", "how", "confidence", "article")
    list_filter = ("how", "kind")
    search_fields = ("text", "speaker__name")
    raw_id_fields = ("article", "speaker", "found_speaker")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "score", "article")
    list_filter = ("code",)
    raw_id_fields = ("article",)


@admin.register(Enriched)
class EnrichedAdmin(admin.ModelAdmin):
    list_display = ("article", "model", "at", "inferred_date")
    list_filter = ("model",)
    raw_id_fields = ("article",)


@admin.register(EnrichmentCorrection)
class EnrichmentCorrectionAdmin(admin.ModelAdmin):
    list_display = ("article", "target", "before", "after", "who", "actor", "created")
    list_filter = ("target",)
    raw_id_fields = ("article",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
