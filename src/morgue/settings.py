"""Django settings, derived from :mod:`morgue.config` (environment variables)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from morgue import config

MORGUE_HOME: Path = config.home()
MORGUE_STORE: Path = Path(config.get("MORGUE_STORE") or MORGUE_HOME / "captures").resolve()


def _secret_key() -> str:
    if key := config.get("MORGUE_SECRET_KEY"):
        return key
    key_file = MORGUE_HOME / "secret.key"
    if key_file.exists():
        return key_file.read_text().strip()
    # Only good for command-line work before `morgue init`; the web site refuses to start
    # with it unless MORGUE_DEBUG is on (see morgue.cli).
    return "insecure-morgue-key-run-morgue-init"


SECRET_KEY = _secret_key()
DEBUG = config.get("MORGUE_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in config.get("MORGUE_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "morgue.archive",
    "morgue.search",
    "morgue.site",
    "morgue.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "morgue.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "morgue.wsgi.application"


def _database() -> dict:
    if url := config.get("MORGUE_DATABASE_URL"):
        return dj_database_url.parse(url, conn_max_age=60)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(MORGUE_HOME / "morgue.sqlite3"),
        "OPTIONS": {
            # WAL lets readers (the web site) work while an ingest writes; IMMEDIATE
            # transactions make a second writer wait instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 when installed, else Django's PBKDF2 default.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
