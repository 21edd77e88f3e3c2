"""What a worker does with each page: keep its bytes, then extract an article.

Runs in worker processes without Django: it only touches the capture store (plain
files) and the extractor. The parent process writes the results to the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from morgue.pipeline.extract import CorpusHints, extract_article
from morgue.pipeline.profiles import Profile
from morgue.pipeline.quiet import captured
from morgue.pipeline.records import Article, RawPage, Skipped, SourceProblem
from morgue.store import CaptureStore

# Pages above this are kept byte for byte but not extracted: no real article page is
# this big, and parsing one costs seconds and hundreds of MB in lxml. Calibrated on the
# zyte set, whose largest page is 1.6 MB; raising it only affects pathological inputs.
MAX_EXTRACT_BYTES = 16 * 1024 * 1024


# Text in any encoding has almost no C0 control bytes besides tab, CR, LF and FF; random
# bytes have about 11%. 5% separates them with a wide margin on the zyte pages (max 0%).
MAX_CONTROL_BYTE_SHARE = 0.05
SNIFF_BYTES = 4096
_CONTROL_BYTES = frozenset(set(range(32)) - {9, 10, 12, 13})


@dataclass(slots=True)
class Processed:
    """A page after its bytes are stored; ``page.content`` is emptied to spare the pipe."""

    page: RawPage
    sha256: str
    size: int
    article: Article | None = None
    #: why there is no article, when there is none
    problem: str | None = None


_store: CaptureStore | None = None
_hints: CorpusHints | None = None
_profiles: list[Profile] | None = None


def init_worker(store_root: str, hints: CorpusHints | None,
                profiles: list[Profile] | None = None) -> None:
    """Set what every page in this worker shares (one source's corpus hints and the
    site profiles to read its HTML pages with)."""
    global _store, _hints, _profiles
    _store = CaptureStore(store_root)
    _hints = hints
    _profiles = profiles


def process_batch(batch: tuple[list[RawPage], list[SourceProblem | Skipped]]
                  ) -> tuple[list[Processed], list[SourceProblem | Skipped]]:
    """Process a batch of pages; the source's problems and skipped records ride along
    to keep their order."""
    pages, problems = batch
    return [process_page(page) for page in pages], problems


def process_page(page: RawPage) -> Processed:
    assert _store is not None, "init_worker() must run first"
    return process_page_with(page, _store, _hints, _profiles)


def process_page_with(page: RawPage, store: CaptureStore, hints: CorpusHints | None,
                      profiles: list[Profile] | None) -> Processed:
    """Keep the page's bytes in ``store``, then extract its article (see the module doc)."""
    content = page.content
    sha256 = store.put(content)
    done = Processed(page=page, sha256=sha256, size=len(content))
    kept = f"bytes kept as capture {sha256[:12]}"
    if len(content) > MAX_EXTRACT_BYTES:
        done.problem = (f"page is {len(content) / 1e6:.1f} MB, over the "
                        f"{MAX_EXTRACT_BYTES / 1e6:.0f} MB extraction limit; {kept}, "
                        "no article made")
    elif (share := control_byte_share(content)) > MAX_CONTROL_BYTE_SHARE:
        done.problem = (f"binary data, not a text page ({share:.0%} of the first "
                        f"{SNIFF_BYTES // 1024} KB are control bytes); {kept}")
    else:
        # what libraries log or print about this page is kept with it, not on the terminal
        with captured() as said:
            try:
                article = extract_article(page, hints, profiles)
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
                article = None
                done.problem = f"extraction failed: {type(exc).__name__}: {exc}; {kept}"
        if article is not None:
            article.warnings.extend(f"while reading this page, {said_line}" for said_line in said)
            if article.paragraphs or article.headline:
                done.article = article
            else:
                why = "; ".join(article.warnings) or "nothing extractable"
                done.problem = f"no article found ({why}); {kept}"
    page.content = b""
    return done


def control_byte_share(content: bytes) -> float:
    """Share of bytes in the first SNIFF_BYTES that no text encoding uses (NUL, ESC…)."""
    head = content[:SNIFF_BYTES]
    if not head:
        return 0.0
    return sum(1 for b in head if b in _CONTROL_BYTES) / len(head)
