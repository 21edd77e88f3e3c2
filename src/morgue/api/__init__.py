"""The JSON API (django-ninja) under /api/: search and read published articles.

``api`` holds the endpoints (thin), ``queries`` what they ask of the archive and the
search index (stories read through :mod:`morgue.archive.stories`), ``schemas`` the parameters
and answers (and so the OpenAPI description), ``cursor`` the signed page cursors,
``errors`` the JSON error answers, ``docs`` the Swagger UI page served from the site.
"""
