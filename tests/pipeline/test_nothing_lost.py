"""Nothing lost on real material (issue 12), without a database: every file and record is
a page, a listed skip or a problem; no page stops extraction; libraries stay quiet."""

from __future__ import annotations

import io
import os
import re
import signal
import zlib
from collections import Counter

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.pipeline.extract import extract_article
from morgue.pipeline.profiles import learn_profile
from morgue.pipeline.records import RawPage, Skipped, SourceProblem
from morgue.pipeline.sources import open_source
from morgue.sample.site import generate_site

from .test_sources_support import SHARED_DATA, ZYTE_HTML, collect, html, pages_of, problems_of, write

CONFORMANCE = SHARED_DATA / "warc-conformance"
WXR = SHARED_DATA / "wordpress" / "themeunittestdata.wordpress.xml"
needs_shared = pytest.mark.skipif(not CONFORMANCE.is_dir(), reason="shared data not present")


def kinds(items) -> Counter[str]:
    return Counter(type(item).__name__ for item in items)


def page(content: bytes, locator: str = "x.html") -> RawPage:
    return RawPage(content, "/src", locator, "mirror", "http://www.example.com/" + locator,
                   content_type="text/html")


# ---------------------------------------------------------------- 1. one page, one run


@pytest.fixture(scope="module")
def forty_pages(tmp_path_factory) -> list[RawPage]:
    root = tmp_path_factory.mktemp("site")
    generate_site(root, 40)
    return pages_of(collect(open_source(root)))


def test_profile_learning_reads_past_a_page_with_a_made_up_tag(forty_pages):
    # one flipped byte: <font face="Times New Roman" size="5"> became <font4face=...>
    first = forty_pages[0]
    spot = first.content.index(b'<font face="Times New Roman" size="5">')
    broken = first.content[:spot] + b"<font4" + first.content[spot + 6:]
    pages = [page(broken, first.locator), *forty_pages[1:]]
    profile = learn_profile(pages)  # raised BadSelector
    assert profile.templates


def test_profile_learning_leaves_out_unreadable_pages_and_says_how_many(forty_pages, monkeypatch):
    from morgue.pipeline.profiles import learn

    real = learn.extract_html_details

    def broken_on_one(p, *args, **kwargs):
        if p.locator == forty_pages[5].locator:
            raise AssertionError("too many bodies")
        return real(p, *args, **kwargs)

    monkeypatch.setattr(learn, "extract_html_details", broken_on_one)
    profile = learn_profile(forty_pages)
    assert profile.pages_unreadable == 1 and profile.pages_sampled == len(forty_pages) - 1
    assert "too many bodies" in profile.unreadable[0]


@pytest.mark.skipif(not ZYTE_HTML.is_dir(), reason="shared data not present")
def test_a_title_never_closed_does_not_stop_extraction_and_the_story_is_read():
    import gzip

    name = sorted(os.listdir(ZYTE_HTML))[0]
    original = gzip.decompress((ZYTE_HTML / name).read_bytes())
    content = re.sub(rb"</title>", b"", original, flags=re.I)
    article = extract_article(page(content))  # raised AssertionError: too many bodies
    assert article.word_count > 50 and article.body == extract_article(page(original)).body


def test_a_hundred_thousand_nested_divs_still_give_the_story():
    story = "The council approved the harbor plan after a long night of debate and votes."
    content = (b"<html><head><title>Deep</title></head><body>" + b"<div>" * 100_000
               + f"<p>{story}</p>".encode() + b"</div>" * 100_000 + b"</body></html>")
    article = extract_article(page(content))
    assert article.paragraphs == [story]  # was published with an empty body
    assert "plain text" in article.field_sources["paragraphs"]


def test_a_failing_extractor_is_a_warning_and_the_next_candidate_reads_the_page(monkeypatch):
    from morgue.pipeline import extract

    def boom(*args, **kwargs):
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(extract, "extract_html", boom)
    content = html("Harbor plan", body="The council approved the harbor plan on Tuesday night.")
    article = extract_article(page(content))
    assert article.paragraphs and "harbor plan" in article.body
    assert article.warnings[0] == "per-page extraction failed: RuntimeError: extractor bug"


# ---------------------------------------------------------------- 2. nothing skipped in silence


def test_a_text_dump_among_pages_is_read_and_every_other_file_is_listed(tmp_path):
    root = tmp_path / "mixed"
    write(root / "a.html", html("A page"))
    write(root / "b.html", html("Another page"))
    write(root / "note.txt", b"Council Meets\n\nThe council met on Tuesday.\n")
    write(root / "logo.gif", b"GIF89a")
    items = collect(open_source(root))
    read = {p.locator: p.format for p in pages_of(items)}
    assert read == {"a.html": "mirror", "b.html": "mirror", "note.txt": "textdump"}
    assert [(s.locator, s.kind) for s in items if isinstance(s, Skipped)] == [("logo.gif", ".gif file")]


@needs_shared
@pytest.mark.parametrize(("name", "expected"), [
    # 3 responses with invalid lengths and a header with one: each a problem, none silent
    ("bad.arc", {"SourceProblem": 4}),
    # JSON answers to POST requests, and the requests: listed skips
    ("post-test.warc.gz", {"Skipped": 6}),
    # a PNG resource: a listed skip (and warcio's remark about its URL, kept as a warning)
    ("example-space-in-target-uri.warc.gz", {"Skipped": 2, "SourceProblem": 1}),
    # warcio reads it; its HTTP payload is whole: a page (with a warning about the length)
    ("example-space-in-url.arc", {"Skipped": 1, "RawPage": 1, "SourceProblem": 1}),
    # wget's log and arguments are crawler metadata, never articles
    ("example-wget-bad-target-uri.warc.gz", {"Skipped": 5, "RawPage": 1}),
])
def test_warc_conformance_records_are_each_a_page_a_skip_or_a_problem(name, expected):
    items = collect(open_source(CONFORMANCE / name))
    assert kinds(items) == Counter(expected)
    errors = [problem for problem in problems_of(items) if problem.severity == "error"]
    assert len(errors) == (4 if name == "bad.arc" else 0)
    if name == "example-wget-bad-target-uri.warc.gz":
        assert [p.legacy_url for p in pages_of(items)] == ["http://example.com/"]
        assert {s.kind for s in items if isinstance(s, Skipped)} >= {"metadata: resource"}


# ---------------------------------------------------------------- 3. one bad record


def warc_of_eight(gzipped: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for n in range(8):
        body = html(f"Story {n}", body=f"Story number {n}, told in full.")
        writer.write_record(writer.create_warc_record(
            f"http://www.example.com/{n}.html", "response", payload=io.BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))
    return out.getvalue()


def with_first_length(data: bytes, length: bytes, gzipped: bool) -> bytes:
    if not gzipped:
        return re.sub(rb"Content-Length: \d+", b"Content-Length: " + length, data, count=1)
    inflater = zlib.decompressobj(wbits=31)
    first = inflater.decompress(data)
    first = re.sub(rb"Content-Length: \d+", b"Content-Length: " + length, first, count=1)
    deflater = zlib.compressobj(wbits=31)
    return deflater.compress(first) + deflater.flush() + inflater.unused_data


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("length", [b"99999999", b"-5", b"10"])
def test_a_bad_first_record_costs_one_record_not_the_file(tmp_path, gzipped, length):
    path = write(tmp_path / "crawl.warc", with_first_length(warc_of_eight(gzipped), length, gzipped))
    items = collect(open_source(path, "warc"))
    assert [p.legacy_url for p in pages_of(items)] == [f"http://www.example.com/{n}.html" for n in range(1, 8)]
    (problem,) = problems_of(items)
    assert problem.locator == "crawl.warc@0" and "length" in problem.reason
    assert problem.content  # the bad record's bytes are kept with it


# ---------------------------------------------------------------- 4. special files


def test_a_fifo_and_a_link_to_dev_zero_are_skipped_not_read(tmp_path):
    root = tmp_path / "mirror"
    write(root / "a.html", html("A page"))
    os.mkfifo(root / "b.html")
    (root / "c.html").symlink_to("/dev/zero")
    write(root / "d.html", html("Another page"))
    def hang(signum, frame):
        raise TimeoutError("reading the mirror hung")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(20)  # a FIFO used to hang the read for ever
    try:
        items = collect(open_source(root))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [p.locator for p in pages_of(items)] == ["a.html", "d.html"]
    skipped = {s.locator: s.reason for s in items if isinstance(s, Skipped)}
    assert "FIFO" in skipped["b.html"] and "character device" in skipped["c.html"]


def test_a_file_over_the_read_limit_is_a_problem_before_it_is_read(tmp_path):
    from morgue.pipeline.sources import SourceOptions

    root = tmp_path / "mirror"
    write(root / "big.html", html("Big", body="word " * 1000))
    write(root / "small.html", html("Small"))
    items = collect(open_source(root, options=SourceOptions(max_bytes=1000, read_limit=2000)))
    big = next(i for i in items if i.locator == "big.html")
    assert isinstance(big, SourceProblem) and "over the read limit of 2000" in big.reason
    assert [p.locator for p in pages_of(items)] == ["small.html"]


# ---------------------------------------------------------------- 5. WordPress statuses


@pytest.mark.skipif(not WXR.is_file(), reason="shared data not present")
def test_the_wordpress_theme_unit_test_is_read_as_wordpress_means_it():
    items = collect(open_source(WXR))
    posts = pages_of(items)
    held = {p.fields["status"]: p.fields["held"] for p in posts if p.fields.get("held")}
    assert set(held) == {"draft", "future"}  # both were published
    assert "scheduled" in held["future"] and "draft" in held["draft"]
    assert sum(1 for p in posts if p.fields["status"] == "publish") == 49
    skipped = Counter(s.kind for s in items if isinstance(s, Skipped))
    assert skipped == {"nav_menu_item": 70, "attachment": 38, "page": 21}
    # every <item> of the file is accounted for, once
    assert len(items) == WXR.read_bytes().count(b"<item>") == 180


# ---------------------------------------------------------------- 8. quiet


@needs_shared
def test_reading_damaged_warcs_prints_nothing(capfd):
    for name in ("example-trunc.warc", "example-space-in-url.arc", "bad.arc"):
        collect(open_source(CONFORMANCE / name))
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # was "WARNING: Record not followed by newline … Remainder"


def test_what_a_library_logs_about_a_page_is_kept_with_the_page(capfd, tmp_path):
    import logging

    from morgue.pipeline import work

    def noisy(*args, **kwargs):
        logging.getLogger("readability.readability").error("error getting summary: ValueError")
        print("Error -3 while decompressing")
        return real(*args, **kwargs)

    real = work.extract_article
    work.init_worker(str(tmp_path / "store"), None)
    try:
        work.extract_article = noisy
        done = work.process_page(page(html("Quiet", body="A story of several words, told.")))
    finally:
        work.extract_article = real
    assert capfd.readouterr() == ("", "")
    said = " ".join(done.article.warnings)
    assert "error getting summary" in said and "Error -3 while decompressing" in said
