"""Django settings, derived from :mod:`morgue.config` (environment variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from morgue import config
from morgue.accounts.mailconfig import email_config
from morgue.store import is_remote, local_root

MORGUE_HOME: Path = config.home()
# A folder, or any fsspec URL every worker of a cluster can reach (s3://bucket/captures).
MORGUE_STORE: Path | str = (config.get("MORGUE_STORE") if is_remote(config.get("MORGUE_STORE"))
                            else local_root(config.get("MORGUE_STORE") or MORGUE_HOME / "captures"))


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

# The public site: the paper's name and notice, and its public address.
MORGUE_SEARCH_ENGINE: str = config.get("MORGUE_SEARCH_ENGINE").strip().lower()
MORGUE_SEARCH_INDEX: Path = Path(config.get("MORGUE_SEARCH_INDEX")
                                 or MORGUE_HOME / "search-index").resolve()
MORGUE_PAPER_NAME: str = config.get("MORGUE_PAPER_NAME")
MORGUE_ARCHIVE_NOTICE: str = config.get("MORGUE_ARCHIVE_NOTICE").replace(
    "{paper}", MORGUE_PAPER_NAME)
MORGUE_SITE_URL: str = config.get("MORGUE_SITE_URL").rstrip("/")
if MORGUE_SITE_URL:
    _site = urlsplit(MORGUE_SITE_URL)
    if _site.hostname and _site.hostname not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_site.hostname)
    CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
    if _site.scheme == "https":
        # Served over HTTPS behind a proxy that says so: cookies only travel encrypted.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        # The proxy adds the reader's address to X-Forwarded-For: rate limits count
        # readers, not the proxy.
        ALLAUTH_TRUSTED_PROXY_COUNT = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "ninja",  # its API docs then use local static files, which the CSP allows
    "morgue.archive",
    "morgue.search",
    "morgue.enrichment",
    "morgue.site",
    "morgue.api",
    "morgue.accounts",  # before allauth: its templates override allauth's
    "allauth",
    "allauth.account",
    "morgue.editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "morgue.site.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
                "morgue.site.context.site",
                "morgue.accounts.context.account",
            ],
        },
    },
]
WSGI_APPLICATION = "morgue.wsgi.application"


def _database() -> dict[str, Any]:
    if url := config.get("MORGUE_DATABASE_URL"):
        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(MORGUE_HOME / "morgue.sqlite3"),
        "OPTIONS": {
            # WAL lets readers (the web site) work while an ingest writes; IMMEDIATE
            # transactions make a second writer wait instead of failing mid-transaction.
            # mmap and a bigger page cache: the site and search read the same pages over
            # and over; mapped pages are shared by every worker process.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                            "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
        # Opening a connection runs the pragmas above (~35 ms with a 1 GB map): keep it
        # open between requests.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 when installed, else Django's PBKDF2 default.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth, morgue.accounts): the email address is the login; it must be
# confirmed before the account can sign in (and so report errors).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # the admin, tests' force_login
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{MORGUE_PAPER_NAME} archive] "
ACCOUNT_FORMS = {"signup": "morgue.accounts.forms.SignupForm"}
# Counted in the cache below, which every server process shares. Failed sign-ins: 10 a
# minute from one client, 5 in 5 minutes for one account, then refused until the window
# passes; more than 30 sign-ins a minute from one client: 429 Too Many Requests.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "confirm_email": "1/3m/key",
}

# Email: files in MORGUE_HOME/mail unless MORGUE_EMAIL_URL says otherwise (morgue.config).
_email = email_config(config.get("MORGUE_EMAIL_URL"), MORGUE_HOME)
EMAIL_BACKEND = _email.backend
EMAIL_HOST, EMAIL_PORT = _email.host, _email.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.user, _email.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _email.use_tls, _email.use_ssl
EMAIL_TIMEOUT = 30
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path
DEFAULT_FROM_EMAIL = SERVER_EMAIL = config.get("MORGUE_EMAIL_FROM")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
# Whitenoise serves the apps' static files straight from their folders: no collectstatic,
# so no STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

# Search results and listing counts are cached until the index changes (morgue.search.cache);
# a folder in the archive home is shared by every worker process of the server.
CACHES = {
    "default": {
        "BACKEND": "morgue.filecache.FileCache",
        "LOCATION": str(MORGUE_HOME / "cache"),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# django.contrib.sites: site 1 is this archive (flat pages, sitemaps, feeds); its domain
# follows MORGUE_SITE_URL or the address `morgue serve` listens on.
SITE_ID = 1

# Security headers beyond the Content Security Policy (morgue.site.security).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
