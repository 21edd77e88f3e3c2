"""`morgue verify`: prove the archive is what the record says it is.

Four things are checked, and every difference is reported, none repaired:

- every blob in the capture store (captures and the bytes kept with problems) still
  hashes to its SHA-256;
- every article's extraction still matches the digest sealed at ingest (an edit that
  bypassed the corrections log shows up here, with the field named);
- every article's corrections log is intact (hash chain) and still applies, so the
  published text can be recomputed from extraction + log;
- every legacy URL resolves in one hop: straight to a published article's new URL
  (:func:`morgue.archive.redirects.verify_redirects`), unless its articles are all held;
- no story is published twice (:mod:`.doubles`): no old address is claimed by two
  published articles, and no two published articles are copies of one story.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from django.conf import settings
from django.db.models import Prefetch

from morgue.store import BlobDamaged, BlobMissing, CaptureStore

from .corrections import CorrectionError, chain_problems, published_text
from .doubles import KIND, claimed_twice, published_copies
from .fieldtext import BadFieldValue, digest_text, field_text
from .models import Article, Capture, Correction, Problem
from .redirects import RedirectCheck, verify_redirects

__all__ = ["Discrepancy", "VerifyResult", "verify_archive"]

CHUNK_SIZE = 500


@dataclass(slots=True)
class Discrepancy:
    #: "capture" (store), "extraction" (article fields), "log" (corrections),
    #: "redirect" (a legacy URL that does not resolve in one hop), "double" (one story
    #: published twice)
    kind: str
    where: str
    message: str
    article_id: int | None = None
    sha256: str | None = None


@dataclass(slots=True)
class VerifyResult:
    blobs: int = 0
    articles: int = 0
    corrections: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)
    #: the legacy-URL check (None when not run): addresses checked, redirects, withheld
    redirects: RedirectCheck | None = None

    @property
    def ok(self) -> bool:
        return not self.discrepancies


def verify_archive(progress: Callable[[int], None] | None = None, *,
                   redirects: bool = True) -> VerifyResult:
    """Re-hash every stored blob, recompute every published article and (``redirects``)
    check that every legacy URL resolves in one hop."""
    result = VerifyResult()
    store = CaptureStore(settings.MORGUE_STORE)
    for sha256 in _blob_names():
        result.blobs += 1
        if (problem := _blob_problem(store, sha256)) is not None:
            result.discrepancies.append(Discrepancy("capture", f"capture {sha256}", problem,
                                                    sha256=sha256))
        if progress:
            progress(1)
    queryset = (Article.objects.order_by("pk")
                .prefetch_related(Prefetch("corrections", Correction.objects.order_by("pk"))))
    for article in queryset.iterator(chunk_size=CHUNK_SIZE):
        result.articles += 1
        log = list(article.corrections.all())
        result.corrections += len(log)
        result.discrepancies.extend(article_discrepancies(article, log))
        if progress:
            progress(1)
    if redirects:
        result.redirects = _redirect_discrepancies(result.discrepancies)
    result.discrepancies.extend(_double_publications(result.redirects))
    return result


def _double_publications(redirects: RedirectCheck | None) -> Iterator[Discrepancy]:
    for where, message in claimed_twice(redirects.ambiguous if redirects else ()):
        yield Discrepancy(KIND, where, message)
    for where, message, article_id in published_copies():
        yield Discrepancy(KIND, where, message, article_id)


def _redirect_discrepancies(found: list[Discrepancy]) -> RedirectCheck:
    check = verify_redirects()
    for path, problem in check.problems:
        found.append(Discrepancy("redirect", f"legacy URL {path}", problem))
    return check


def work_to_do() -> int:
    """How many steps `verify_archive` reports to ``progress``."""
    return sum(q.count() for q in _blob_querysets()) + Article.objects.count()


def _blob_querysets() -> tuple:
    """The SHA-256 of every blob the database says is in the store, once each."""
    captures = Capture.objects.order_by().values_list("sha256", flat=True).distinct()
    # Bytes kept with a problem (a truncated file, say) that no capture names.
    kept = (Problem.objects.exclude(sha256="").exclude(sha256__in=Capture.objects.values("sha256"))
            .order_by().values_list("sha256", flat=True).distinct())
    return captures, kept


def _blob_names() -> Iterator[str]:
    for queryset in _blob_querysets():
        yield from queryset.iterator(chunk_size=5000)


def _blob_problem(store: CaptureStore, sha256: str) -> str | None:
    try:
        store.get(sha256)  # checks the bytes against their SHA-256
    except BlobMissing:
        return f"missing from the store ({store.path(sha256)})"
    except BlobDamaged as exc:
        return f"the stored bytes no longer match their SHA-256 (they hash to {exc.actual[:16]}…)"
    except (OSError, EOFError, zlib.error) as exc:
        return f"unreadable in the store ({store.path(sha256)}): {exc}"
    return None


def article_discrepancies(article: Article, log: list[Correction]) -> list[Discrepancy]:
    where = f"article {article.pk} ({article.url})"
    found: list[Discrepancy] = []
    if not article.extraction_digest:
        found.append(Discrepancy("extraction", where, "has no extraction digest",
                                 article.pk))
    for name, sealed in (article.extraction_digest or {}).items():
        try:
            now = digest_text(field_text(article, name))
        except KeyError:
            continue  # a field no longer published; nothing to compare
        if now != sealed:
            found.append(Discrepancy(
                "extraction", where, f"its extracted {name} was changed outside the "
                "corrections log", article.pk))
    for message in chain_problems(article, log):
        found.append(Discrepancy("log", where, message, article.pk))
    try:
        published_text(article, log)
    except (CorrectionError, BadFieldValue) as exc:
        found.append(Discrepancy("log", where, f"the published text cannot be recomputed: "
                                 f"{exc}", article.pk))
    return found
