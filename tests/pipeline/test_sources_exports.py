"""Sources: CMS exports (JSON Lines, CSV, WordPress WXR) and field mapping."""

from __future__ import annotations

import codecs
import json

import pytest
from lxml import etree

from morgue.pipeline.records import RawPage, SourceProblem
from morgue.pipeline.sources import SourceOptions, detect_format, open_source
from morgue.pipeline.sources.fields import byline_values

from .test_sources_support import (
    MTIME,
    assert_stable,
    collect,
    pages_of,
    problems_of,
    write,
)

# ---------------------------------------------------------------- JSON Lines

JSONL_RECORDS = [
    {"id": 1, "title": "Russia Amps Up Support", "author": ["Benny Avni", "Eli Lake"], "date": "2008-03-07",
     "category": "Foreign", "tags": ["Russia", "Georgia"], "body": "<p>UNITED NATIONS — Russia…</p>",
     "url": "http://www.nysun.com/foreign/russia/72171/", "lang": "en"},
    {"id": 2, "headline": "Café Opens", "byline": "John Smith, Staff Writer", "published": 1204848000,
     "text": "A plain body, with no markup.", "summary": "A dek"},
]  # fmt: skip


def test_jsonl_records_keep_their_line_bytes_and_map_fields(tmp_path):
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in JSONL_RECORDS]
    # CRLF, a blank line, an array, a cut-off object, Latin-1 bytes, no final newline
    data = b"".join(
        [lines[0], b"\r\n\n", lines[1], b"\n[1, 2]\n", b'{"title": "broken",\n', b'{"title": "caf\xe9"}']
    )
    path = write(tmp_path / "export.jsonl", data)
    assert detect_format(path) == "jsonl"
    source = open_source(path)
    assert source.estimate() == 6
    items = assert_stable(source)
    assert [item.locator for item in items] == [f"export.jsonl#{n}" for n in (1, 3, 4, 5, 6)]
    first, second, array, broken, latin = items
    assert isinstance(first, RawPage) and first.content == lines[0]
    assert second.content == lines[1]
    assert (first.content_type, first.declared_charset, first.format) == ("application/json", "utf-8", "jsonl")
    assert first.legacy_url == "http://www.nysun.com/foreign/russia/72171/"
    assert first.fields == {
        "id": "1", "headline": "Russia Amps Up Support", "bylines": ["Benny Avni", "Eli Lake"],
        "published": "2008-03-07", "section": "Foreign", "tags": ["Russia", "Georgia"],
        "body_html": "<p>UNITED NATIONS — Russia…</p>", "legacy_url": "http://www.nysun.com/foreign/russia/72171/",
        "language": "en",
    }  # fmt: skip
    assert second.fields == {
        "id": "2", "headline": "Café Opens", "bylines": ["John Smith, Staff Writer"], "published": "1204848000",
        "body_text": "A plain body, with no markup.", "dek": "A dek",
    }  # fmt: skip
    assert isinstance(array, SourceProblem) and "not an object" in array.reason and array.content == b"[1, 2]"
    assert isinstance(broken, SourceProblem) and broken.content == b'{"title": "broken",'
    assert broken.reason.startswith("line 5 is not valid JSON:")
    assert isinstance(latin, SourceProblem) and "not UTF-8" in latin.reason


def test_column_map_overrides_the_guesses(tmp_path):
    record = {"title": "Section front", "hed": "Real headline", "body": "x", "story_url": "http://a.example/1"}
    path = write(tmp_path / "e.jsonl", json.dumps(record).encode() + b"\n")
    options = SourceOptions(column_map={"headline": "hed", "legacy_url": "story_url"})
    (page,) = collect(open_source(path, options=options))
    assert page.fields["headline"] == "Real headline"
    assert page.legacy_url == "http://a.example/1"


def test_bad_column_map_is_refused_up_front(tmp_path):
    path = write(tmp_path / "e.jsonl", b'{"a": 1}\n')
    with pytest.raises(ValueError, match="headlnie"):
        open_source(path, options=SourceOptions(column_map={"headlnie": "a"}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jane Doe and John Roe", ["Jane Doe and John Roe"]),
        ('["Jane Doe", "John Roe"]', ["Jane Doe", "John Roe"]),
        ([{"name": "Jane Doe"}], ["Jane Doe"]),
        ("", []),
    ],
)
def test_byline_values_are_kept_as_the_export_has_them(value, expected):
    # Splitting into names is extraction's job (extract/bylines.py), done once.
    assert byline_values(value) == expected


# ---------------------------------------------------------------- CSV


def test_csv_rows_keep_their_bytes_even_across_lines(tmp_path):
    rows = [
        b'"1","Russia Amps Up Support","Benny Avni and Eli Lake","2008-03-07","Foreign","Russia, Georgia",'
        b'"<p>First para.</p>\r\n<p>Second, with ""quotes"".</p>","http://www.nysun.com/a/1/"',
        b'"2","Caf\xc3\xa9 Opens","John Smith, Staff Writer","March 7, 2008","Food","","Plain body.",""',
    ]
    header = b"id,title,author,pubdate,section,keywords,body,url"
    data = codecs.BOM_UTF8 + header + b"\r\n" + rows[0] + b"\r\n\r\n" + rows[1] + b"\r\n"
    path = write(tmp_path / "export.csv", data)
    assert detect_format(path) == "csv"
    source = open_source(path)
    assert source.estimate() is None
    items = assert_stable(source)
    assert problems_of(items) == []
    first, second = items
    assert [first.locator, second.locator] == ["export.csv#1", "export.csv#2"]
    assert [first.content, second.content] == rows
    assert (first.content_type, first.declared_charset, first.format) == ("text/csv", "utf-8", "csv")
    assert first.legacy_url == "http://www.nysun.com/a/1/"
    assert first.fields == {
        "id": "1", "headline": "Russia Amps Up Support", "bylines": ["Benny Avni and Eli Lake"],
        "published": "2008-03-07", "section": "Foreign", "tags": ["Russia", "Georgia"],
        "body_html": '<p>First para.</p>\r\n<p>Second, with "quotes".</p>',
        "legacy_url": "http://www.nysun.com/a/1/",
    }  # fmt: skip
    assert second.fields["headline"] == "Café Opens"
    assert second.fields["bylines"] == ["John Smith, Staff Writer"]
    assert second.fields["body_text"] == "Plain body."
    assert second.legacy_url is None


def test_csv_in_a_legacy_encoding_is_detected(tmp_path):
    stories = [
        ("Le café rouvre", "Renée Dupré", "Hier, à Paris, le président a rencontré le ministre « très tôt »."),
        ("Straße gesperrt", "Jürgen Müller", "Gestern traf sich der Präsident in Berlin – „sehr früh“."),
        ("Mayor’s plan", "Seán O’Brien", "The mayor’s office said the café would reopen — “after repairs”."),
    ] * 5
    lines = ["title;author;body"] + [";".join(story) for story in stories]
    data = "\r\n".join(lines).encode("cp1252")
    path = write(tmp_path / "legacy.csv", data)
    items = collect(open_source(path, "csv"))
    assert problems_of(items) == []
    pages = pages_of(items)
    assert len(pages) == len(stories)
    assert {page.declared_charset for page in pages} == {"cp1252"}
    for page, (title, author, body) in zip(pages, stories, strict=True):
        assert page.fields == {"headline": title, "bylines": [author], "body_text": body}
    assert pages[5].content == lines[6].encode("cp1252")


def test_undecodable_csv_row_still_yields_its_bytes(tmp_path):
    good = ["title,body", "Caf\u00e9 one,Fine \u2014 text", "Two,More"]
    bad_row = "Th\u00e9\u00e2tre,Written in cp1252".encode("cp1252")
    data = "\n".join(good).encode() + b"\n" + bad_row + b"\nLast,Row\n"
    path = write(tmp_path / "mixed.csv", data)
    items = collect(open_source(path))
    locators = [(type(i).__name__, i.locator) for i in items]
    assert locators == [
        ("RawPage", "mixed.csv#1"), ("RawPage", "mixed.csv#2"), ("RawPage", "mixed.csv#3"),
        ("SourceProblem", "mixed.csv#3"), ("RawPage", "mixed.csv#4"),
    ]  # fmt: skip
    bad, warning = items[2], items[3]
    assert bad.content == bad_row
    assert bad.declared_charset is None
    assert "\ufffd" in bad.fields["headline"]
    assert warning.severity == "warning" and "not valid utf-8" in warning.reason
    assert items[0].declared_charset == "utf-8" and items[0].fields["headline"] == "Café one"


def test_csv_faults_do_not_stop_the_other_rows(tmp_path):
    data = b'title\tbody\tdate\nOne\tA\t2001\n"Two"x\tB\t2002\nThree\tC\n"Four"\t"D"\t2004\n'
    path = write(tmp_path / "tabs.csv", data)
    items = collect(open_source(path))
    summary = [(type(i).__name__, i.locator) for i in items]
    assert summary == [
        ("RawPage", "tabs.csv#1"), ("SourceProblem", "tabs.csv#2"), ("RawPage", "tabs.csv#3"),
        ("SourceProblem", "tabs.csv#3"), ("RawPage", "tabs.csv#4"),
    ]  # fmt: skip
    quote_error, width_warning = items[1], items[3]
    assert quote_error.severity == "error" and quote_error.content == b'"Two"x\tB\t2002'
    assert width_warning.severity == "warning" and "2 cells" in width_warning.reason
    assert items[4].fields == {"headline": "Four", "body_text": "D", "published": "2004"}


def test_csv_row_with_two_faults_gets_one_warning(tmp_path):
    data = "title,body\nCafé,Row in UTF-8\n".encode() + b"Caf\xe9,bad,extra\n"
    items = collect(open_source(write(tmp_path / "two.csv", data)))
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("RawPage", "two.csv#1"), ("RawPage", "two.csv#2"), ("SourceProblem", "two.csv#2"),
    ]  # fmt: skip
    reason = items[2].reason
    assert "not valid utf-8" in reason and "3 cells, the header has 2" in reason


def test_empty_csv_is_a_problem(tmp_path):
    path = write(tmp_path / "empty.csv", b"")
    (problem,) = collect(open_source(path, "csv"))
    assert isinstance(problem, SourceProblem) and problem.reason == "empty file"


# ---------------------------------------------------------------- WordPress WXR

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>The Sun</title>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[bavni]]></wp:author_login>
    <wp:author_display_name><![CDATA[Benny Avni]]></wp:author_display_name></wp:author>
"""

WXR_POST = """  <item>
    <title>{title}</title>
    <link>http://www.nysun.com/?p={id}</link>
    <pubDate>Fri, 07 Mar 2008 05:00:00 +0000</pubDate>
    <dc:creator><![CDATA[bavni]]></dc:creator>
    <description></description>
    <content:encoded><![CDATA[<p>UNITED NATIONS &mdash; Russia & friends.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[{type}]]></wp:post_type>
    <category domain="category" nicename="foreign"><![CDATA[Foreign]]></category>
    <category domain="post_tag" nicename="russia"><![CDATA[Russia]]></category>
    <category domain="post_tag" nicename="georgia"><![CDATA[Georgia]]></category>
  </item>
"""


def wxr(*items: str) -> bytes:
    return (WXR_HEAD + "".join(items) + "</channel>\n</rss>\n").encode()


def post(id: int, type: str = "post", title: str = "Russia Amps Up Support", **kw: str) -> str:
    values = {"excerpt": "", "date": "2008-03-07 00:00:00", **kw}
    return WXR_POST.format(id=id, type=type, title=title, **values)


def test_wxr_posts_become_pages_with_fields(tmp_path):
    data = wxr(
        post(10, excerpt="Moscow backs separatists"),
        post(11, type="attachment", title="photo.jpg"),
        post(12, type="page", title="About us"),
        post(13, title="Draft", date="0000-00-00 00:00:00"),
    )
    path = write(tmp_path / "export.xml", data)
    assert detect_format(path) == "wxr"
    items = assert_stable(open_source(path))
    assert problems_of(items) == []
    first, draft = pages_of(items)
    assert [first.locator, draft.locator] == ["export.xml#10", "export.xml#13"]
    assert (first.content_type, first.declared_charset, first.format) == ("application/rss+xml", "utf-8", "wxr")
    assert first.legacy_url == "http://www.nysun.com/?p=10"
    assert first.captured_at == MTIME
    assert first.fields == {
        "headline": "Russia Amps Up Support", "dek": "Moscow backs separatists", "bylines": ["Benny Avni"],
        "published": "2008-03-07 00:00:00", "section": "Foreign", "tags": ["Russia", "Georgia"],
        "body_html": "<p>UNITED NATIONS &mdash; Russia & friends.</p>", "legacy_url": "http://www.nysun.com/?p=10",
        "language": "en-US", "id": "10", "status": "publish",
    }  # fmt: skip
    assert draft.fields["published"] == "Fri, 07 Mar 2008 05:00:00 +0000"
    # the content is the item element itself, CDATA and all, and parses on its own
    assert first.content.startswith(b"<item") and first.content.endswith(b"</item>")
    assert b"<![CDATA[<p>UNITED NATIONS" in first.content
    assert etree.fromstring(first.content).findtext("title") == "Russia Amps Up Support"


def test_malformed_wxr_item_is_a_problem_and_the_others_come(tmp_path):
    broken = post(21, title="Fish & Chips")  # a bare & outside CDATA
    data = wxr(post(20), broken, post(22))
    path = write(tmp_path / "export.xml", data)
    items = collect(open_source(path, "wxr"))
    summary = [(type(i).__name__, i.locator) for i in items]
    assert summary == [("RawPage", "export.xml#20"), ("SourceProblem", "export.xml#21"), ("RawPage", "export.xml#22")]
    problem = items[1]
    bad_line = data.decode().splitlines().index("    <title>Fish & Chips</title>") + 1
    assert f"line {bad_line}, column" in problem.reason
    assert problem.content and b"<wp:post_id>21</wp:post_id>" in problem.content


def test_truncated_wxr_reports_the_cut_item(tmp_path):
    data = wxr(post(30), post(31))
    path = write(tmp_path / "cut.xml", data[: data.index(b"<wp:post_id>31")])
    items = collect(open_source(path, "wxr"))
    assert isinstance(items[0], RawPage) and items[0].locator == "cut.xml#30"
    assert any(isinstance(i, SourceProblem) and "malformed XML" in i.reason for i in items[1:])


def test_wxr_legacy_url_from_post_meta(tmp_path):
    meta = (
        "<wp:postmeta><wp:meta_key><![CDATA[_legacy_url]]></wp:meta_key>"
        "<wp:meta_value><![CDATA[http://www.nysun.com/foreign/russia/72171/]]></wp:meta_value></wp:postmeta>"
    )
    item = post(40).replace("  </item>", f"    {meta}\n  </item>")
    path = write(tmp_path / "export.xml", wxr(item))
    (page,) = collect(open_source(path))
    assert page.legacy_url == "http://www.nysun.com/foreign/russia/72171/"
    assert page.fields["legacy_url"] == page.legacy_url
    assert page.fields["permalink"] == "http://www.nysun.com/?p=40"


def test_wxr_without_items_is_one_problem(tmp_path):
    path = write(tmp_path / "empty-blog.xml", wxr())
    (problem,) = collect(open_source(path, "wxr"))
    assert isinstance(problem, SourceProblem) and problem.severity == "warning"
    assert "no <item> elements" in problem.reason


@pytest.mark.parametrize("data", [b"", b"\x00\x01binary junk", b"not xml at all"])
def test_unreadable_wxr_is_a_problem(tmp_path, data):
    path = write(tmp_path / "bad.xml", data)
    items = collect(open_source(path, "wxr"))
    assert items and all(isinstance(i, SourceProblem) for i in items)
    assert items[0].severity == "error"
