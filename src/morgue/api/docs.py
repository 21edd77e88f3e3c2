"""Browsable API docs (Swagger UI) served from this site, not from a CDN.

django-ninja ships Swagger UI's files but only serves them itself when ``ninja`` is an
installed app; otherwise its docs page loads them from a CDN, which a strict Content
Security Policy (and an offline newsroom) would block. Here the page and its files come
from /api/docs/, with no inline script.
"""

from __future__ import annotations

import json
import mimetypes
from html import escape
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja.openapi.docs import DocsBase

from .errors import error_response

ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
#: the files the docs page uses; nothing else in that folder is served
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js",
                    "favicon.png", "favicon.svg"})

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" href="{assets}favicon.svg">
</head>
<body>
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: ninja.NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"layout": "BaseLayout", "deepLinking": True,
                    "url": self.get_openapi_url(api, kwargs)}
        # "</" cannot end the JSON's script element early.
        data = json.dumps(settings).replace("</", "<\\/")
        assets = reverse("api-docs-asset", args=["x"]).removesuffix("x")
        return HttpResponse(PAGE.format(title=escape(api.title), settings=data,
                                        assets=escape(assets)))


def asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in SERVED:
        return error_response(404, "not_found", f"no docs file {name!r}")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
