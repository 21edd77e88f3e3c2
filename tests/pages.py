"""Invented legacy pages for tests (no Django here, so subprocess helpers can use it)."""

from __future__ import annotations

from pathlib import Path

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | The Evening Ledger</title>
<link rel="canonical" href="http://www.eveningledger.com/{path}">
<meta property="article:published_time" content="{date}T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/local/">Local</a> | <a href="/sports/">Sports</a></nav>
<article><h1>{title}</h1><p class="byline">By Martha Keane</p>
{paragraphs}
</article>
<footer>Copyright 2009 The Evening Ledger. All rights reserved.</footer>
</body></html>
"""


def write_page(root: Path, path: str, title: str, date: str, seed: int) -> Path:
    paragraphs = "\n".join(
        f"<p>Paragraph {i} of the story about {title.lower()}, told with enough words that "
        f"an extractor takes it for article text and not for navigation ({seed}).</p>"
        for i in range(1, 6))
    target = root / "www.eveningledger.com" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title, path=path, date=date, paragraphs=paragraphs),
                      encoding="utf-8")
    return target
