"""The search index in the admin: read-only views of derived rows (rebuilt by reindex)."""

from django.contrib import admin

from .models import ArticleAuthor, Author, Document


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(_ReadOnly):
    list_display = ("article_id", "headline", "published", "section", "corrected")
    list_filter = ("section", "corrected", "year")
    search_fields = ("headline", "url")
    date_hierarchy = "published"
    raw_id_fields = ("article",)


@admin.register(Author)
class AuthorAdmin(_ReadOnly):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


@admin.register(ArticleAuthor)
class ArticleAuthorAdmin(_ReadOnly):
    list_display = ("article", "author", "position")
    raw_id_fields = ("article", "author")
