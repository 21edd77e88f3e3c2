"""Getting the site ready to serve, and running it under gunicorn."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site

from morgue.archive.models import Article
from morgue.search.models import Document


@dataclass(slots=True)
class Ready:
    domain: str
    #: articles indexed because the index was empty (None: it was not)
    indexed: int | None = None


def site_domain(address: str) -> str:
    """The public host[:port]: MORGUE_SITE_URL's when set, else the listening address."""
    if settings.MORGUE_SITE_URL:
        return urlsplit(settings.MORGUE_SITE_URL).netloc
    return address


def sync_site(domain: str) -> None:
    """Site 1 (flat pages, sitemaps, feeds) names the address the site is served at."""
    site, _ = Site.objects.get_or_create(pk=settings.SITE_ID,
                                         defaults={"domain": domain, "name": domain})
    name = f"{settings.MORGUE_PAPER_NAME} archive"
    if (site.domain, site.name) != (domain, name):
        site.domain, site.name = domain, name
        site.save()
    Site.objects.clear_cache()


def ensure_index() -> int | None:
    """Bring the index in line with what is published before serving: build it when it is
    empty (an archive ingested before the site existed), else index only what differs
    from the published set (a run killed before its reindex). Returns how many articles
    were (re)indexed, or None when the index was whole."""
    from morgue.search import catch_up, reindex

    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    if not Document.objects.exists():
        return reindex() if published.exists() else None
    return catch_up() or None


def prepare(address: str) -> Ready:
    domain = site_domain(address)
    sync_site(domain)
    return Ready(domain, ensure_index())


def run_gunicorn(bind: str, workers: int, access_log: bool = False) -> None:
    """Serve morgue.wsgi with gunicorn in this process (it forks the workers)."""
    from gunicorn.app.base import BaseApplication

    from morgue.wsgi import application

    options = {
        "bind": bind,
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "graceful_timeout": 10,
        "proc_name": "morgue",
        # Behind a proxy, trust X-Forwarded-* from the local host only (gunicorn's default).
        "forwarded_allow_ips": "127.0.0.1,::1",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
