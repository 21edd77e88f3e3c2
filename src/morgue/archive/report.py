"""The quality report's data: what the checks found, what `fix` would do, and a verdict.

Only gathering lives here; :mod:`morgue.archive.report_render` turns the same record
into the HTML page or JSON, so both always say the same thing.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from morgue import config
from morgue.pipeline.checks import CHECKS

from .fixes import ArticleFix, plan_fixes
from .models import Article, Capture, CheckRun, Correction, Finding, Problem
from .stories import held_stories, published_stories

__all__ = ["ReportData", "gather_report"]

#: How heavily each open finding weighs when ranking the worst articles. Damage adds
#: up: a story with garbled text, leftover markup and chrome ranks above a clean copy
#: that is merely held back, so blocking adds only a little (held articles are already
#: off the site; with a heavier weight the sample's 16 held copies filled the list).
SEVERITY_WEIGHT = {"error": 3, "warning": 2, "info": 1}
BLOCKING_WEIGHT = 1
#: How many of the worst articles, fix examples and diff lines the report shows.
WORST_ARTICLES = 12
FIX_EXAMPLES = 4
DIFF_LINES = 30
#: Sections shown in the chart; the rest are summed as "other sections".
TOP_SECTIONS = 12
SEVERITIES = ("error", "warning", "info")
#: What the extraction's own findings are called in the report (not a registered check).
EXTRACTION = ("extraction", "What extraction noticed at ingest (no date found, bytes "
                            "that could not be decoded…).")


@dataclass(slots=True)
class Bucket:
    """One bar: open findings of a check, section or year, by severity."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)
    description: str = ""
    blocking: int = 0
    fixable: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class FindingView:
    check: str
    severity: str
    field: str
    message: str
    evidence: str
    span: list[int] | None
    blocking: bool
    fix: dict[str, Any] | None


@dataclass(slots=True)
class WorstArticle:
    id: int
    headline: str
    url: str
    legacy_url: str
    section: str
    published: str | None
    status: str
    score: int
    capture_sha256: str
    capture_content_type: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass(slots=True)
class FixExample:
    id: int
    headline: str
    diff: str
    truncated: bool


@dataclass(slots=True)
class FixPreview:
    articles: int = 0
    corrections: int = 0
    skipped: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    examples: list[FixExample] = field(default_factory=list)


@dataclass(slots=True)
class Verdict:
    ready: bool
    title: str
    #: what blocks publishing, each with its count and what to do
    blockers: list[str] = field(default_factory=list)
    #: worth knowing, but not in the way
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReportData:
    generated: str
    archive: str
    verdict: Verdict
    totals: dict[str, int]
    last_check: dict[str, Any] | None
    by_check: list[Bucket]
    by_section: list[Bucket]
    by_year: list[Bucket]
    worst: list[WorstArticle]
    fixes: FixPreview

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("by_check", "by_section", "by_year"):
            for bucket, source in zip(data[key], getattr(self, key), strict=True):
                bucket["total"] = source.total
        return data


def gather_report(worst: int = WORST_ARTICLES, examples: int = FIX_EXAMPLES) -> ReportData:
    open_findings = Finding.objects.filter(status=Finding.Status.OPEN)
    fixes = _fix_preview(examples)
    totals = _totals(open_findings)
    last = CheckRun.objects.filter(finished__isnull=False).order_by("-pk").first()
    return ReportData(
        generated=timezone.now().isoformat(timespec="seconds"),
        archive=str(config.home()),
        verdict=_verdict(totals, fixes, last),
        totals=totals,
        last_check=None if last is None else {
            "finished": last.finished and last.finished.isoformat(timespec="seconds"),
            "codes": last.codes,
            "articles": last.articles, "findings": last.findings},
        by_check=_by_check(open_findings),
        by_section=_by_section(open_findings),
        by_year=_by_year(open_findings),
        worst=_worst(worst),
        fixes=fixes,
    )


def _totals(open_findings) -> dict[str, int]:
    articles = Article.objects.all()
    applied = Correction.objects.filter(status=Correction.Status.APPLIED)
    problems = Problem.objects.filter(resolved=False)
    return {
        "captures": Capture.objects.count(),
        "articles": articles.count(),
        # stories, as the site and the export count them (a multi-page story is one)
        "published": published_stories().count(),
        "held": held_stories().count(),
        "articles_with_findings": open_findings.values("article").distinct().count(),
        "open_findings": open_findings.count(),
        "errors": open_findings.filter(severity="error").count(),
        "warnings": open_findings.filter(severity="warning").count(),
        "blocking": open_findings.filter(blocking=True).count(),
        "errors_in_published": open_findings.filter(
            severity="error", article__status=Article.Status.PUBLISHED).count(),
        "fixed_findings": Finding.objects.filter(status=Finding.Status.FIXED).count(),
        "dismissed_findings": Finding.objects.filter(status=Finding.Status.DISMISSED).count(),
        "corrections": applied.count(),
        "corrected_articles": applied.values("article").distinct().count(),
        "ingest_errors": problems.filter(severity=Problem.Severity.ERROR).count(),
        "ingest_warnings": problems.filter(severity=Problem.Severity.WARNING).count(),
    }


def _by_check(open_findings) -> list[Bucket]:
    described = {c.code: c.description for c in CHECKS}
    buckets = {code: Bucket(code, description=text) for code, text in described.items()}
    rows = (open_findings.values("code", "severity")
            .annotate(n=Count("id"), blocking=Count("id", filter=Q(blocking=True)),
                      fixable=Count("id", filter=Q(proposed_fix__safe=True))))
    for row in rows:
        code = row["code"]
        if code not in buckets:
            buckets[code] = Bucket(code, description=EXTRACTION[1] if code == EXTRACTION[0]
                                   else "")
        bucket = buckets[code]
        bucket.counts[row["severity"]] = bucket.counts.get(row["severity"], 0) + row["n"]
        bucket.blocking += row["blocking"]
        bucket.fixable += row["fixable"]
    return sorted(buckets.values(), key=lambda b: (-b.total, b.label))


def _grouped(rows, label_of) -> dict[str, Bucket]:
    buckets: dict[str, Bucket] = {}
    for row in rows:
        label = label_of(row)
        bucket = buckets.setdefault(label, Bucket(label))
        bucket.counts[row["severity"]] = bucket.counts.get(row["severity"], 0) + row["n"]
    return buckets


def _by_section(open_findings) -> list[Bucket]:
    rows = open_findings.values("article__section", "severity").annotate(n=Count("id"))
    buckets = sorted(_grouped(rows, lambda r: r["article__section"] or "(no section)").values(),
                     key=lambda b: (-b.total, b.label))
    if len(buckets) > TOP_SECTIONS:
        rest = Bucket(f"{len(buckets) - TOP_SECTIONS + 1} other sections")
        for bucket in buckets[TOP_SECTIONS - 1:]:
            for severity, n in bucket.counts.items():
                rest.counts[severity] = rest.counts.get(severity, 0) + n
        buckets = [*buckets[:TOP_SECTIONS - 1], rest]
    return buckets


def _by_year(open_findings) -> list[Bucket]:
    rows = (open_findings.annotate(year=ExtractYear("article__published"))
            .values("year", "severity").annotate(n=Count("id")))
    buckets = _grouped(rows, lambda r: str(r["year"]) if r["year"] else "undated")
    return sorted(buckets.values(), key=lambda b: (b.label == "undated", b.label))


def _worst(limit: int) -> list[WorstArticle]:
    is_open = Q(findings__status=Finding.Status.OPEN)
    weight = Case(
        *(When(findings__severity=s, then=Value(w)) for s, w in SEVERITY_WEIGHT.items()),
        default=Value(0), output_field=IntegerField())
    blocking = Case(When(findings__blocking=True, then=Value(BLOCKING_WEIGHT)),
                    default=Value(0), output_field=IntegerField())
    articles = (
        Article.objects.annotate(score=Sum(weight, filter=is_open)
                                 + Sum(blocking, filter=is_open))
        .filter(score__gt=0).order_by("-score", "pk").select_related("capture")
        .prefetch_related(Prefetch("findings", Finding.objects.filter(
            status=Finding.Status.OPEN).order_by("pk"), to_attr="open_findings"))
    )[:limit]
    return [
        WorstArticle(
            id=a.pk, headline=a.headline, url=a.url, legacy_url=a.legacy_url,
            section=a.section, published=a.published.isoformat() if a.published else None,
            status=a.status, score=a.score, capture_sha256=a.capture.sha256,
            capture_content_type=a.capture.content_type or "application/octet-stream",
            findings=sorted(_finding_views(a.open_findings),
                            key=lambda f: (not f.blocking, SEVERITIES.index(f.severity)
                                           if f.severity in SEVERITIES else 9)),
        )
        for a in articles
    ]


def _finding_views(findings: list[Finding]) -> list[FindingView]:
    """An article's findings as the report shows them, each thing said once: an
    extraction note a check already quotes ("no publication date found") is left out,
    and so is evidence the message already holds word for word."""
    messages = [f.message for f in findings if f.code != EXTRACTION[0]]
    return [_finding_view(f) for f in findings
            if f.code != EXTRACTION[0] or not any(f.message in m for m in messages)]


def _finding_view(f: Finding) -> FindingView:
    evidence = f.evidence if f.evidence.strip() not in f.message else ""
    return FindingView(check=f.code, severity=f.severity, field=f.field, message=f.message,
                       evidence=evidence, span=list(f.span) if f.span else None,
                       blocking=f.blocking, fix=f.proposed_fix)


def _fix_preview(examples: int) -> FixPreview:
    preview = FixPreview()
    by_check: dict[str, int] = defaultdict(int)
    shown: set[str] = set()
    spare: list[ArticleFix] = []
    for plan in plan_fixes():
        preview.skipped += len(plan.skipped)
        if not plan.corrections:
            continue
        preview.articles += 1
        preview.corrections += len(plan.corrections)
        for correction in plan.corrections:
            by_check[correction.check] += 1
        checks = {c.check for c in plan.corrections}
        # One example per kind of fix first: five headline fixes in a row say little.
        if len(preview.examples) < examples and not checks <= shown:
            preview.examples.append(_example(plan))
            shown |= checks
        elif len(spare) < examples:
            spare.append(plan)
    for plan in spare[:examples - len(preview.examples)]:
        preview.examples.append(_example(plan))
    preview.by_check = dict(sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0])))
    return preview


def _example(plan: ArticleFix) -> FixExample:
    lines = plan.diff().splitlines()
    return FixExample(plan.article_id, plan.headline, "\n".join(lines[:DIFF_LINES]),
                      len(lines) > DIFF_LINES)


def _verdict(totals: dict[str, int], fixes: FixPreview, last: CheckRun | None) -> Verdict:
    blockers: list[str] = []
    notes: list[str] = []
    if last is None:
        blockers.append("The checks have never run on this archive: run `morgue check`.")
    if n := totals["errors_in_published"]:
        blockers.append(f"{n} error{_s(n)} in articles that would be published: "
                        "read them below, correct or dismiss them.")
    if n := fixes.corrections:
        blockers.append(f"{n} safe fix{'es' if n != 1 else ''} not yet applied "
                        f"in {fixes.articles} article{_s(fixes.articles)}: run `morgue fix`.")
    if n := totals["held"]:
        notes.append(f"{n} article{_s(n)} held back (not a story, or a copy of another); "
                     "they stay in the archive, unpublished.")
    if n := totals["warnings"]:
        notes.append(f"{n} warning{_s(n)} worth a look; they do not stop publishing.")
    if n := totals["ingest_errors"]:
        notes.append(f"{n} input{_s(n)} could not be read as articles (`morgue errors`); "
                     "their bytes are kept.")
    if n := totals["corrections"]:
        notes.append(f"{n} correction{_s(n)} applied to {totals['corrected_articles']} "
                     f"article{_s(totals['corrected_articles'])}, all on the record.")
    count = (1 if last is None else 0) + totals["errors_in_published"] + fixes.corrections
    # Not "blocking": in the findings that word means an article held back, which does
    # not stop the rest of the archive from publishing.
    title = ("Ready to publish" if not blockers
             else f"Not ready: {count} problem{_s(count)} to resolve first")
    return Verdict(not blockers, title, blockers, notes)


def _s(n: int) -> str:
    return "" if n == 1 else "s"
