"""Learning a site profile from a sample of pages: templates, field rules, chrome.

1. **Sample** up to ``sample`` HTML pages of the source (reservoir sampling, seeded).
2. **Read each page on its own** (:func:`..extract.html.extract_html_details`): its
   fields, with the elements that hold them, and its body.
3. **Group by template**: a page's structure is the set of its parent > child selector
   steps; pages whose structures overlap by at least :data:`SAME_TEMPLATE` share a
   template (a redesign makes a second group).
4. Per template, for each field, try the selectors of the elements the pages were read
   from (at every length) and the page's metadata (``<meta>``, JSON-LD, the URL); keep
   the rule that gives what the pages' own readings give on the most pages, the
   shortest selector among equals. Agreement across many pages corrects the pages one
   reading got wrong.
5. The **body** is the lowest element holding each page's story; inside it, blocks that
   are never story text on any page (share buttons, pagination, a byline block) are the
   template's **chrome**, by selector, and lines repeated on many pages by text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlsplit

import lxml.html

from ..extract.corpus import normalize_line
from ..extract.dates import numeric_orders, publication_date_in
from ..extract.dom import Line, owner_path
from ..extract.fields import PageFields, norm
from ..extract.html import HtmlPage, extract_html_details
from ..extract.kinds import page_kind
from ..quiet import captured
from ..records import Article, RawPage
from .apply import apply_template, lines_in, rule_value
from .model import FIELDS, ChromeRule, FieldRule, Profile, Template, today
from .selectors import select, select_first, selector_for, step_of

__all__ = ["learn_profile", "sample_pages", "page_features", "group_templates", "learn_template",
           "DEFAULT_SAMPLE", "MIN_TEMPLATE_PAGES"]

#: Pages read to learn a profile. A template's rules settle within a few dozen pages;
#: 200 covers a site with several templates and costs ~20 s of per-page extraction.
DEFAULT_SAMPLE = 200
#: A group of pages smaller than this is not learned as a template (section fronts,
#: error pages and one-offs are read page by page).
MIN_TEMPLATE_PAGES = 5
#: Two pages share a template when the Jaccard overlap of their structures is at least
#: this. Pages of one template overlap 0.8-1.0 (sidebars and comment counts vary), the
#: sample's 2003 and 2009 layouts 0.05.
SAME_TEMPLATE = 0.5
#: Passes that move pages to the group whose shared structure they overlap most.
REGROUP_PASSES = 2
#: A field rule is kept when it gives what the pages' own readings give (or fills in
#: where they found nothing) on at least this share of the template's pages ...
MIN_AGREEMENT = 0.6
#: ... agrees with a value they found on at least this many pages ...
MIN_SUPPORT = 3
#: ... and contradicts a value they found on at most this share of the pages where both
#: found one. Below that, the field is found page by page.
MAX_CONFLICT_SHARE = 0.1
#: Selectors tried per field (the most frequent among the sampled pages).
MAX_CANDIDATES = 40
#: Where a value given by metadata is looked for in the page's text: its first lines
#: (header, byline, date are above the story; a date in a comment is not its date).
PRINTED_WITHIN_LINES = 120
PRINTED_DATE_MAX_WORDS = 8
PRINTED_BYLINE_MAX_WORDS = 12
#: A block inside the story column is chrome when it is outside the story on at least
#: this many of the template's pages ...
CHROME_MIN_PAGES = 3
#: ... and no more than this share of its lines were ever story text.
CHROME_MAX_STORY_SHARE = 0.02
#: Lines of the same text on at least this share of pages (and never story) are chrome.
CHROME_TEXT_MIN_SHARE = 0.3
#: At most this many distinctive selectors describe a template (``looks_like``).
LOOKS_LIKE_MAX = 4
#: A page line and a body paragraph that contain one another count as the same text
#: only when both are at least this long (a nav link "Sports" is inside many stories).
SUBSTRING_MIN_CHARS = 40
#: Examples kept per rule, to show in ``morgue profile show``.
EXAMPLES = 3


@dataclass(slots=True)
class _Read:
    """One sampled page as read page by page."""

    page: RawPage
    parsed: HtmlPage
    article: Article
    fields: PageFields
    features: frozenset[str]


def sample_pages(pages: Iterable[RawPage], sample: int = DEFAULT_SAMPLE, seed: int = 0) -> list[RawPage]:
    """A seeded reservoir sample of the HTML pages, in source order."""
    rng = random.Random(seed)
    kept: list[tuple[int, RawPage]] = []
    n = 0
    for page in pages:
        if page_kind(page) != "html":
            continue
        n += 1
        if len(kept) < sample:
            kept.append((n, page))
        else:
            j = rng.randrange(n)
            if j < sample:
                kept[j] = (n, page)
    return [p for _, p in sorted(kept, key=lambda item: item[0])]


def page_features(root: lxml.html.HtmlElement) -> frozenset[str]:
    """The page's structure: every "parent > child" pair of selector steps under <body>."""
    body = root.find("body")
    start = body if body is not None else root
    # keyed by the element itself: that keeps lxml's proxy alive, so getparent() returns
    # the very object (keying by id() would meet ids of freed proxies reused)
    steps: dict[lxml.html.HtmlElement, str] = {}
    out: set[str] = set()
    for element in start.iter():
        if not isinstance(element.tag, str):
            continue
        step = steps[element] = step_of(element)
        parent = element.getparent()
        if parent is not None and parent in steps:
            out.add(f"{steps[parent]} > {step}")
    return frozenset(out)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def group_templates(features: list[frozenset[str]]) -> list[list[int]]:
    """Indices of pages grouped by template, biggest group first.

    A greedy pass in page order makes the groups; then, twice, each group is reduced to
    its core (the structure most of its pages share) and every page moves to the core
    it overlaps most, so the order pages came in does not decide the grouping; last,
    groups whose cores overlap as much as pages of one template do are merged.
    """
    groups: list[list[int]] = []
    seeds: list[frozenset[str]] = []
    for i, feats in enumerate(features):
        scores = [_jaccard(feats, seed) for seed in seeds]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= SAME_TEMPLATE:
            groups[best].append(i)
        else:
            groups.append([i])
            seeds.append(feats)
    for _ in range(REGROUP_PASSES):
        cores = [_core([features[i] for i in group]) for group in groups if group]
        moved: list[list[int]] = [[] for _ in cores]
        for i, feats in enumerate(features):
            scores = [_jaccard(feats, core) for core in cores]
            moved[max(range(len(scores)), key=scores.__getitem__)].append(i)
        groups = [g for g in moved if g]
    return sorted(_merge_alike(groups, features), key=len, reverse=True)


def _merge_alike(groups: list[list[int]], features: list[frozenset[str]]) -> list[list[int]]:
    """Groups whose shared structures overlap as much as one template's pages do are one
    template (a page that seeded a group of its own, like a section front, split it)."""
    merged = True
    while merged and len(groups) > 1:
        merged = False
        cores = [_core([features[i] for i in g]) for g in groups]
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                if _jaccard(cores[a], cores[b]) >= SAME_TEMPLATE:
                    groups[a] = sorted(groups[a] + groups[b])
                    del groups[b]
                    merged = True
                    break
            if merged:
                break
    return groups


def _core(members: list[frozenset[str]]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for feats in members:
        counts.update(feats)
    return frozenset(f for f, c in counts.items() if c * 2 >= len(members))


def read_pages(pages: Iterable[RawPage], unreadable: list[str] | None = None) -> Iterator[_Read]:
    """Each page read on its own; a page that cannot be read is left out (and, when
    ``unreadable`` is given, said why there), never a reason to stop learning."""
    for page in pages:
        try:
            with captured():  # libraries' noise about a sampled page: it is only a sample
                details = extract_html_details(page)
            if details.parsed is None or details.fields is None:
                raise ValueError("no HTML could be parsed")
            read = _Read(page, details.parsed, details.article, details.fields,
                         page_features(details.parsed.root))
        # one broken page among many is skipped, with the reason, not learned from
        except Exception as exc:  # noqa: BLE001
            if unreadable is not None:
                unreadable.append(f"{page.locator}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        yield read


def learn_profile(pages: Iterable[RawPage], name: str | None = None, *, sample: int = DEFAULT_SAMPLE,
                  min_pages: int = MIN_TEMPLATE_PAGES, seed: int = 0, source: str = "") -> Profile:
    """Learn a profile from (a sample of) ``pages``; templates with fewer than
    ``min_pages`` sampled pages are left to per-page extraction."""
    chosen = sample_pages(pages, sample, seed)
    unreadable: list[str] = []
    reads = list(read_pages(chosen, unreadable))
    name = name or _site_name(chosen) or "site"
    profile = Profile(name=name, learned_from=source, learned_on=today(), pages_sampled=len(reads),
                      pages_unreadable=len(unreadable), unreadable=unreadable)
    groups = group_templates([r.features for r in reads])
    for number, group in enumerate(groups, start=1):
        if len(group) < min_pages:
            continue
        members = [reads[i] for i in group]
        others = [reads[i] for g in groups if g is not group for i in g]
        try:
            template = learn_template(members, others, f"{name}-{len(profile.templates) + 1}")
        # a template that cannot be learned is read page by page; the others still are
        except Exception as exc:  # noqa: BLE001
            profile.unreadable.append(f"template of {len(members)} pages not learned: "
                                      f"{type(exc).__name__}: {str(exc)[:200]}")
            continue
        if template is not None:
            profile.templates.append(template)
    return profile


def _site_name(pages: list[RawPage]) -> str | None:
    hosts = Counter(urlsplit(p.legacy_url).netloc for p in pages if p.legacy_url)
    if not hosts:
        return None
    return re.sub(r"[^\w.-]+", "-", hosts.most_common(1)[0][0]) or None


# --- one template -------------------------------------------------------------------------


def learn_template(reads: list[_Read], others: list[_Read], name: str) -> Template | None:
    template = Template(name=name, pages=len(reads))
    template.example_urls = [r.page.legacy_url for r in reads[:EXAMPLES] if r.page.legacy_url]
    for field in FIELDS:
        rule = _learn_field(field, reads)
        if rule is not None:
            template.fields[field] = rule
    body = _learn_body(reads)
    if body is None:
        return None
    template.body = body
    template.chrome = _learn_chrome(reads, template)
    template.looks_like = _looks_like(reads, others, template)
    _score_body(reads, template)
    return template


def _truth(read: _Read, field: str) -> object:
    a = read.article
    value = {"headline": a.headline, "dek": a.dek, "bylines": a.bylines or None,
             "published": a.published, "section": a.section}[field]
    return value or None


def _same(field: str, a: object, b: object) -> bool:
    if a in (None, "", []) and b in (None, "", []):
        return True
    if a in (None, "", []) or b in (None, "", []):
        return False
    if field in ("published",):
        return a == b
    if field == "bylines":
        return [norm(x) for x in cast(list[str], a)] == [norm(x) for x in cast(list[str], b)]
    return norm(str(a)) == norm(str(b))


def _candidates(field: str, reads: list[_Read]) -> list[FieldRule]:
    """Rules worth trying: the selectors of the elements each page's reading found the
    field in, of the elements printing a value that page's metadata gave (how a byline
    with no "By" is learned), and the metadata sources themselves."""
    selectors: Counter[tuple[str, str | None]] = Counter()
    for read in reads:
        found = getattr(read.fields, field)
        if found is None:
            continue
        elements: list[tuple[lxml.html.HtmlElement, str | None]] = []
        if found.element is not None:
            elements.append((found.element, None))
        elif found.line is not None:
            elements.append((read.parsed.lines[found.line].owner, None))
        else:
            elements += _printed(field, found.value, read)
        for element, order in elements:
            for selector in selector_for(element):
                selectors[(selector, order)] += 1
    rules = [FieldRule(selector=s, order=o) for (s, o), _ in selectors.most_common(MAX_CANDIDATES)]
    sources: set[str] = set()
    for read in reads:
        found = getattr(read.fields, field)
        if found is not None and found.element is None:
            src = found.source.split(" ")[0]
            if src.startswith(("meta:", "json-ld:")) or src == "URL":
                sources.add("url" if src == "URL" else src)
    if field in ("published", "section"):
        sources.add("url")
    rules += [FieldRule(source=s) for s in sorted(sources)]
    return rules


def _printed(field: str, value: object, read: _Read) -> list[tuple[lxml.html.HtmlElement, str | None]]:
    """Elements whose text prints ``value`` (found on this page from metadata), with the
    numeric order a printed date needs."""
    out: list[tuple[lxml.html.HtmlElement, str | None]] = []
    for line in read.parsed.lines[:PRINTED_WITHIN_LINES]:
        text = line.text
        if field == "published" and isinstance(value, dt.date):
            if publication_date_in(text) == value:
                out.append((line.owner, None))
            out += [(line.owner, order) for order in numeric_orders(text, value)
                    if len(text.split()) <= PRINTED_DATE_MAX_WORDS]
        elif field == "bylines" and isinstance(value, list) and value:
            key = norm(text)
            if len(text.split()) <= PRINTED_BYLINE_MAX_WORDS and all(norm(n) in key for n in value):
                out.append((line.owner, None))
        elif isinstance(value, str) and value and norm(text) == norm(value):
            out.append((line.owner, None))
        if len(out) >= 3:
            break
    return out


@dataclass(slots=True)
class _Tally:
    same: int = 0  # both found the same value
    both_empty: int = 0
    conflicts: int = 0  # both found a value, different ones
    filled: int = 0  # only the rule found one
    missed: int = 0  # only the page's own reading found one


def _plausible(field: str, value: object) -> bool:
    """A value a rule fills in looks like the field (the page's own reading had none)."""
    if field == "published":
        return isinstance(value, dt.date)
    if field == "bylines":
        return isinstance(value, list) and all(1 <= len(str(n).split()) <= 6 for n in value)
    text = str(value)
    words = len(text.split())
    if field == "section":
        return 1 <= words <= 4
    if field == "dek":
        return 3 <= words <= 60 and not (text.startswith("(") and text.endswith(")"))
    return words >= 2  # headline


def _learn_field(field: str, reads: list[_Read]) -> FieldRule | None:
    """The rule that agrees with the pages' own readings (and fills in where they found
    nothing) best; None when no rule is reliable enough."""
    if not any(_truth(r, field) is not None for r in reads):
        return None
    best: tuple[float, ...] | None = None
    chosen: FieldRule | None = None
    for rule in _candidates(field, reads):
        tally = _Tally()
        examples: list[str] = []
        for read in reads:
            value, _ = rule_value(rule, field, read.parsed, read.page.legacy_url)
            truth = _truth(read, field)
            empty_value, empty_truth = value in (None, "", []), truth is None
            if empty_value and empty_truth:
                tally.both_empty += 1
            elif empty_value:
                tally.missed += 1
            elif empty_truth:
                if _plausible(field, value):
                    tally.filled += 1
                else:
                    tally.conflicts += 1  # "(Continued from page 1)" is no dek
            elif _same(field, value, truth):
                tally.same += 1
            else:
                tally.conflicts += 1
            if not empty_value and len(examples) < EXAMPLES:
                examples.append(", ".join(value) if isinstance(value, list) else str(value))
        checked = tally.same + tally.conflicts
        if tally.same < MIN_SUPPORT or tally.conflicts > MAX_CONFLICT_SHARE * checked:
            continue
        if tally.same + tally.both_empty + tally.filled < MIN_AGREEMENT * len(reads):
            continue
        # more values found (agreeing, or filled in where the page's own reading found
        # none: a printed byline beats metadata most pages lack), each conflict costing
        # two; then more agreement, machine-readable dates, the shortest selector. A rule
        # that finds nothing on a page costs nothing: the field is found page by page there.
        prefer_source = 1 if (rule.source and field == "published") else 0
        length = -(rule.selector.count(">") if rule.selector else 0)
        rank = (tally.same + tally.filled - 2 * tally.conflicts, tally.same, prefer_source, length)
        if best is None or rank > best:
            best = rank
            chosen = FieldRule(rule.selector, rule.source, tally.same + tally.both_empty, len(reads),
                               tally.filled, rule.order, examples)
    return chosen


def _body_line_ids(read: _Read) -> set[int]:
    """Indices of the page lines that make up the page's own reading of the body."""
    wanted = Counter(norm(p) for p in read.article.paragraphs)
    paras: dict[int, list[Line]] = {}
    for line in read.parsed.lines:
        paras.setdefault(line.para, []).append(line)
    ids: set[int] = set()
    for group in paras.values():
        key = norm("\n".join(line.text for line in group))
        if wanted.get(key):
            ids.update(line.index for line in group)
            continue
        for line in group:  # a dateline split off, or a paragraph cut differently
            text = norm(line.text)
            if len(text) >= SUBSTRING_MIN_CHARS and any(text in w or w in text for w in wanted
                                                       if len(w) >= SUBSTRING_MIN_CHARS):
                ids.add(line.index)
    return ids


def _lowest_common(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    if not elements:
        return None
    common = owner_path(elements[0])
    for element in elements[1:]:
        path = owner_path(element)
        n = 0
        while n < len(common) and n < len(path) and common[n] is path[n]:
            n += 1
        common = common[:n]
    return common[-1] if common else None


def _learn_body(reads: list[_Read]) -> FieldRule | None:
    votes: Counter[str] = Counter()
    for read in reads:
        ids = _body_line_ids(read)
        owners = [read.parsed.lines[i].owner for i in sorted(ids)]
        container = _lowest_common(owners)
        if container is None or container.tag in ("html", "body"):
            continue
        for selector in selector_for(container):
            votes[selector] += 1
    best: tuple[int, int] | None = None
    chosen: FieldRule | None = None
    for selector, count in votes.most_common(20):
        if count < MIN_AGREEMENT * len(reads):
            break
        held = 0
        for read in reads:
            element = select_first(read.parsed.root, selector)
            if element is None:
                continue
            inside = {line.index for line in lines_in(element, read.parsed.lines)}
            ids = _body_line_ids(read)
            if ids and len(ids & inside) >= 0.95 * len(ids):
                held += 1
        rank = (held, -selector.count(">"))
        if best is None or rank > best:
            best, chosen = rank, FieldRule(selector=selector, agreed=held, of=len(reads))
    if chosen is None or chosen.agreed < MIN_AGREEMENT * len(reads):
        return None
    return chosen


def _field_line_ids(read: _Read, template: Template) -> set[int]:
    ids: set[int] = set()
    for field, rule in template.fields.items():
        if rule.selector:
            element = select_first(read.parsed.root, rule.selector)
            if element is not None:
                ids.update(line.index for line in lines_in(element, read.parsed.lines))
    return ids


def _learn_chrome(reads: list[_Read], template: Template) -> list[ChromeRule]:
    assert template.body is not None and template.body.selector
    candidates: Counter[str] = Counter()
    outside: list[list[tuple[int, str]]] = []  # per page: (line index, normalized text)
    story_texts: set[str] = set()
    per_page: list[tuple[_Read, lxml.html.HtmlElement, set[int]]] = []
    for read in reads:
        container = select_first(read.parsed.root, template.body.selector)
        if container is None:
            continue
        body_ids = _body_line_ids(read)
        per_page.append((read, container, body_ids))
        skip = _field_line_ids(read, template)
        page_outside: list[tuple[int, str]] = []
        for line in lines_in(container, read.parsed.lines):
            key = normalize_line(line.text)
            if line.index in body_ids:
                story_texts.add(key)
                continue
            if line.index in skip:
                continue
            page_outside.append((line.index, key))
            for selector in selector_for(line.owner)[1:3]:  # two and three steps
                candidates[selector] += 1
        outside.append(page_outside)
    rules: list[ChromeRule] = []
    pages = len(per_page)
    covered: set[tuple[int, int]] = set()
    for selector, count in candidates.most_common():
        if count < CHROME_MIN_PAGES:
            break
        story = other = 0
        on_pages = 0
        held: set[tuple[int, int]] = set()
        for n, (read, container, body_ids) in enumerate(per_page):
            elements = select(container, selector)
            if not elements:
                continue
            on_pages += 1
            for element in elements:
                for line in lines_in(element, read.parsed.lines):
                    held.add((n, line.index))
                    if line.index in body_ids:
                        story += 1
                    else:
                        other += 1
        if on_pages >= CHROME_MIN_PAGES and story <= CHROME_MAX_STORY_SHARE * (story + other):
            if held <= covered:
                continue  # a broader rule already takes these lines
            covered |= held
            rules.append(ChromeRule(selector=selector, why=f"not story text on {on_pages}/{pages} pages"))
    texts: Counter[str] = Counter()
    for n, page_outside in enumerate(outside):
        texts.update({key for index, key in page_outside if (n, index) not in covered})
    for text, count in texts.most_common():
        if count < max(CHROME_MIN_PAGES, CHROME_TEXT_MIN_SHARE * pages):
            break
        if text not in story_texts:
            rules.append(ChromeRule(text=text, why=f"same text on {count}/{pages} pages"))
    return rules


def _looks_like(reads: list[_Read], others: list[_Read], template: Template) -> list[str]:
    marks: list[str] = []
    assert template.body is not None and template.body.selector
    marks.append(template.body.selector)
    head = template.fields.get("headline")
    if head is not None and head.selector:
        marks.append(head.selector)
    counts: Counter[str] = Counter()
    for read in reads:
        counts.update(read.features)
    other_counts: Counter[str] = Counter()
    for read in others:
        other_counts.update(read.features)
    distinctive = [f for f, c in counts.items()
                   if c >= 0.95 * len(reads) and ("#" in f or "." in f)
                   and other_counts[f] <= 0.05 * max(1, len(others))]
    distinctive.sort(key=lambda f: (-counts[f], len(f), f))
    for feature in distinctive:
        if len(marks) >= LOOKS_LIKE_MAX:
            break
        marks.append(feature)
    return marks


def _score_body(reads: list[_Read], template: Template) -> None:
    """How many sampled pages the template's body reading agrees with (F1 ≥ 0.95)."""
    assert template.body is not None
    profile = Profile(name="check", templates=[template])
    agreed = 0
    for read in reads:
        article = apply_template(read.page, read.parsed, profile, template)
        if article is not None and _f1(norm(article.body), norm(read.article.body)) >= 0.95:
            agreed += 1
    template.body.agreed, template.body.of = agreed, len(reads)


def _f1(a: str, b: str) -> float:
    wa, wb = Counter(a.split()), Counter(b.split())
    if not wa and not wb:
        return 1.0
    tp = sum((wa & wb).values())
    if tp == 0:
        return 0.0
    p, r = tp / sum(wa.values()), tp / sum(wb.values())
    return 2 * p * r / (p + r)
