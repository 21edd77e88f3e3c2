"""Faults planted into real pages of many sites (data/zyte, data/htmldate-eval).

The Reuters archive of ``fault_benchmark.py`` is one generated site; rules tuned on it
can learn its template. Here every page is a real one from another site: each is
extracted as ingest would (``extract_article``), with its real visible text as the
capture. The sites are split in two halves by a hash of the host name: the **tuning**
half is the one whose misses and false flags a developer may read while changing a rule;
the **held-back** half is only ever scored. Pages of one site are always in one half.

Scoring is against the pages as they are: the checks run first over the unplanted
pages (what they flag there is counted as *flags on clean real pages*, per 1,000 pages:
real damage the sites or extraction left, and false alarms, unread), then over the
same pages with one fault planted in each of a few percent of them, plus copies and
non-articles added; a planted page counts as found when the check flags it and did not
flag it before. ``category`` needs an archive's sections and is measured on the Reuters
archive and the sample; it is not scored here.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from morgue.pipeline.checks import CODES, CheckOptions, run_checks
from morgue.pipeline.records import Article, CheckItem, Finding

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ZYTE = DATA / "zyte"
HTMLDATE = DATA / "htmldate-eval"
OPTIONS = CheckOptions(latest="2024-01-01", seed=0)
#: Share of the pages given each planted fault (one fault per page), and of copies and
#: non-articles added.
SHARE = 0.04
#: Codes scored here (every code but ``category``).
SCORED = tuple(c for c in CODES if c != "category")
HALVES = ("tuning", "held-back")

CHROME_LINES = (
    "ADVERTISEMENT", "Story continues below advertisement", "Sign in or register to comment",
    "Subscribe to our newsletter for the latest news", "Share this article", "Most Read",
    "© 2019 The Daily Record. All rights reserved.", "Click here to download our app",
    "Follow us on Twitter and Facebook", "Read more: The week in pictures",
)
ERROR_PAGES = (("Page not found", ["Sorry, the page you requested could not be found."], 404),
               ("This story is no longer available", ["The story you are looking for has been removed.",
                                                      "Return to the home page."], 200),
               ("Sign in", ["Email address", "Password", "Forgot your password?",
                            "Not registered yet? Create a free account"], 200))
#: The day the copies (a CMS export) were taken.
EXPORT_DAY = dt.datetime(2021, 3, 15, 9, 0, tzinfo=dt.UTC)
SCRIPT = "var googletag = googletag || {}; googletag.cmd = googletag.cmd || []; googletag.cmd.push(function() {});"
_SLOPPY_CP1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1").translate(_SLOPPY_CP1252)


# --- the pages ------------------------------------------------------------------------

def real_items(limit: int | None = None) -> list[CheckItem]:
    """Every page of data/zyte and data/htmldate-eval, extracted (first ``limit`` of each)."""
    from morgue.pipeline.checks import check_item
    from morgue.pipeline.extract import extract_article
    from morgue.pipeline.records import RawPage

    pages: list[tuple[str, Path, str | None]] = []
    if ZYTE.is_dir():
        truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
        pages += [(f"z:{p.name.split('.')[0]}", p, truth.get(p.name.split(".")[0], {}).get("url"))
                  for p in sorted((ZYTE / "html").glob("*.html.gz"))[:limit]]
    if HTMLDATE.is_dir():
        truth = json.loads((HTMLDATE / "truth.json").read_text(encoding="utf-8"))
        pages += [(f"h:{v['file']}", HTMLDATE / "pages" / f"{v['file']}.gz", url)
                  for url, v in sorted(truth.items(), key=lambda kv: kv[1]["file"])[:limit]]
    items = []
    for key, path, url in pages:
        page = RawPage(gzip.decompress(path.read_bytes()), str(path.parent), path.name, "mirror",
                       legacy_url=url, content_type="text/html",
                       captured_at=dt.datetime(2019, 12, 1, tzinfo=dt.UTC))
        items.append(check_item(key, page, extract_article(page)))
    return items


def host(item: CheckItem) -> str:
    name = urlsplit(item.article.legacy_url or "").hostname or str(item.key)
    return name.removeprefix("www.")


def half(item: CheckItem) -> str:
    """Which half a page's site is in (a stable hash of its host)."""
    return HALVES[hashlib.sha256(host(item).encode()).digest()[0] % 2]


# --- planting -------------------------------------------------------------------------

@dataclass
class Planted:
    items: list[CheckItem]
    truth: dict[int | str, set[str]] = field(default_factory=dict)
    variant: dict[int | str, str] = field(default_factory=dict)


def _sentences_cut(p: str, rng: random.Random) -> str | None:
    words = p.split()
    cuts = [k for k in range(4, len(words) - 1) if not words[k - 1].rstrip("\"'”’)").endswith((".", "!", "?", ":"))]
    return " ".join(words[:rng.choice(cuts)]) if cuts else None


def plant_encoding(a: Article, rng: random.Random) -> str | None:
    idx = [i for i, p in enumerate(a.paragraphs) if not p.isascii()]
    if not idx:
        return None
    i = rng.choice(idx)
    a.paragraphs[i] = mojibake(a.paragraphs[i])
    return "cp1252-one"


def plant_markup(a: Article, rng: random.Random) -> str | None:
    variant = rng.choice(["entity", "double-escaped", "tag-p", "link", "cdata", "template", "shortcode", "script"])
    i = rng.randrange(len(a.paragraphs))
    p = a.paragraphs[i]
    words = p.split(" ")
    if variant == "entity" and " " in p:
        k = rng.randrange(1, len(words))
        a.paragraphs[i] = " ".join(words[:k]) + "&nbsp;" + " ".join(words[k:])
    elif variant == "double-escaped" and any(c in p for c in "’'"):
        a.paragraphs[i] = p.replace("’", "&amp;#8217;").replace("'", "&amp;#039;")
    elif variant == "tag-p":
        a.paragraphs[i] = f"<p>{p}</p>"
    elif variant == "link" and len(words) > 4:
        k = rng.randrange(len(words) - 2)
        words[k] = f'<a href="http://example.com/{rng.randint(1, 999)}">' + words[k]
        words[k + 1] += "</a>"
        a.paragraphs[i] = " ".join(words)
    elif variant == "cdata":
        a.paragraphs[i] = f"<![CDATA[{p}]]>"
    elif variant == "template":
        a.paragraphs.insert(i, rng.choice(["{{ article.related_links }}", "%%AD_SLOT_2%%", "[[INLINE_IMAGE_1]]",
                                           "{% include 'promo.html' %}"]))
    elif variant == "shortcode":
        a.paragraphs.insert(i, '[caption id="attachment_88" align="alignright" width="300"]A file photo.[/caption]')
    else:
        a.paragraphs.insert(i, SCRIPT)
        variant = "script"
    return variant


def plant_chrome(a: Article, rng: random.Random) -> str | None:
    a.paragraphs.insert(rng.randint(1, len(a.paragraphs)), rng.choice(CHROME_LINES))
    return "line"


def plant_truncated(a: Article, rng: random.Random) -> str | None:
    if len(a.paragraphs) < 3:
        return None
    j = rng.randrange(len(a.paragraphs) // 2, len(a.paragraphs))
    cut = _sentences_cut(a.paragraphs[j], rng)
    if cut is not None and rng.random() < 0.6:
        a.paragraphs = [*a.paragraphs[:j], cut]
        return "mid-sentence"
    a.paragraphs = a.paragraphs[:max(1, len(a.paragraphs) // 2)]
    return "paragraphs-lost"


def plant_repeated(a: Article, rng: random.Random) -> str | None:
    long = [i for i, p in enumerate(a.paragraphs) if len(p.split()) >= 8]
    if not long:
        return None
    j = rng.choice(long)
    a.paragraphs.insert(min(len(a.paragraphs), j + rng.randint(1, 3)), a.paragraphs[j])
    return "paragraph"


def plant_date(a: Article, rng: random.Random) -> str | None:
    a.published = rng.choice([dt.date(1970, 1, 1), dt.date(1900, 1, 1), dt.date(2031, 5, 4)])
    a.field_sources["published"] = "export:jsonl"
    return str(a.published)


def plant_missing(code: str) -> Callable[[Article, random.Random], str | None]:
    def lose(a: Article, rng: random.Random) -> str | None:
        if code == "missing-headline" and a.headline:
            a.headline = None
        elif code == "missing-date" and a.published:
            a.published = None
            a.field_sources.pop("published", None)
        elif code == "missing-byline" and a.bylines:
            a.bylines = []
        else:
            return None
        return code
    return lose


PLANTS: tuple[tuple[str, Callable[[Article, random.Random], str | None]], ...] = (
    ("encoding", plant_encoding), ("markup", plant_markup), ("chrome", plant_chrome),
    ("truncated", plant_truncated), ("repeated-text", plant_repeated), ("date-out-of-range", plant_date),
    ("missing-headline", plant_missing("missing-headline")), ("missing-date", plant_missing("missing-date")),
    ("missing-byline", plant_missing("missing-byline")),
)
#: Pages a fault is planted in must have a story to damage.
MIN_WORDS = 120


def plant(items: list[CheckItem], seed: int) -> Planted:
    rng = random.Random(seed)
    out = Planted([copy.deepcopy(i) for i in items], {i.key: set() for i in items})
    free = [n for n, i in enumerate(out.items) if i.article.word_count >= MIN_WORDS and len(i.article.paragraphs) >= 2]
    rng.shuffle(free)
    wanted = max(2, round(SHARE * len(items)))
    for code, fn in PLANTS:
        made, tried = 0, 0
        while made < wanted and free and tried < 4 * len(items):
            tried += 1
            n = free.pop()
            variant = fn(out.items[n].article, rng)
            if variant is None:
                free.insert(0, n)
                continue
            made += 1
            out.truth[out.items[n].key].add(code)
            out.variant[out.items[n].key] = variant
    for n in free[:wanted]:  # copies: exact, garbled, cut short, redated
        original = out.items[n]
        a = copy.deepcopy(original.article)
        variant = rng.choice(["exact", "garbled", "cut", "redated"])
        if variant == "garbled":
            a.paragraphs = [mojibake(p) for p in a.paragraphs]
        elif variant == "cut" and len(a.paragraphs) >= 4:
            a.paragraphs = a.paragraphs[:len(a.paragraphs) * 2 // 3]
        elif variant == "redated":
            a.published, a.field_sources["published"] = EXPORT_DAY.date(), "export:wxr"
        a.extractor = "export (jsonl)"
        key = f"copy:{original.key}"
        out.items.append(CheckItem(key=key, article=a, captured_at=EXPORT_DAY, http_status=200))
        out.truth[key] = {"duplicate"}
        if variant == "garbled":
            out.truth[key].add("encoding")
        elif variant == "redated":
            out.truth[key].add("date-out-of-range")  # the export day stamped as the date
        out.variant[key] = f"copy-{variant}"
    for k in range(wanted):  # pages that are not articles
        title, body, status = ERROR_PAGES[k % len(ERROR_PAGES)]
        key = f"error:{k}"
        out.items.append(CheckItem(key=key, article=Article(headline=title, paragraphs=list(body)),
                                   http_status=status, capture_text="\n".join([title, *body])))
        out.truth[key] = {"not-an-article"}
        out.variant[key] = title
    return out


# --- scoring --------------------------------------------------------------------------

@dataclass
class HalfResult:
    pages: int
    sites: int
    #: code -> (tp, fp, fn)
    counts: dict[str, tuple[int, int, int]]
    #: code -> flags on the clean real pages
    clean_flags: Counter[str]
    misses: dict[str, list[str]]
    false: dict[str, list[str]]

    def precision(self, code: str) -> float:
        tp, fp, _ = self.counts[code]
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, code: str) -> float:
        tp, _, fn = self.counts[code]
        return tp / (tp + fn) if tp + fn else 1.0

    def per_thousand(self, codes: tuple[str, ...] = SCORED) -> float:
        return 1000 * sum(self.clean_flags[c] for c in codes) / max(1, self.pages)


def score_half(items: list[CheckItem], seed: int) -> HalfResult:
    clean = list(run_checks(lambda: items, OPTIONS, only=set(SCORED)))
    before = {(f.key, f.check) for f in clean}
    planted = plant(items, seed)
    # a copy carries what its page had before (a real page's chrome stays in its copy)
    before |= {(f"copy:{key}", code) for key, code in before}
    found: dict[str, dict[int | str, Finding]] = defaultdict(dict)
    for f in run_checks(lambda: planted.items, OPTIONS, only=set(SCORED)):
        if (f.key, f.check) not in before:
            found[f.check].setdefault(f.key, f)
    counts, misses, false = {}, {}, {}
    for code in SCORED:
        skip = set() if code == "not-an-article" else {k for k, c in planted.truth.items() if "not-an-article" in c}
        truth = {k for k, c in planted.truth.items() if code in c and k not in skip}
        got = {k for k in found[code] if k not in skip}
        counts[code] = (len(truth & got), len(got - truth), len(truth - got))
        misses[code] = [f"{k} [{planted.variant.get(k, '?')}]" for k in sorted(truth - got, key=str)]
        false[code] = [f"{k} [{planted.variant.get(k, 'clean')}]: {found[code][k].message[:140]}"
                       for k in sorted(got - truth, key=str)]
    return HalfResult(len(items), len({host(i) for i in items}), counts, Counter(f.check for f in clean),
                      misses, false)


def run(seed: int, limit: int | None = None) -> dict[str, HalfResult]:
    items = real_items(limit)
    halves: dict[str, list[CheckItem]] = {h: [] for h in HALVES}
    for item in items:
        halves[half(item)].append(item)
    return {h: score_half(group, seed) for h, group in halves.items()}


def report(results: dict[str, HalfResult], command: str) -> list[str]:
    held, tuning = results["held-back"], results["tuning"]
    lines = ["", "### Faults planted into real pages of many sites", "",
             f"Produced by `{command}`. {held.pages + tuning.pages} real pages of "
             f"{held.sites + tuning.sites} sites (data/zyte, data/htmldate-eval), split by site: "
             f"**held-back half** {held.pages} pages of {held.sites} sites, scored only; tuning half "
             f"{tuning.pages} pages of {tuning.sites} sites, whose misses a developer may read. One fault in "
             f"each of {SHARE:.0%} of the pages per code, plus as many copies (exact, garbled, cut short, "
             "redated) and non-articles. A planted page is found when the check flags it and did not before "
             "planting. `category` is not scored here (real pages carry no comparable sections).", "",
             "| check | held-back planted | found | false | precision | recall | tuning P / R | "
             "flags per 1,000 clean pages (held-back) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    for code in SCORED:
        tp, fp, fn = held.counts[code]
        lines.append(f"| `{code}` | {tp + fn} | {tp} | {fp} | {held.precision(code):.3f} | {held.recall(code):.3f} "
                     f"| {tuning.precision(code):.3f} / {tuning.recall(code):.3f} "
                     f"| {1000 * held.clean_flags[code] / max(1, held.pages):.1f} |")
    damage = tuple(c for c in SCORED if not c.startswith("missing-") and c != "chrome")
    lines += ["", f"Flags on the held-back half's clean real pages: {held.per_thousand():.0f} per 1,000 pages "
              f"for all scored checks, {held.per_thousand(damage):.0f} per 1,000 for the damage checks without "
              "`chrome` and the missing-field checks (those two mostly report real furniture and fields the "
              "pages really lack: see the reading of the zyte flags above). Unread flags count as false here.",
              "", "Tuning half, what was missed and flagged wrongly (a few per check):", ""]
    for code in SCORED:
        if tuning.misses[code] or tuning.false[code]:
            lines.append(f"- `{code}`: missed {', '.join(tuning.misses[code][:4]) or 'none'}"
                         + (f"; false: {'; '.join(tuning.false[code][:2])}" if tuning.false[code] else ""))
    return lines
