"""A polite crawler of a live legacy site that writes WARC files (see :mod:`.crawler`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .crawler import CrawlOptions, CrawlResult, crawl_site, user_agent

__all__ = ["CrawlOptions", "CrawlResult", "crawl_site", "user_agent", "warc_name"]


def warc_name(site: str) -> str:
    """The WARC file a crawl of ``site`` writes, in the plan's crawls/ folder."""
    parts = urlsplit(site if "://" in site else f"http://{site}")
    host = (parts.hostname or "site") + (f"_{parts.port}" if parts.port else "")
    return f"{host}.warc.gz"
