"""What a worker does with each page: keep its bytes, then extract an article.

Runs in worker processes without Django: it only touches the capture store (plain
files) and the extractor. The parent process writes the results to the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from morgue.pipeline.extract import CorpusHints, extract_article
from morgue.pipeline.records import Article, RawPage
from morgue.store import CaptureStore

# Pages above this are kept byte for byte but not extracted: no real article page is
# this big, and parsing one costs seconds and hundreds of MB in lxml. Calibrated on the
# zyte set, whose largest page is 1.6 MB; raising it only affects pathological inputs.
MAX_EXTRACT_BYTES = 16 * 1024 * 1024


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


def init_worker(store_root: str, hints: CorpusHints | None) -> None:
    """Set what every page in this worker shares (one source's corpus hints)."""
    global _store, _hints
    _store = CaptureStore(store_root)
    _hints = hints


def process_batch(pages: list[RawPage]) -> list[Processed]:
    return [process_page(page) for page in pages]


def process_page(page: RawPage) -> Processed:
    assert _store is not None, "init_worker() must run first"
    content = page.content
    sha256 = _store.put(content)
    done = Processed(page=page, sha256=sha256, size=len(content))
    if len(content) > MAX_EXTRACT_BYTES:
        done.problem = (f"page is {len(content) / 1e6:.1f} MB, over the "
                        f"{MAX_EXTRACT_BYTES / 1e6:.0f} MB extraction limit; "
                        f"bytes kept as capture {sha256[:12]}, no article made")
    else:
        try:
            done.article = extract_article(page, _hints)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
            done.problem = f"extraction failed: {type(exc).__name__}: {exc}"
    page.content = b""
    return done
