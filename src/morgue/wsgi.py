"""WSGI entry point for a production server (gunicorn morgue.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morgue.settings")
application = get_wsgi_application()
