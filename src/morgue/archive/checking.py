"""Run the transfer checks over the archive and keep what they find.

The checks read the archive as published (:mod:`morgue.archive.items`). A run replaces
the open findings of the checks it ran, all at once: findings are spooled to a temporary
file while the checks stream through the archive, then written in one transaction, so a reader never sees a half-written run and
a crashed run leaves the previous findings in place. Fixed and dismissed findings stay
as the record. Articles with an open blocking finding are HELD; they are PUBLISHED again
once none is left. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone

from morgue import config
from morgue.pipeline import records
from morgue.pipeline.checks import CHECKS, CheckOptions, run_checks
from morgue.pipeline.checks.partitioned import PartitionFailed
from morgue.plan import PUBLISH_POLICIES

from .items import CheckFailed, ClusterChecks, ItemStream
from .loading import UNPUBLISHED
from .models import Article, CheckRun, Finding, Release

__all__ = ["BadCheckSetting", "CheckResult", "UnknownCheck", "check_archive", "check_codes",
           "check_options", "finding_codes", "founded_year", "publication_changed",
           "update_held"]

#: Sent after a check run commits when articles were held back or published again
#: (``held``, ``released``: lists of article ids); the search index and the site's
#: redirects listen here.
publication_changed = Signal()

#: Findings written per INSERT.
WRITE_BATCH = 1000
#: Evidence kept per finding. Evidence is a quote to look at, not a copy of the story;
#: long quotes make the report and the database heavy for nothing.
EVIDENCE_MAX = 2000


#: A founding year outside this range is a typo, not a paper.
FOUNDED_EARLIEST = 1600


class UnknownCheck(ValueError):
    pass


class BadCheckSetting(ValueError):
    """A setting the checks read (``MORGUE_FOUNDED``) holds something they cannot use."""


@dataclass(slots=True)
class CheckResult:
    run_id: int
    codes: list[str]
    articles: int = 0
    findings: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    #: findings the checks made about keys that are not articles (a check's bug)
    unknown_keys: int = 0
    held: int = 0  # articles newly held back by this run
    released: int = 0  # held articles published again


def check_codes(only: Iterable[str] | None = None) -> list[str]:
    """The registered codes to run: all, or those asked for (raises :class:`UnknownCheck`)."""
    known = [c.code for c in CHECKS]
    if not only:
        return known
    unknown = sorted(set(only) - set(known))
    if unknown:
        raise UnknownCheck(f"no check called {', '.join(unknown)}; the checks are "
                           f"{', '.join(known)}")
    return [code for code in known if code in set(only)]


#: Finding codes ingest records itself, besides the checks'.
INGEST_CODES = ("extraction", UNPUBLISHED)


def finding_codes(only: Iterable[str]) -> list[str]:
    """The finding codes asked for, checked: a check's or one ingest records (raises
    :class:`UnknownCheck` naming them all)."""
    wanted = list(only)
    try:
        check_codes([c for c in wanted if c not in INGEST_CODES] or None)
    except UnknownCheck as exc:
        raise UnknownCheck(f"{exc} (and {', '.join(INGEST_CODES)}, which ingest "
                           "records)") from None
    return wanted


def founded_year(value: str | int | None, name: str = "MORGUE_FOUNDED") -> int | None:
    """The paper's founding year from a setting or option; None when empty (unknown)."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    try:
        year = int(text)
    except ValueError:
        raise BadCheckSetting(f"{name} must be a year such as 1887, not {text!r}") from None
    if not FOUNDED_EARLIEST <= year <= dt.date.today().year:
        raise BadCheckSetting(f"{name} must be a year between {FOUNDED_EARLIEST} and this "
                              f"year, not {year}")
    return year


def check_options(founded: int | None = None) -> CheckOptions:
    """The options of a check run: the paper's founding year is ``founded`` if given,
    else the ``MORGUE_FOUNDED`` setting (empty: unknown)."""
    if founded is None:
        founded = founded_year(config.get("MORGUE_FOUNDED"))
    else:
        founded = founded_year(founded, "the founding year")
    return CheckOptions(founded=founded)


def check_archive(only: Iterable[str] | None = None, options: CheckOptions | None = None,
                  workers: int = 1, dask: str | None = None) -> CheckResult:
    """Run the checks over every article and replace their open findings.

    ``options`` default to :func:`check_options` (the settings). ``workers`` processes
    compute the captures' visible text (the slow part). ``dask``: a scheduler address
    or local:N; the cluster's workers compute the visible texts and run the per-article
    checks, partition by partition, then the corpus checks that are written as reductions
    (``duplicate``, ``chrome``…); this process spools the items, sends partitions and runs
    the other corpus checks.
    """
    codes = check_codes(only)
    options = options or check_options()
    if dask:
        from morgue.pipeline.cluster import cluster_map, connect, parse_address

        parse_address(dask)
    run = CheckRun.objects.create(codes=codes)
    result = CheckResult(run_id=run.pk, codes=codes)
    with tempfile.TemporaryFile(prefix="morgue-findings-") as spool, \
            connect(dask) if dask else nullcontext() as client:
        def keep(findings: Iterable[records.Finding]) -> None:
            for finding in findings:
                pickle.dump(_row(finding), spool)
                result.findings += 1

        cluster = None if client is None else ClusterChecks(client, options, set(codes), keep)
        with ItemStream(workers, cluster) as items:
            archive = None
            if cluster is not None:
                for _item in items():  # the first pass: per-article checks on the cluster
                    pass
                # corpus checks as reductions on the cluster, over the spooled items
                archive = items.partitioned(cluster_map(cluster.client), options)
            try:
                keep(run_checks(items, options, set(codes), articles_done=cluster is not None,
                                archive=archive))
            except PartitionFailed as exc:
                raise CheckFailed(f"{exc}; the previous findings are kept: run `morgue check` "
                                  "again") from exc
        spool.seek(0)
        result.articles = items.count if items.count is not None else Article.objects.count()
        _replace_findings(run, codes, _unspool(spool, result.findings), result)
    return result


def _row(finding: records.Finding) -> dict[str, Any]:
    """Model fields for a pipeline finding (plain data, so it pickles to the spool)."""
    fix = finding.fix
    evidence = finding.evidence or ""
    if len(evidence) > EVIDENCE_MAX:
        evidence = evidence[:EVIDENCE_MAX] + "…"
    return {
        "key": finding.key, "code": finding.check, "severity": finding.severity,
        "field": finding.field or "",
        "span_start": finding.span[0] if finding.span else None,
        "span_end": finding.span[1] if finding.span else None,
        "message": finding.message, "evidence": evidence,
        "proposed_fix": None if fix is None else {
            "field": fix.field, "before": fix.before, "after": fix.after,
            "span": list(fix.span) if fix.span else None, "safe": bool(fix.safe)},
        "blocking": bool(finding.blocking),
        "related": [_jsonable_key(k) for k in finding.related],
    }


def _jsonable_key(key: int | str) -> int | str:
    try:
        return int(key)
    except (TypeError, ValueError):
        return str(key)


def _unspool(spool: IO[bytes], count: int) -> Iterator[dict[str, Any]]:
    for _ in range(count):
        yield pickle.load(spool)


def _identity(article_id: Any, code: str, field_name: str, message: str, evidence: str
              ) -> tuple[Any, ...]:
    return (int(article_id), code, field_name, message, evidence)


#: The columns of a finding a check run writes, besides the article: a finding raised
#: again with all of them equal is the same finding, kept with its id.
_SAME = ("code", "severity", "field", "span_start", "span_end", "message", "evidence",
         "proposed_fix", "blocking", "related")


def _sameness(article_id: Any, row: dict[str, Any]) -> str:
    return json.dumps([int(article_id), *(row[name] for name in _SAME)], sort_keys=True)


@transaction.atomic
def _replace_findings(run: CheckRun, codes: list[str], rows: Iterator[dict[str, Any]],
                      result: CheckResult) -> None:
    mine = Finding.objects.filter(code__in=codes)
    # Open findings no correction points at are replaced; the rest are the record. One
    # raised again unchanged keeps its row (and id), so a rerun on the same archive
    # changes nothing.
    replaceable: dict[str, list[int]] = {}
    for values in (mine.filter(status=Finding.Status.OPEN, corrections__isnull=True)
                   .values("pk", "article_id", *_SAME).iterator(chunk_size=2000)):
        replaceable.setdefault(_sameness(values["article_id"], values), []).append(values["pk"])
    kept = {_identity(*f) for f in mine.filter(status__in=[Finding.Status.OPEN,
                                                           Finding.Status.DISMISSED])
            .exclude(pk__in=[pk for pks in replaceable.values() for pk in pks])
            .values_list("article_id", "code", "field", "message", "evidence")}
    by_check: Counter[str] = Counter()
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= WRITE_BATCH:
            _write(batch, run, kept, replaceable, by_check, result)
            batch = []
    _write(batch, run, kept, replaceable, by_check, result)
    gone = [pk for pks in replaceable.values() for pk in pks]
    for start in range(0, len(gone), WRITE_BATCH):
        Finding.objects.filter(pk__in=gone[start:start + WRITE_BATCH]).delete()
    result.by_check = {code: by_check[code] for code in codes if by_check[code]}
    result.findings = sum(by_check.values())  # written: less what was dismissed before
    result.held, result.released = update_held()
    run.finished = timezone.now()
    run.articles, run.findings = result.articles, result.findings
    run.save(update_fields=["finished", "articles", "findings"])


def _write(batch: list[dict[str, Any]], run: CheckRun, kept: set[tuple[Any, ...]],
           replaceable: dict[str, list[int]], by_check: Counter[str],
           result: CheckResult) -> None:
    keys = {_jsonable_key(r["key"]) for r in batch}
    existing = set(Article.objects.filter(
        pk__in=[k for k in keys if isinstance(k, int)]).values_list("pk", flat=True))
    new: list[Finding] = []
    for row in batch:
        key = _jsonable_key(row.pop("key"))
        if key not in existing:
            result.unknown_keys += 1
            continue
        if _identity(key, row["code"], row["field"], row["message"], row["evidence"]) in kept:
            continue  # dismissed, or waiting on a proposed correction: not raised again
        by_check[row["code"]] += 1
        if same := replaceable.get(_sameness(key, row)):
            same.pop()  # raised again unchanged: the open finding stays as it is
            continue
        new.append(Finding(article_id=key, run=run, **row))
    Finding.objects.bulk_create(new)


def update_held() -> tuple[int, int]:
    """Hold the articles the publishing policy (MORGUE_PUBLISH) holds, publish the rest;
    (held, released).

    ``unless-blocking``: an open blocking finding holds an article. ``everything``: only
    one the old site never published is held. ``when-released``: an article is also held
    until an editor releases it (:class:`Release`). Sends :data:`publication_changed`
    (after commit) with the ids that changed.
    """
    policy = config.get("MORGUE_PUBLISH")
    if policy not in PUBLISH_POLICIES:
        raise BadCheckSetting(f"MORGUE_PUBLISH must be one of {', '.join(PUBLISH_POLICIES)}, "
                              f"not {policy!r}")
    blocking = Finding.objects.filter(article=OuterRef("pk"), status=Finding.Status.OPEN,
                                      blocking=True)
    if policy == "everything":
        blocking = blocking.filter(code=UNPUBLISHED)
    hold = Q(Exists(blocking))
    if policy == "when-released":
        hold |= ~Q(Exists(Release.objects.filter(article=OuterRef("pk"))))
    to_hold = list(Article.objects.filter(hold)
                   .exclude(status=Article.Status.HELD).values_list("pk", flat=True))
    to_release = list(Article.objects.filter(status=Article.Status.HELD)
                      .exclude(hold).values_list("pk", flat=True))
    Article.objects.filter(pk__in=to_hold).update(status=Article.Status.HELD)
    Article.objects.filter(pk__in=to_release).update(status=Article.Status.PUBLISHED)
    if to_hold or to_release:
        transaction.on_commit(lambda: publication_changed.send(
            Article, held=to_hold, released=to_release))
    return len(to_hold), len(to_release)
