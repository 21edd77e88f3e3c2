"""The quality report as one self-contained HTML page, or as JSON.

The page has no external resources: CSS is inline, charts are inline SVG whose geometry
is computed here and drawn by the template, and each original capture is embedded as a
``data:`` link to download. Everything from the archive is untrusted legacy text, so it
only ever reaches the page through Django's auto-escaping template.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from morgue.store import BlobMissing, CaptureStore

from .report import SEVERITIES, Bucket, ReportData

__all__ = ["bar_chart", "render_html", "render_json"]

# Chart geometry in SVG user units; the SVG scales to the page width.
# Close to the width the page gives a chart, so 13 units of text are about 13 pixels.
CHART_WIDTH = 900
LABEL_WIDTH = 200
VALUE_WIDTH = 64
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_CHARS = 28
#: Captures larger than this are linked by their path in the store instead of embedded,
#: so one huge page does not make the report huge.
EMBED_MAX_BYTES = 512 * 1024
_EXTENSIONS = {"html": "html", "plain": "txt", "json": "json", "xml": "xml"}


@dataclass(slots=True)
class Segment:
    severity: str
    value: int
    x: float
    width: float


@dataclass(slots=True)
class Row:
    label: str
    full_label: str
    total: int
    y: float
    text_y: float
    value_x: float
    segments: list[Segment] = field(default_factory=list)


@dataclass(slots=True)
class Chart:
    title: str
    width: int
    height: int
    rows: list[Row]
    label_x: int = LABEL_WIDTH - 8

    @property
    def empty(self) -> bool:
        return not any(r.total for r in self.rows)


def bar_chart(title: str, buckets: list[Bucket]) -> Chart:
    """Horizontal bars, one per bucket, stacked by severity (errors first)."""
    area = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    peak = max((b.total for b in buckets), default=0) or 1
    rows: list[Row] = []
    for i, bucket in enumerate(buckets):
        y = 4 + i * ROW_HEIGHT
        row = Row(label=_clip(bucket.label), full_label=bucket.label, total=bucket.total,
                  y=y + (ROW_HEIGHT - BAR_HEIGHT) / 2, text_y=y + ROW_HEIGHT / 2 + 4,
                  value_x=LABEL_WIDTH)
        x = float(LABEL_WIDTH)
        for severity in SEVERITIES:
            if n := bucket.counts.get(severity, 0):
                width = max(2.0, area * n / peak)
                row.segments.append(Segment(severity, n, round(x, 1), round(width, 1)))
                x += width
        row.value_x = round(x + 6, 1)
        rows.append(row)
    return Chart(title, CHART_WIDTH, 8 + len(rows) * ROW_HEIGHT, rows)


def render_html(data: ReportData) -> str:
    store = CaptureStore(settings.MORGUE_STORE)
    context = {
        "data": data,
        "charts": [
            bar_chart("Open findings by check", data.by_check),
            bar_chart("Open findings by section", data.by_section),
            bar_chart("Open findings by year", data.by_year),
        ],
        "worst": [(a, _capture_link(store, a.capture_sha256, a.capture_content_type))
                  for a in data.worst],
        "examples": [(e, _diff_lines(e.diff)) for e in data.fixes.examples],
        "severities": SEVERITIES,
    }
    return render_to_string("archive/report.html", context)


def render_json(data: ReportData) -> str:
    return json.dumps(data.to_dict(), ensure_ascii=False, indent=2)


def _clip(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _diff_lines(diff: str) -> list[tuple[str, str]]:
    """(css class, line) for each line of a unified diff."""
    kinds = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            kinds.append(("file", line))
        elif line.startswith("@@"):
            kinds.append(("hunk", line))
        elif line.startswith("+"):
            kinds.append(("add", line))
        elif line.startswith("-"):
            kinds.append(("del", line))
        else:
            kinds.append(("ctx", line))
    return kinds


def _capture_link(store: CaptureStore, sha256: str, content_type: str) -> dict[str, Any]:
    """A download link holding the original bytes, or the blob's path when too big."""
    kind = content_type.split("/")[-1].split("+")[0]
    link: dict[str, Any] = {"path": str(store.path(sha256)),
                            "filename": f"capture-{sha256[:12]}.{_EXTENSIONS.get(kind, 'bin')}",
                            "href": None}
    try:
        content = store.get(sha256)
    except (BlobMissing, OSError, EOFError):
        return link
    if len(content) <= EMBED_MAX_BYTES:
        # octet-stream: the browser downloads it rather than render legacy markup here
        link["href"] = ("data:application/octet-stream;base64,"
                        + base64.b64encode(content).decode("ascii"))
    link["size"] = len(content)
    return link
