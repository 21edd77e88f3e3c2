from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("morgue.api.urls")),
    path("accounts/", include("morgue.accounts.urls")),
    path("desk/", include("morgue.editorial.urls")),
    # The site comes last: it ends with the catch-all for articles and old URLs.
    path("", include("morgue.site.urls")),
]

handler404 = "morgue.site.views.not_found"
