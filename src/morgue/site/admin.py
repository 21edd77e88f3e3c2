"""The legacy-URL claims in the admin (derived rows, rebuilt with the search index)."""

from django.contrib import admin

from .models import LegacyPath


@admin.register(LegacyPath)
class LegacyPathAdmin(admin.ModelAdmin):
    list_display = ("path", "article", "rank", "legacy_url")
    list_filter = ("rank",)
    search_fields = ("path", "legacy_url")
    raw_id_fields = ("article",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
