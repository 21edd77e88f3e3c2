"""The JSON API (django-ninja) under /api/."""
