"""The public archive site: article pages, browsing, search, redirects, feeds, sitemaps."""
