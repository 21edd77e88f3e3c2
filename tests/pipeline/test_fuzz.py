"""Property tests: whatever bytes a source holds, reading it never raises, and every page
read is extracted without raising. The examples are the same on every run (conftest.py's
hypothesis profile); HYPOTHESIS_PROFILE=explore draws many more, new ones, outside CI."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from morgue.pipeline.extract import extract_article
from morgue.pipeline.records import RawPage, Skipped, SourceProblem
from morgue.pipeline.sources import open_source

#: examples per format in the repeatable profile: the module stays under ~20 s
EXAMPLES = 25
FAST = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<title>", "</title>", "<body>",
                         "<html>", "</html>", "<td width=460>", "<font4face='x'>", "<br>",
                         "<script>", "<!--", "-->", "&amp;", "&#0;", "<h1>", "<meta charset=x>"])
_HTML = st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=60).map("".join)
_FIELD = st.one_of(st.text(max_size=80), _HTML, st.integers(), st.none(),
                   st.lists(st.text(max_size=20), max_size=3))
_RECORD = st.dictionaries(st.sampled_from(["title", "headline", "body", "author", "date",
                                           "section", "url", "id", "tags"]), _FIELD, max_size=8)


def read_all(name: str, data: bytes, format: str | None = None) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(open_source(path, format).pages())
    for item in items:
        assert isinstance(item, (RawPage, Skipped, SourceProblem))
        if isinstance(item, RawPage):
            extract_article(item)
    return items


@FAST
@given(_HTML, st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_page_is_read_and_extracted(text, encoding):
    data = text.encode(encoding, errors="replace") or b"<p>"
    items = read_all("page.html", data, "mirror")
    assert items


@FAST
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_any_text_dump_is_read(data):
    assert read_all("story.txt", data, "textdump")


@FAST
@given(st.lists(_RECORD | st.text(max_size=50), max_size=12))
def test_any_json_lines_export_is_read(records):
    lines = [json.dumps(r) if isinstance(r, dict) else r for r in records]
    read_all("export.jsonl", "\n".join(lines).encode(), "jsonl")


@FAST
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=6), min_size=1, max_size=12))
def test_any_csv_export_is_read(rows):
    out = io.StringIO()
    csv.writer(out).writerows([["headline", "body", "date"], *rows])
    read_all("export.csv", out.getvalue().encode(), "csv")


@FAST
@given(st.lists(st.tuples(st.sampled_from(["post", "page", "attachment", "nav_menu_item", "x"]),
                          st.sampled_from(["publish", "draft", "future", "private", "trash", ""]),
                          _HTML), max_size=8), st.booleans())
def test_any_wordpress_export_is_read(items, cut):
    body = "".join(
        f"<item><title>T{n}</title><wp:post_type>{kind}</wp:post_type><wp:status>{status}"
        f"</wp:status><content:encoded><![CDATA[{text}]]></content:encoded></item>"
        for n, (kind, status, text) in enumerate(items))
    xml = ('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
           f"{body}</channel></rss>").encode()
    found = read_all("export.xml", xml[: len(xml) // 2] if cut else xml, "wxr")
    if not cut:
        # every item is accounted for: a page, a listed skip or a problem of its own
        assert len({i.locator for i in found if "#" in i.locator}) == len(items)
