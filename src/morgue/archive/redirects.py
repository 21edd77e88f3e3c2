"""Old URLs keep working: every legacy address answers one 301 to its article's new URL.

An address is matched on its path and query, whatever its scheme and host were
(``http://www.example.com/a?b=1`` and ``https://example.com/a?b=1`` are one address).
The claims (:class:`~morgue.archive.models.LegacyPath`) come from each article's capture,
the captures that are exact copies of it, the URL the page gave as its own, and every
later page of a story told over several pages (``Article.part_of``: a page's addresses
are claimed for its story), and the story's own earlier new URLs (``FormerUrl``, left
when a correction changed its headline or date). When an address is asked for, the first
published claimant wins; a held article's addresses go to the published article it
duplicates, if any, and otherwise answer 404 like the article itself.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.db import connection, transaction
from django.db.models import Q
from django.urls import Resolver404, resolve

from .models import Article, Capture, Finding, FormerUrl, LegacyPath

log = logging.getLogger(__name__)

#: Capture formats that were fetched from the address they record (rank 0); an
#: export's URL field is what the CMS said (rank 1).
CRAWLED_FORMATS = {"mirror", "warc", "arc", "crawl"}
#: Longer addresses are not kept (a B-tree index entry must stay small); none seen in
#: real archives comes near it.
MAX_PATH = 2000
#: Article fields that may list the addresses of a story's later pages (strings, or
#: objects with a "legacy_url"/"url"), once multi-page stitching records them.
PAGE_URL_FIELDS = ("part_urls", "page_urls", "legacy_urls")
#: Finding code whose ``related`` names the canonical copy of a held duplicate.
DUPLICATE_CODE = "duplicate"
CHUNK_SIZE = 1000


def legacy_key(url: str) -> str | None:
    """The path and query of an address, scheme and host dropped, path percent-decoded."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme and not url.startswith("/"):
        parts = urlsplit("//" + url)  # "www.example.com/a": a host without a scheme
    elif parts.scheme and not parts.netloc and not url.startswith(parts.scheme + "://"):
        return None  # mailto:, javascript: and the like
    path = unquote(parts.path) or "/"
    if not path.startswith("/"):
        path = "/" + path
    key = path + (f"?{parts.query}" if parts.query else "")
    return key if len(key) <= MAX_PATH else None


def request_keys(path: str, query_string: str) -> list[str]:
    """Keys to try for a request, best first: with its query, then without."""
    return [f"{path}?{query_string}", path] if query_string else [path]


# -- the claims ------------------------------------------------------------------------

def refresh(article_ids: Iterable[int] | None = None) -> int:
    """Rebuild the claims of these articles (None: all); returns how many were written.

    A later page of a multi-page story claims its addresses for the story (its first
    page's article), so the claims of a story and all its pages are rebuilt together.
    """
    written = 0
    with transaction.atomic():
        if article_ids is None:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {LegacyPath._meta.db_table}")
            return _write(Article.objects.all())
        ids = set(article_ids)
        owners = sorted(ids | set(Article.objects.filter(pk__in=ids, part_of__isnull=False)
                                  .values_list("part_of_id", flat=True)))
        for start in range(0, len(owners), CHUNK_SIZE):
            chunk = owners[start:start + CHUNK_SIZE]
            LegacyPath.objects.filter(article_id__in=chunk).delete()
            written += _write(Article.objects.filter(Q(pk__in=chunk) | Q(part_of_id__in=chunk)))
    return written


def on_reindexed(sender, article_ids=None, **kwargs) -> None:
    refresh(article_ids)


def _write(articles) -> int:
    """Claims of these articles, read as plain values (never their text), in batches."""
    extra = [f.name for f in Article._meta.get_fields() if f.name in PAGE_URL_FIELDS]
    fields = ["pk", "part_of_id", "legacy_url", "capture_id", "capture__legacy_url",
              "capture__format", *extra]
    rows = articles.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    written = 0
    for chunk in _chunked(rows, CHUNK_SIZE):
        copies: dict[int, list[tuple[str, str]]] = {}
        for first, url, fmt in Capture.objects.filter(
                duplicate_of_id__in=[r[3] for r in chunk]).values_list(
                    "duplicate_of_id", "legacy_url", "format"):
            copies.setdefault(first, []).append((url, fmt))
        former: dict[int, list[str]] = {}
        for pk, url in FormerUrl.objects.filter(article_id__in=[r[0] for r in chunk]
                                                ).values_list("article_id", "url"):
            former.setdefault(pk, []).append(url)
        batch: list[LegacyPath] = []
        for pk, story, own_url, capture_id, capture_url, capture_format, *pages in chunk:
            found = [(capture_url, capture_format), *copies.get(capture_id, [])]
            batch.extend(_claims(story or pk, own_url, found,
                                 _page_urls(pages) + former.get(pk, [])))
        LegacyPath.objects.bulk_create(batch, ignore_conflicts=True)
        written += len(batch)
    return written


def _chunked(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _claims(article_id: int, own_url: str, captures: list[tuple[str, str]],
            pages: list[str]) -> list[LegacyPath]:
    """An article's claims: its captures' addresses (crawled ones rank first), the address
    the page named as its own, and the addresses of its later pages."""
    found: dict[str, tuple[int, str]] = {}

    def claim(url: str, rank: int) -> None:
        key = legacy_key(url)
        if key is None:
            if url and url.strip():
                log.warning("article %s: legacy address %r not kept", article_id, url[:80])
            return
        if key not in found or rank < found[key][0]:
            found[key] = (rank, url)

    for url, fmt in captures:
        claim(url, 0 if fmt in CRAWLED_FORMATS else 1)
    claim(own_url, 1)
    for url in pages:
        claim(url, 0)
    return [LegacyPath(path=key, article_id=article_id, legacy_url=url, rank=rank)
            for key, (rank, url) in found.items()]


def _page_urls(values: list) -> list[str]:
    urls: list[str] = []
    for value in values:
        for item in value or ():
            if isinstance(item, str):
                urls.append(item)
            elif isinstance(item, dict):
                urls.append(str(item.get("legacy_url") or item.get("url") or ""))
    return urls


# -- answering -------------------------------------------------------------------------

def resolve_legacy(path: str, query_string: str = "") -> str | None:
    """The new URL an old address redirects to, or None when it does not redirect."""
    keys = request_keys(path, query_string)
    claims = list(LegacyPath.objects.filter(path__in=keys)
                  .select_related("article").only("path", "rank", "article__url",
                                                  "article__status"))
    if not claims:
        return None
    claims.sort(key=lambda c: (keys.index(c.path), c.rank, c.article_id))
    best_key = claims[0].path
    claims = [c for c in claims if c.path == best_key]
    for c in claims:
        if c.article.status == Article.Status.PUBLISHED:
            return c.article.url
    canonical = canonical_urls([c.article_id for c in claims])
    for c in claims:
        if c.article_id in canonical:
            return canonical[c.article_id]
    return None


def canonical_urls(held_ids: list[int]) -> dict[int, str]:
    """For held duplicates, the URL of the published article each one copies."""
    if not held_ids:
        return {}
    related: dict[int, list[int]] = {}
    for article_id, ids in (Finding.objects.filter(article_id__in=held_ids, code=DUPLICATE_CODE)
                            .order_by("-pk").values_list("article_id", "related")):
        related.setdefault(article_id, []).extend(
            int(i) for i in (ids or []) if isinstance(i, int) or str(i).isdigit())
    wanted = {i for ids in related.values() for i in ids}
    urls = dict(Article.objects.filter(pk__in=wanted, status=Article.Status.PUBLISHED)
                .values_list("pk", "url"))
    out = {}
    for article_id, ids in related.items():
        for i in ids:
            if i in urls:
                out[article_id] = urls[i]
                break
    return out


# -- the whole map: export and verification ---------------------------------------------

@dataclass(frozen=True, slots=True)
class Redirect:
    path: str  # path and query, path decoded
    target: str  # the article's new URL
    article_id: int
    legacy_url: str


@dataclass(slots=True)
class RedirectCheck:
    """What :func:`verify_redirects` found."""

    checked: int = 0
    redirects: int = 0
    #: addresses whose articles are all held (and copy nothing published): 404, as meant
    withheld: int = 0
    #: addresses claimed by several published articles (the first wins; the duplicate
    #: check should hold the others)
    ambiguous: list[str] = field(default_factory=list)
    #: (path, what is wrong) for every address that does not resolve in one hop
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def redirect_map(check: RedirectCheck | None = None, paths: list[str] | None = None
                 ) -> Iterator[Redirect]:
    """Every old address that redirects (or those of ``paths``), in path order, with
    where it goes.

    Addresses the new site answers itself (its own pages, an article's new URL) are left
    out: they never reach the redirect. ``check`` collects what is wrong on the way.
    """
    check = check if check is not None else RedirectCheck()
    claims = LegacyPath.objects.all()
    if paths is None:
        new_urls = set(Article.objects.values_list("url", flat=True))
    else:
        claims = claims.filter(path__in=paths)
        asked = {*paths, *(p.split("?", 1)[0] for p in paths)}
        new_urls = set(Article.objects.filter(url__in=asked).values_list("url", flat=True))
        new_urls |= set(Article.objects.filter(pk__in=claims.values("article_id"))
                        .values_list("url", flat=True))
        new_urls |= set(canonical_urls(list(claims.exclude(
            article__status=Article.Status.PUBLISHED).values_list("article_id", flat=True))
            ).values())
    rows = (claims.order_by("path", "rank", "article_id")
            .values_list("path", "article_id", "legacy_url", "article__url",
                         "article__status").iterator(chunk_size=CHUNK_SIZE))
    for group in _by_path(rows):
        yield from _decide(group, new_urls, check)


def legacy_urls(story_ids: Iterable[int]) -> dict[int, list[str]]:
    """Every old address that redirects to each of these stories, as the legacy material
    gave it, in path order: exactly the redirect map's entries that land on the story —
    its pages' addresses, its exact copies', the addresses its pages gave as their own,
    those of held duplicates of it, and its own earlier new URLs."""
    ids = list(story_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    urls = dict(Article.objects.filter(pk__in=ids).values_list("url", "pk"))
    copies = held_copies()
    claimants = ids + [h for i in ids for h in copies.get(i, [])]
    paths = sorted(set(LegacyPath.objects.filter(article_id__in=claimants)
                       .values_list("path", flat=True)))
    for start in range(0, len(paths), CHUNK_SIZE):
        for r in redirect_map(paths=paths[start:start + CHUNK_SIZE]):
            if r.target in urls:
                found[urls[r.target]].append(r.legacy_url)
    return found


def held_copies() -> dict[int, list[int]]:
    """Published article id -> the held duplicates whose old addresses redirect to it."""
    held = Finding.objects.filter(code=DUPLICATE_CODE, article__status=Article.Status.HELD)
    canonical = canonical_urls(list(held.values_list("article_id", flat=True).distinct()))
    by_url = dict(Article.objects.filter(url__in=set(canonical.values()))
                  .values_list("url", "pk"))
    found: dict[int, list[int]] = {}
    for held_id, url in sorted(canonical.items()):
        found.setdefault(by_url[url], []).append(held_id)
    return found


def _by_path(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    """Claims grouped by path; held articles' canonical URLs fetched per batch of paths."""
    pending: list[list[tuple]] = []
    current: list[tuple] = []
    for row in rows:
        if current and row[0] != current[0][0]:
            pending.append(current)
            current = []
            if len(pending) >= CHUNK_SIZE:
                yield from _with_canonicals(pending)
                pending = []
        current.append(row)
    if current:
        pending.append(current)
    yield from _with_canonicals(pending)


def _with_canonicals(groups: list[list[tuple]]) -> Iterator[list[tuple]]:
    held = [r[1] for g in groups for r in g if r[4] != Article.Status.PUBLISHED]
    canonical = canonical_urls(held)
    for group in groups:
        yield [(*r, canonical.get(r[1])) for r in group]


def _decide(group: list[tuple], new_urls: set[str], check: RedirectCheck
            ) -> Iterator[Redirect]:
    path = group[0][0]
    check.checked += 1
    published = [r for r in group if r[4] == Article.Status.PUBLISHED]
    if len({r[1] for r in published}) > 1:
        check.ambiguous.append(path)
    kept = published or [r for r in group if r[5]]
    chosen: tuple[Any, ...] | None = kept[0] if kept else None
    if chosen is None:
        check.withheld += 1
        return
    target = chosen[3] if published else chosen[5]
    problem = _one_hop_problem(path, target, new_urls)
    if problem:
        check.problems.append((path, problem))
        return
    check.redirects += 1
    yield Redirect(path, target, chosen[1], chosen[2])


def _one_hop_problem(path: str, target: str, new_urls: set[str]) -> str | None:
    if path.split("?", 1)[0] in new_urls or path in new_urls:
        return "is also a new article URL, which the site serves instead"
    if not _reaches_fallback(path.split("?", 1)[0]):
        return "is a page of the new site, so it is not redirected"
    if target == path:
        return "redirects to itself"
    if target not in new_urls or not _reaches_fallback(target):
        return f"redirects to {target}, which the site does not serve as an article"
    return None


#: Name of the site's last URL pattern, the catch-all that serves articles at their new
#: URLs and answers old ones with their redirect. A path any other pattern takes never
#: reaches a redirect.
CATCH_ALL = "page"


def _reaches_fallback(path: str) -> bool:
    """Whether the URL resolver sends ``path`` to the catch-all view (articles, redirects)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name == CATCH_ALL


def verify_redirects() -> RedirectCheck:
    """Check that every legacy address resolves in one hop to a published article.

    One hop: the address reaches the redirect (no page of the new site shadows it), and
    its target is a published article's URL, which the site serves without redirecting
    again. Addresses of held articles that copy nothing published are counted as
    withheld, not as problems. ``morgue verify`` reports the result.
    """
    check = RedirectCheck()
    for _ in redirect_map(check):
        pass
    return check


# -- export formats ----------------------------------------------------------------------

EXPORT_FORMATS = ("nginx", "apache", "csv")
# Characters kept as they are when writing a decoded path back as a URL.
_SAFE = "/:@!$&'()*+,;=-._~%"


def encoded(path_and_query: str) -> str:
    path, sep, query = path_and_query.partition("?")
    return quote(path, safe=_SAFE) + (sep + query if sep else "")


def write_redirects(out: io.TextIOBase, fmt: str, base: str = "") -> int:
    """Write the redirect map for a front web server; returns how many redirects."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    base = base.rstrip("/")
    count = 0
    writer = csv.writer(out) if fmt == "csv" else None
    if writer:
        writer.writerow(["legacy_path", "new_url", "article_id", "legacy_url"])
    elif fmt == "nginx":
        out.write("# morgue: legacy URLs -> new URLs. Include inside http { }, then in the\n"
                  "# server { }:  if ($morgue_redirect) { return 301 $morgue_redirect; }\n"
                  "map $request_uri $morgue_redirect {\n    default \"\";\n")
    else:
        out.write("# morgue: legacy URLs -> new URLs. Include inside <VirtualHost>.\n"
                  "RewriteEngine On\n")
    for r in redirect_map():
        target = base + r.target
        if writer:
            writer.writerow([encoded(r.path), target, r.article_id, r.legacy_url])
        elif fmt == "nginx":
            out.write(f"    {_nginx_quote(encoded(r.path))} {_nginx_quote(target)};\n")
        else:
            out.write(_apache_rule(encoded(r.path), target))
        count += 1
    if fmt == "nginx":
        out.write("}\n")
    return count


def _nginx_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apache_rule(path_and_query: str, target: str) -> str:
    path, sep, query = path_and_query.partition("?")
    rule = ""
    if sep:
        rule += f'RewriteCond "%{{QUERY_STRING}}" "^{_apache_regex(query)}$"\n'
    # QSD: the new URL is canonical; the old query string is not carried over.
    return rule + (f'RewriteRule "^{_apache_regex(path)}$" "{_apache_target(target)}" '
                   "[R=301,L,QSD]\n")


def _apache_regex(text: str) -> str:
    return re.sub(r'([\\.^$|?*+()\[\]{}"\s])', r"\\\1", text)


def _apache_target(text: str) -> str:
    return re.sub(r'([\\$%"\s])', r"\\\1", text)
