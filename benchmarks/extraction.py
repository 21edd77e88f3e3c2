"""Extraction benchmarks, side by side in one run: morgue against trafilatura and readability.

1. **zyte** — the 181 real article pages of ``../shared/data/zyte`` with their true body
   (metric of ``data/README.md``: 4-word shingles, per-page precision and recall scaled
   so long pages weigh no more than short ones). Body P/R/F1 and pages per second for
   morgue's per-page extraction, trafilatura with default settings and readability-lxml;
   the worst pages, and every page where morgue is below trafilatura by more than 0.2.
2. **dates** — the 745 real pages of ``../shared/data/htmldate-eval`` with their
   publication day, morgue beside htmldate, each given the page's original URL; half the
   pages (by a hash of the URL) held out from tuning and reported apart.
3. **fields** — bylines and headlines on the zyte and htmldate-eval pages whose JSON-LD
   names people and a headline, read without that JSON-LD; morgue beside trafilatura.
4. **site** — a legacy site of Reuters-21578 stories in two 2000s templates
   (``benchmarks/reuters_site.py``), truth beside every page. Accuracy of headline,
   bylines, date, dateline and section, and body F1 (mean and worst page), for
   trafilatura alone (with metadata), morgue page by page, and morgue with a site
   profile learned from a sample of the site; pages per second on one core.

    python benchmarks/extraction.py --write          # both, results into docs/benchmarks.md
    python benchmarks/extraction.py --stories 200    # a smaller site

Floors reached are pinned in ``benchmarks/extraction_floors.json`` and checked by
``tests/pipeline/test_extract_floors.py`` on a reduced, seeded run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura  # noqa: E402

from morgue.pipeline.extract import extract_article, stitch  # noqa: E402
from morgue.pipeline.extract.body import readability_paragraphs  # noqa: E402
from morgue.pipeline.decode import decode  # noqa: E402
from morgue.pipeline.profiles import learn_profile  # noqa: E402
from morgue.pipeline.records import Article, RawPage  # noqa: E402
from benchdoc import write_section  # noqa: E402
from reuters_site import SitePage, render_site  # noqa: E402

ZYTE = ROOT.parent / "shared" / "data" / "zyte"
HTMLDATE_EVAL = ROOT.parent / "shared" / "data" / "htmldate-eval"
DOC = ROOT / "docs" / "benchmarks.md"
FLOORS = Path(__file__).resolve().parent / "extraction_floors.json"
BEGIN, END = "<!-- extraction:begin -->", "<!-- extraction:end -->"
COMMAND = "python benchmarks/extraction.py --write"

_WORDS = re.compile(r"\w+")
#: print a few wrong values per field to stderr (--verbose)
VERBOSE = False


# --- the body metric (data/README.md) ------------------------------------------------------


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORDS.findall(text)
    return Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def page_pr(truth: str, got: str) -> tuple[float, float] | None:
    """(precision, recall) of one page; None when there is nothing to score."""
    a, b = _shingles(truth), _shingles(got)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    if tp + fp + fn == 0:
        return None
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    return precision, recall


def page_f1(truth: str, got: str) -> float:
    pr = page_pr(truth, got)
    if pr is None:
        return 1.0
    p, r = pr
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class BodyScore:
    precision: float
    recall: float
    f1: float
    pages: int


def body_score(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    ps: list[float] = []
    rs: list[float] = []
    for truth, got in pairs:
        pr = page_pr(truth, got)
        if pr is not None:
            ps.append(pr[0])
            rs.append(pr[1])
    p, r = statistics.fmean(ps), statistics.fmean(rs)
    return BodyScore(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(ps))


# --- zyte --------------------------------------------------------------------------------


def zyte_pages(limit: int | None = None) -> list[tuple[str, str, bytes, str]]:
    """(id, url, html bytes, true body) of the zyte pages, in id order."""
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    return [(k, truth[k]["url"], gzip.decompress((ZYTE / "html" / f"{k}.html.gz").read_bytes()),
             truth[k]["articleBody"]) for k in ids]


def decode_html_text(content: bytes) -> str:
    return decode(content, None, html=True).text


def _morgue_body(url: str, content: bytes) -> str:
    article = extract_article(RawPage(content, "/zyte", url, "mirror", legacy_url=url, content_type="text/html"))
    return "\n".join(article.paragraphs)


def _trafilatura_body(url: str, content: bytes) -> str:
    return trafilatura.extract(decode_html_text(content), url=url) or ""


def _readability_body(url: str, content: bytes) -> str:
    return "\n".join(readability_paragraphs(decode_html_text(content)))


ZYTE_EXTRACTORS: dict[str, Callable[[str, bytes], str]] = {
    "morgue (page by page)": _morgue_body,
    f"trafilatura {trafilatura.__version__} (defaults)": _trafilatura_body,
    "readability-lxml": _readability_body,
}


#: A page is listed among the worst when morgue's body F1 is below trafilatura's by more
#: than this (the issue's bound), and the WORST_LISTED lowest pages are always listed.
WORSE_THAN_TRAFILATURA = 0.2
WORST_LISTED = 5


def run_zyte(limit: int | None = None) -> dict[str, dict]:
    pages = zyte_pages(limit)
    results: dict[str, dict] = {}
    texts: dict[str, list[str]] = {}
    for name, extract in ZYTE_EXTRACTORS.items():
        start = time.process_time()
        got = [extract(url, content) for _, url, content, _ in pages]
        seconds = time.process_time() - start
        texts[name] = got
        score = body_score((truth, text) for (_, _, _, truth), text in zip(pages, got, strict=True))
        results[name] = {"precision": score.precision, "recall": score.recall, "f1": score.f1,
                         "pages": score.pages, "pages_per_s": len(pages) / seconds}
    morgue, traf = list(ZYTE_EXTRACTORS)[:2]
    rows = sorted((page_f1(truth, texts[morgue][i]), page_f1(truth, texts[traf][i]), url)
                  for i, (_, url, _, truth) in enumerate(pages))
    results["worst"] = {"pages": [{"url": url, "morgue": m, "trafilatura": t} for m, t, url in rows[:WORST_LISTED]],
                        "worse_than_trafilatura": [{"url": url, "morgue": m, "trafilatura": t} for m, t, url in rows
                                                   if t - m > WORSE_THAN_TRAFILATURA]}
    return results


# --- publication dates: htmldate-eval ---------------------------------------------------------


def held_out(url: str) -> bool:
    """Half of data/htmldate-eval, chosen by a hash of the URL, is held out: rules were
    tuned on the other half only, and the two halves are reported apart."""
    import hashlib

    return hashlib.sha256(url.encode()).digest()[0] % 2 == 1


def htmldate_pages(limit: int | None = None) -> list[tuple[str, bytes, str]]:
    """(original URL, page bytes, true day) of data/htmldate-eval, in URL order."""
    truth = json.loads((HTMLDATE_EVAL / "truth.json").read_text(encoding="utf-8"))
    urls = sorted(truth)[:limit] if limit else sorted(truth)
    return [(url, gzip.decompress((HTMLDATE_EVAL / "pages" / f"{truth[url]['file']}.gz").read_bytes()),
             truth[url]["date"]) for url in urls]


def _morgue_date(url: str, content: bytes) -> tuple[str | None, str]:
    article = extract_article(RawPage(content, "/htmldate-eval", url, "mirror", legacy_url=url,
                                      content_type="text/html"))
    if article.published is None:
        return None, "none"
    if article.published_precision != "day":  # a month is no day
        return f"{article.published:%Y-%m}", article.field_sources.get("published", "")
    return article.published.isoformat(), article.field_sources.get("published", "")


def _htmldate(url: str, content: bytes, **params: bool) -> tuple[str | None, str]:
    from htmldate import find_date

    try:
        return find_date(decode_html_text(content), url=url, **params), "htmldate"
    except Exception:  # noqa: BLE001 - a crash is a miss, as it would be for a user
        return None, "error"


DATE_EXTRACTORS: dict[str, Callable[[str, bytes], tuple[str | None, str]]] = {
    "morgue (page by page)": _morgue_date,
    "htmldate (defaults)": _htmldate,
    "htmldate (original_date=True)": lambda url, content: _htmldate(url, content, original_date=True),
}


def run_dates(limit: int | None = None) -> dict[str, dict]:
    """Share of pages whose publication day is right, per half (tuning / held out)."""
    pages = htmldate_pages(limit)
    results: dict[str, dict] = {}
    for name, extract in DATE_EXTRACTORS.items():
        start = time.process_time()
        got = [extract(url, content) for url, content, _ in pages]
        seconds = time.process_time() - start
        right = {"tuning": [], "held out": []}
        wrong: list[dict[str, str | None]] = []
        for (url, _, truth), (day, how) in zip(pages, got, strict=True):
            ok = day == truth
            right["held out" if held_out(url) else "tuning"].append(ok)
            if not ok and held_out(url):
                wrong.append({"url": url, "truth": truth, "got": day, "how": how})
        results[name] = {"all": statistics.fmean(right["tuning"] + right["held out"]),
                         "tuning": statistics.fmean(right["tuning"]) if right["tuning"] else 0.0,
                         "held_out": statistics.fmean(right["held out"]) if right["held out"] else 0.0,
                         "pages": len(pages), "held_out_pages": len(right["held out"]),
                         "partial": sum(1 for day, _ in got if day and len(day) == 7),
                         "pages_per_s": len(pages) / seconds, "wrong_held_out": wrong}
    return results


# --- bylines and headlines on real pages, truth from their own structured data -----------------

_LD_SCRIPT = re.compile(rb"<script[^>]*application/ld\+json[^>]*>.*?</script>", re.I | re.S)
_AUTHOR_META = re.compile(rb"<meta[^>]+(?:name|property)=[\"']?(?:author|article:author|parsely-author|"
                          rb"dc\.creator|byl|sailthru\.author)[\"']?[^>]*>", re.I)


def _ld_truth(content: bytes) -> tuple[list[str], str] | None:
    """(person authors, headline) from a page's JSON-LD article object, when it names
    people (``@type: Person``) and a headline."""
    from morgue.pipeline.extract.meta import read_meta
    from morgue.pipeline.extract.paragraphs import parse_document

    root = parse_document(decode_html_text(content))
    if root is None:
        return None
    meta = read_meta(root)
    authors = meta.ld_value("author")
    items = authors if isinstance(authors, list) else [authors]
    people = [a["name"].strip() for a in items if isinstance(a, dict) and a.get("@type") == "Person"
              and isinstance(a.get("name"), str) and a["name"].strip()]
    headline = meta.ld_value("headline")
    if not people or not isinstance(headline, str) or not headline.strip():
        return None
    return people, headline.strip()


def field_pages(zyte_limit: int | None = None, dates_limit: int | None = None) -> list[tuple[str, bytes, list[str], str]]:
    """(url, page without its JSON-LD and author meta, true people, true headline) for every
    zyte and htmldate-eval page whose JSON-LD names people and a headline. The page is read
    as if saved without its scripts: the byline must be found in what it prints."""
    pages = [(url, content) for _, url, content, _ in zyte_pages(zyte_limit)] if ZYTE.is_dir() else []
    if HTMLDATE_EVAL.is_dir():
        pages += [(url, content) for url, content, _ in htmldate_pages(dates_limit)]
    out = []
    for url, content in pages:
        truth = _ld_truth(content)
        if truth is not None:
            stripped = _AUTHOR_META.sub(b"", _LD_SCRIPT.sub(b"", content))
            out.append((url, stripped, truth[0], truth[1]))
    return out


def _names_f1(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, float]:
    tp = fp = fn = 0
    for truth, got in pairs:
        a, b = Counter(_norm(x) for x in truth), Counter(_norm(x) for x in got if _norm(x))
        tp += sum((a & b).values())
        fp += sum((b - a).values())
        fn += sum((a - b).values())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_fields(zyte_limit: int | None = None, dates_limit: int | None = None,
               peers: bool = True) -> dict[str, dict]:
    pages = field_pages(zyte_limit, dates_limit)
    results: dict[str, dict] = {}
    got_morgue = []
    for url, content, _, _ in pages:
        article = extract_article(RawPage(content, "/fields", url, "mirror", legacy_url=url, content_type="text/html"))
        got_morgue.append((article.bylines, article.headline or ""))
    got_traf = []
    for url, content, _, _ in pages if peers else []:
        doc = trafilatura.bare_extraction(decode_html_text(content), url=url, with_metadata=True)
        authors = [a.strip() for a in (getattr(doc, "author", None) or "").split(";") if a.strip()]
        got_traf.append((authors, getattr(doc, "title", None) or ""))
    runs = [("morgue (page by page)", got_morgue)]
    if peers:
        runs.append((f"trafilatura {trafilatura.__version__} (with metadata)", got_traf))
    for name, got in runs:
        scores = _names_f1((truth, people) for (_, _, truth, _), (people, _) in zip(pages, got, strict=True))
        headlines = statistics.fmean(_norm(h) == _norm(truth) for (_, _, _, truth), (_, h) in
                                     zip(pages, got, strict=True)) if pages else 0.0
        results[name] = {**scores, "headline": headlines, "pages": len(pages)}
    return results


# --- the single site ---------------------------------------------------------------------

FIELD_NAMES = ("headline", "bylines", "published", "dateline", "section")


def _norm(text: str | None) -> str:
    return " ".join(_WORDS.findall((text or "").casefold()))


def _raw(page: SitePage) -> RawPage:
    return RawPage(page.content, "/site", page.url, "mirror", legacy_url=page.url, content_type="text/html")


@dataclass(slots=True)
class SiteScore:
    pages: int = 0
    right: Counter[str] = field(default_factory=Counter)
    f1s: list[float] = field(default_factory=list)
    seconds: float = 0.0
    stitched: int = 0
    multi: int = 0
    #: a few wrong values per field, to see what goes wrong
    misses: dict[str, list[str]] = field(default_factory=dict)
    #: fields the extractor does not have (scored as "—")
    lacks: tuple[str, ...] = ()
    worst: list[tuple[float, str]] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.pages if self.pages else 0.0

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float | None] = {name: None if name in self.lacks else self.accuracy(name)
                                        for name in FIELD_NAMES}
        out |= {"body_f1_mean": statistics.fmean(self.f1s) if self.f1s else 0.0,
                "body_f1_worst": min(self.f1s) if self.f1s else 0.0,
                "pages": self.pages, "pages_per_s": self.pages / self.seconds if self.seconds else 0.0,
                "stitched": self.stitched, "multi_page_stories": self.multi}
        return out


def _score_page(score: SiteScore, page: SitePage, got: dict[str, object], body: str) -> None:
    truth = page.truth
    checks = {
        "headline": _norm(str(got["headline"] or "")) == _norm(truth["headline"]),
        "bylines": [_norm(b) for b in got["bylines"] or []] == [_norm(b) for b in truth["bylines"]]  # type: ignore[union-attr]
        if truth["page_no"] == 1 else True,
        "published": str(got["published"] or "") == truth["published"],
        "dateline": _norm(str(got["dateline"] or "")) == _norm(truth["dateline"]),
        "section": _norm(str(got["section"] or "")) == _norm(truth["section"]),
    }
    score.pages += 1
    for name, ok in checks.items():
        if ok:
            score.right[name] += 1
        else:
            misses = score.misses.setdefault(name, [])
            if len(misses) < 3:
                misses.append(f"{page.url}: got {got[name]!r}, want {truth[name]!r}")
    score.f1s.append(page_f1("\n".join(truth["paragraphs"]), body))
    score.worst = sorted([*score.worst, (score.f1s[-1], page.url)])[:3]


def _article_fields(article: Article) -> dict[str, object]:
    return {"headline": article.headline, "bylines": article.bylines,
            "published": article.published.isoformat() if article.published else None,
            "dateline": article.dateline, "section": article.section}


def _check_stitching(score: SiteScore, pages: list[SitePage], articles: list[Article]) -> None:
    by_url = {a.legacy_url: a for a in stitch(articles)}
    stories: dict[int, list[SitePage]] = {}
    for page in pages:
        stories.setdefault(page.truth["story"], []).append(page)
    for group in stories.values():
        if len(group) < 2:
            continue
        score.multi += 1
        article = by_url.get(group[0].url)
        if article is not None and _norm(article.body) == _norm("\n".join(group[0].truth["story_paragraphs"])) \
                and article.part_urls == [p.url for p in group[1:]]:
            score.stitched += 1
        elif VERBOSE:
            print(f"  not stitched: {group[0].url} -> {article.part_urls if article else None}", file=sys.stderr)


def score_morgue(pages: list[SitePage], profiles: list | None = None) -> SiteScore:
    score = SiteScore()
    articles: list[Article] = []
    start = time.process_time()
    for page in pages:
        articles.append(extract_article(_raw(page), None, profiles))
    score.seconds = time.process_time() - start
    for page, article in zip(pages, articles, strict=True):
        _score_page(score, page, _article_fields(article), "\n".join(article.paragraphs))
    _check_stitching(score, pages, articles)
    if VERBOSE:
        for name, misses in score.misses.items():
            for miss in misses:
                print(f"  {name}: {miss}", file=sys.stderr)
        for f1, url in score.worst:
            print(f"  worst body F1 {f1:.3f}: {url}", file=sys.stderr)
    return score


def score_trafilatura(pages: list[SitePage]) -> SiteScore:
    score = SiteScore(lacks=("dateline",))
    documents = []
    start = time.process_time()
    for page in pages:
        documents.append(trafilatura.bare_extraction(page.content.decode(page.charset), url=page.url,
                                                     with_metadata=True))
    score.seconds = time.process_time() - start
    for page, doc in zip(pages, documents, strict=True):
        got = {"headline": getattr(doc, "title", None),
               "bylines": [a.strip() for a in (getattr(doc, "author", None) or "").split(";") if a.strip()],
               "published": getattr(doc, "date", None),
               "dateline": None,  # trafilatura has no dateline field
               "section": (getattr(doc, "categories", None) or [None])[0]}
        _score_page(score, page, got, getattr(doc, "text", None) or "")
    return score


def run_site(stories: int, seed: int = 0, sample: int = 200) -> dict[str, dict[str, float]]:
    pages = list(render_site(stories, seed))
    results: dict[str, dict[str, float]] = {}
    results["trafilatura alone (with metadata)"] = score_trafilatura(pages).as_dict()
    results["morgue, page by page"] = score_morgue(pages).as_dict()
    start = time.process_time()
    profile = learn_profile((_raw(p) for p in pages), "wiredesk", sample=sample)
    learned = time.process_time() - start
    with_profile = score_morgue(pages, [profile]).as_dict()
    with_profile["learn_seconds"] = learned
    with_profile["templates"] = len(profile.templates)
    results["morgue, with a learned profile"] = with_profile
    return results


# --- floors (the reduced, seeded run the tests repeat) --------------------------------------

#: The reduced run: this many site stories and the first this many zyte pages (by id).
REDUCED_STORIES = 40
REDUCED_ZYTE = 25
REDUCED_SAMPLE = 60
#: ... the first this many htmldate-eval pages (by URL), for the publication day
REDUCED_DATES = 60


def corpus_hash() -> str:
    """Names and sizes of the data the floors were measured on: re-pin when it changes."""
    import hashlib

    from reuters_site import REUTERS_DIR

    files = sorted(REUTERS_DIR.glob("reut2-*.sgm")) + [ZYTE / "ground-truth.json", HTMLDATE_EVAL / "truth.json"]
    text = "\n".join(f"{p.name} {p.stat().st_size}" for p in files if p.exists())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def reduced_run() -> dict[str, float]:
    """The numbers the floors pin, from a small seeded run (a few seconds)."""
    out: dict[str, float] = {}
    if ZYTE.is_dir():
        pages = zyte_pages(REDUCED_ZYTE)
        score = body_score((truth, _morgue_body(url, content)) for _, url, content, truth in pages)
        out["zyte_f1"] = score.f1
    if HTMLDATE_EVAL.is_dir():
        pages_d = htmldate_pages(REDUCED_DATES)
        out["dates_day"] = statistics.fmean(_morgue_date(url, content)[0] == truth for url, content, truth in pages_d)
    if ZYTE.is_dir() and HTMLDATE_EVAL.is_dir():
        fields = run_fields(REDUCED_ZYTE * 2, REDUCED_DATES * 2, peers=False)["morgue (page by page)"]
        out["real_bylines_f1"] = fields["f1"]
        out["real_headline"] = fields["headline"]
    site = list(render_site(REDUCED_STORIES, 0))
    per_page = score_morgue(site).as_dict()
    profile = learn_profile((_raw(p) for p in site), "wiredesk", sample=REDUCED_SAMPLE)
    with_profile = score_morgue(site, [profile]).as_dict()
    for label, result in (("page", per_page), ("profile", with_profile)):
        for name in (*FIELD_NAMES, "body_f1_mean", "body_f1_worst"):
            out[f"site_{label}_{name}"] = float(result[name] or 0.0)
        out[f"site_{label}_stitched"] = result["stitched"] / max(1, result["multi_page_stories"])
    return out


def pin_floors(allow_lower: bool = False) -> dict[str, object]:
    import math

    floors = {name: math.floor(value * 1000 + 1e-9) / 1000 for name, value in reduced_run().items()}
    old = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"] if FLOORS.exists() else {}
    lower = {name: (floors.get(name), floor) for name, floor in old.items()
             if floors.get(name) is None or floors[name] < floor}
    if lower and not allow_lower:
        raise SystemExit(f"would lower or drop pinned floors (new, old): {lower}; rerun with --allow-lower "
                         "if the drop is understood")
    doc = {"about": "Floors of the reduced extraction run (benchmarks/extraction.py reduced_run); "
                    "tests/pipeline/test_extract_floors.py fails when one drops. Re-pin with "
                    "`python benchmarks/extraction.py --pin` only when a drop is understood.",
           "corpus": corpus_hash(), "floors": floors}
    FLOORS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return doc


# --- report ------------------------------------------------------------------------------


def markdown(zyte: dict[str, dict] | None, site: dict[str, dict[str, float]] | None,
             stories: int, dates: dict[str, dict] | None = None, fields: dict[str, dict] | None = None,
             load: str = "") -> str:
    lines = [BEGIN, "## Extraction", "",
             f"One run of `{COMMAND}`: one core, in process; pages/s is pages per second of the "
             f"process's own CPU time (the machine is shared; {load}), extraction only.", ""]
    if zyte:
        lines += ["### zyte: 181 real article pages, body text", "",
                  "| extractor | precision | recall | F1 | pages/s |", "| --- | --- | --- | --- | --- |"]
        for name, r in zyte.items():
            if name == "worst":
                continue
            lines.append(f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
                         f"{r['pages_per_s']:.1f} |")
        lines += ["", "Published for this metric: trafilatura 2.0.0 F1 0.958, readability-lxml 0.955, "
                  "best open source 0.970.", "", "Worst pages for morgue (body F1, trafilatura's on the same page):", ""]
        lines += [f"- {p['morgue']:.3f} (trafilatura {p['trafilatura']:.3f}) {p['url']}" for p in zyte["worst"]["pages"]]
        worse = zyte["worst"]["worse_than_trafilatura"]
        lines += ["", f"Pages where morgue's F1 is below trafilatura's by more than {WORSE_THAN_TRAFILATURA}: "
                  + (", ".join(f"{p['url']} ({p['morgue']:.3f} vs {p['trafilatura']:.3f})" for p in worse) or "none")
                  + ".", ""]
    if dates:
        first = next(iter(dates.values()))
        lines += [f"### htmldate-eval: {first['pages']} real pages, publication day", "",
                  f"Right day, in share of pages. Half the pages ({first['held_out_pages']}, chosen by a hash of "
                  "the URL) were held out while the date rules were tuned on the other half; the original URL "
                  "is given to every tool (a crawl records it), the file's time is not. A date known only to "
                  "the month counts as wrong.", "",
                  "| extractor | all | tuning half | held-out half | partial dates | pages/s |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, r in dates.items():
            lines.append(f"| {name} | {r['all']:.3f} | {r['tuning']:.3f} | {r['held_out']:.3f} | "
                         f"{r['partial']} | {r['pages_per_s']:.1f} |")
        wrong = next(iter(dates.values()))["wrong_held_out"]
        lines += ["", f"morgue's wrong days on the held-out half ({len(wrong)}), the first 10:", ""]
        lines += [f"- {w['url']}: {w['got']} for {w['truth']} ({w['how']})" for w in wrong[:10]]
        lines.append("")
    if fields:
        first = next(iter(fields.values()))
        lines += [f"### Bylines and headlines on {first['pages']} real pages (zyte and htmldate-eval)", "",
                  "Truth is each page's own JSON-LD (people named as `@type: Person`, its `headline`); "
                  "the page is read without its JSON-LD and author `<meta>`, as if saved without its "
                  "scripts, so the byline must be found in what the page prints. A proxy: JSON-LD and the "
                  "printed byline can differ. The byline rules were developed on these pages (no held-out "
                  "half).", "",
                  "| extractor | bylines precision | recall | F1 | headline right |", "| --- | --- | --- | --- | --- |"]
        for name, r in fields.items():
            lines.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['headline']:.3f} |")
        lines.append("")
    if site:
        pages = int(next(iter(site.values()))["pages"])
        lines += [f"### One legacy site: {stories} Reuters-21578 stories in three 2000s templates ({pages} pages)",
                  "",
                  "| extractor | headline | bylines | date | dateline | section | body F1 mean | body F1 worst "
                  "| multi-page stitched | pages/s |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, r in site.items():
            stitched = f"{int(r['stitched'])}/{int(r['multi_page_stories'])}" if "morgue" in name else "—"
            cells = " | ".join("—" if r[f] is None else f"{r[f]:.3f}" for f in FIELD_NAMES)
            lines.append(f"| {name} | {cells} | {r['body_f1_mean']:.4f} | "
                         f"{r['body_f1_worst']:.4f} | {stitched} | {r['pages_per_s']:.0f} |")
        prof = site.get("morgue, with a learned profile", {})
        if prof:
            lines += ["", f"The profile ({int(prof['templates'])} templates) was learned from a sample of the "
                      f"site's pages in {prof['learn_seconds']:.1f} s. trafilatura has no dateline field. "
                      "Bylines are scored on first pages (later pages print none)."]
    lines += ["", END]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    write_section("extraction", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000, help="stories in the single-site benchmark")
    parser.add_argument("--sample", type=int, default=200, help="pages sampled to learn the profile")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("zyte", "dates", "fields", "site"), help="run one benchmark only")
    parser.add_argument("--write", action="store_true", help=f"write the results into {DOC}")
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON")
    parser.add_argument("--verbose", action="store_true", help="show a few wrong values per field")
    parser.add_argument("--pin", action="store_true", help=f"measure the reduced run and write {FLOORS.name}")
    parser.add_argument("--allow-lower", action="store_true", help="let --pin lower or drop a floor")
    args = parser.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    if args.pin:
        print(json.dumps(pin_floors(args.allow_lower), indent=2))
        return 0
    import os

    before = os.getloadavg()[0]
    zyte = run_zyte() if args.only in (None, "zyte") and ZYTE.is_dir() else None
    dates = run_dates() if args.only in (None, "dates") and HTMLDATE_EVAL.is_dir() else None
    fields = run_fields() if args.only in (None, "fields") else None
    site = run_site(args.stories, args.seed, args.sample) if args.only in (None, "site") else None
    load = f"load average {before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} CPUs"
    text = markdown(zyte, site, args.stories, dates, fields, load)
    print(json.dumps({"zyte": zyte, "dates": dates, "fields": fields, "site": site}, indent=2) if args.json else text)
    if args.write:
        write_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
