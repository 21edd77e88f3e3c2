from typing import cast

from django.urls import URLPattern, include, path, re_path

from .api import api
from .docs import asset
from .errors import json_method_not_allowed, unknown_endpoint

_patterns, _app_name, _namespace = api.urls
# django-ninja's patterns are flat: every one is a URLPattern with a view
_endpoints = [URLPattern(p.pattern, json_method_not_allowed(p.callback), p.default_args, p.name)
              for p in cast(list[URLPattern], _patterns)]

urlpatterns = [
    path("docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("", include((_endpoints, _app_name), namespace=_namespace)),
    # Anything else under /api/ answers a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", unknown_endpoint),
]
