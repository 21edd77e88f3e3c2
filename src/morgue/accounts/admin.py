"""Consents and API tokens in the admin: to look up and revoke, not to write by hand.

The admin's own sign-in form is replaced by the site's (/accounts/login/), so it has the
same rate limits and email confirmation; signed-in non-staff are refused.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from .models import ApiToken, Consent

# allauth's documented way to route the admin's sign-in through its own
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "document", "title", "version", "given_at")
    list_filter = ("document", "version")
    search_fields = ("user__email", "version")
    date_hierarchy = "given_at"
    raw_id_fields = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue keys with `morgue user token EMAIL`; delete one here to revoke it."""

    list_display = ("prefix", "name", "user", "created", "last_used")
    search_fields = ("user__email", "name", "prefix")
    readonly_fields = ("user", "prefix", "created", "last_used")
    fields = ("user", "name", "prefix", "created", "last_used")

    def has_add_permission(self, request) -> bool:
        return False
