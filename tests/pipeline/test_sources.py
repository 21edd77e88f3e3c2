"""Sources: every format round-trips its bytes and provenance, and faults become problems.

This file: mirrors, text dumps, format detection and the front door; WARC/ARC in
test_sources_archives.py, CMS exports in test_sources_exports.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
from pathlib import Path

import pytest

from morgue.pipeline.records import RawPage, Skipped, SourceProblem
from morgue.pipeline.sources import Source, SourceOptions, UnknownFormat, detect_format, open_source
from morgue.pipeline.sources.mirror import url_from_path

from .test_sources_support import (
    MTIME,
    SEED,
    ZYTE_HTML,
    assert_stable,
    build_warc,
    by_locator,
    collect,
    html,
    pages_of,
    problems_of,
    write,
)

# ---------------------------------------------------------------- mirror


@pytest.fixture
def wget_mirror(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path / "mirror"
    site = "www.example.com"
    written = {
        f"{site}/2008/03/story.html": html("Story"),
        f"{site}/index.html": html("Home"),
        f"{site}/news/index.html": html("News"),
        f"{site}/story.php?id=5.html": html("Query story"),
        f"{site}/print@id=7.html": html("Windows query"),
        f"{site}/2008/03/about": html("About, no extension"),
        f"{site}/2008/03/canonical.html": html(
            "Canonical", "<link rel='canonical' href='/2008/03/the-real-slug.html'>"
        ),
        f"{site}/2008/03/og.shtml": html("OG", "<meta property='og:url' content='http://www.example.com/og'>"),
        f"{site}/same-a.html": html("Same bytes"),
        f"{site}/same-b.html": html("Same bytes"),
    }
    for rel, data in written.items():
        write(root / rel, data)
    gz_page = html("Gzipped")
    write(root / site / "2008/03/zipped.html.gz", gzip.compress(gz_page))
    written[f"{site}/2008/03/zipped.html.gz"] = gz_page
    # not pages: assets, crawler files, HTTrack bookkeeping, text that is not HTML
    write(root / site / "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(root / site / "style.css", b"body { color: red }")
    write(root / site / "app.js", b"alert(1)")
    write(root / site / "robots.txt", b"User-agent: *\nDisallow:")
    write(root / site / "2008/03/notes", b"just some notes, not a page")
    write(root / "hts-cache" / "new.txt", b"<html>cache</html>")
    write(root / "hts-log.txt", b"HTTrack log")
    return root, written


def test_mirror_yields_every_page_with_its_exact_bytes_in_path_order(wget_mirror):
    root, written = wget_mirror
    items = assert_stable(open_source(root))
    assert problems_of(items) == []
    pages = pages_of(items)
    assert [page.locator for page in pages] == sorted(written)
    for page in pages:
        assert page.content == written[page.locator]
        assert page.source == str(root)
        assert page.format == "mirror"
        assert page.content_type == "text/html"
        assert page.declared_charset is None
        assert page.captured_at == MTIME


def test_mirror_urls_come_from_the_page_then_the_path(wget_mirror):
    root, _ = wget_mirror
    pages = by_locator(collect(open_source(root, "mirror")))
    url = {locator: page.legacy_url for locator, page in pages.items()}
    site = "www.example.com"
    assert url[f"{site}/2008/03/story.html"] == "http://www.example.com/2008/03/story.html"
    assert url[f"{site}/index.html"] == "http://www.example.com/"
    assert url[f"{site}/news/index.html"] == "http://www.example.com/news/"
    assert url[f"{site}/story.php?id=5.html"] == "http://www.example.com/story.php?id=5"
    assert url[f"{site}/print@id=7.html"] == "http://www.example.com/print?id=7"  # -E added .html
    assert url[f"{site}/2008/03/about"] == "http://www.example.com/2008/03/about"
    assert url[f"{site}/2008/03/zipped.html.gz"] == "http://www.example.com/2008/03/zipped.html"
    # the page's own canonical wins (resolved against where it was saved from), and the
    # URL it was saved from is kept for redirects
    canonical = pages[f"{site}/2008/03/canonical.html"]
    assert canonical.legacy_url == "http://www.example.com/2008/03/the-real-slug.html"
    assert canonical.fields == {"fetched_url": "http://www.example.com/2008/03/canonical.html"}
    assert url[f"{site}/2008/03/og.shtml"] == "http://www.example.com/og"
    assert pages[f"{site}/2008/03/story.html"].fields == {}


def test_mirror_duplicates_are_both_yielded(wget_mirror):
    root, _ = wget_mirror
    pages = by_locator(collect(open_source(root)))
    a, b = pages["www.example.com/same-a.html"], pages["www.example.com/same-b.html"]
    assert a.sha256 == b.sha256
    assert a.legacy_url != b.legacy_url


def test_mirror_estimate_counts_every_file_each_read_or_skipped(wget_mirror):
    root, written = wget_mirror
    source = open_source(root)
    items = collect(source)
    # one item per file: 11 pages, 6 files that are not pages, the crawler's cache folder
    assert source.estimate() == len(items) == len(written) + 7
    skipped = {item.locator: item.kind for item in items if isinstance(item, Skipped)}
    assert skipped == {
        "hts-cache": "crawler folder", "hts-log.txt": "crawler file",
        "www.example.com/2008/03/notes": "other file", "www.example.com/app.js": ".js file",
        "www.example.com/logo.png": ".png file", "www.example.com/robots.txt": "crawler file",
        "www.example.com/style.css": ".css file",
    }


def test_httrack_note_gives_url_and_date_and_its_index_is_skipped(tmp_path):
    root = tmp_path / "project"
    note = (
        "<!-- Mirrored from www.example.com/2008/03/07/russia.html by HTTrack Website Copier/3.x "
        "[XR&CO'2014], Fri, 07 Mar 2008 09:47:11 GMT -->"
    )
    page = f"<html>\n{note}\n<head><title>Russia</title></head><body><p>x</p></body></html>".encode()
    write(root / "www.example.com/2008/03/07/russiaa1b2.html", page)
    write(
        root / "index.html",
        b"<html><head><title>List of available projects - HTTrack Website Copier</title></head>"
        b"<!-- Created by HTTrack Website Copier/3.49-2 [XR&CO'2014] --><body></body></html>",
    )
    write(root / "backblue.gif", b"GIF89a")
    pages = pages_of(collect(open_source(root)))
    assert [p.locator for p in pages] == ["www.example.com/2008/03/07/russiaa1b2.html"]
    assert pages[0].legacy_url == "http://www.example.com/2008/03/07/russia.html"
    assert pages[0].captured_at == dt.datetime(2008, 3, 7, 9, 47, 11, tzinfo=dt.UTC)
    assert pages[0].fields == {}
    assert pages[0].content == page


def test_mirror_faults_become_problems_and_the_rest_still_comes(tmp_path):
    root = tmp_path / "site"
    good = html("Good")
    write(root / "a-good.html", good)
    write(root / "b-empty.html", b"")
    original = html("Cut short", body="word " * 5000)
    compressed = gzip.compress(original)
    write(root / "c-cut.html.gz", compressed[: len(compressed) // 2])
    (root / "d-dangling.html").symlink_to(root / "nowhere.html")
    junk = bytes(range(256)) * 16
    write(root / "d-junk.html", junk)
    write(root / "e-last.htm", good)
    items = collect(open_source(root))
    assert [item.locator for item in items] == [
        "a-good.html", "b-empty.html", "c-cut.html.gz", "d-dangling.html", "d-junk.html", "e-last.htm",
    ]  # fmt: skip
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["RawPage", "SourceProblem", "SourceProblem", "SourceProblem", "SourceProblem", "RawPage"]
    empty, cut, dangling, binary = items[1], items[2], items[3], items[4]
    assert binary.reason.startswith("binary data") and binary.content == junk
    assert empty.reason == "empty file"
    assert cut.reason.startswith("truncated gzip:")
    assert cut.content and original.startswith(cut.content) and len(cut.content) < len(original)
    assert "cannot read file" in dangling.reason
    assert all(problem.source == str(root) for problem in problems_of(items))


def test_mirror_without_host_uses_base_url_or_a_site_path(tmp_path):
    root = tmp_path / "saved"
    write(root / "2008/03/story.html", html("Story"))
    bare = pages_of(collect(open_source(root, "mirror")))
    assert bare[0].legacy_url == "/2008/03/story.html"
    with_base = pages_of(collect(open_source(root, "mirror", SourceOptions(base_url="https://sun.example/"))))
    assert with_base[0].legacy_url == "https://sun.example/2008/03/story.html"


def test_mirror_given_as_its_host_folder_knows_the_host(tmp_path):
    root = tmp_path / "www.nysun.com"
    write(root / "foreign/russia.html", html("Russia"))
    page = pages_of(collect(open_source(root)))[0]
    assert page.locator == "foreign/russia.html"
    assert page.legacy_url == "http://www.nysun.com/foreign/russia.html"


def test_single_saved_page_is_its_own_source(tmp_path):
    path = write(tmp_path / "www.example.com" / "story.html", html("Alone"))
    source = open_source(path)
    assert source.format == "mirror" and source.path == str(path)
    pages = pages_of(collect(source))
    assert [(p.locator, p.source, p.content) for p in pages] == [("story.html", str(path), html("Alone"))]
    assert pages[0].legacy_url == "/story.html"


def test_oversized_page_is_kept_and_flagged(tmp_path):
    root = tmp_path / "site"
    big = html("Big", body="x" * 5000)
    write(root / "big.html", big)
    items = collect(open_source(root, options=SourceOptions(max_bytes=1000)))
    assert isinstance(items[0], RawPage) and items[0].content == big
    assert isinstance(items[1], SourceProblem) and items[1].severity == "warning"
    assert "over the limit of 1000" in items[1].reason


@pytest.mark.parametrize(
    ("locator", "expected"),
    [
        ("www.example.com/2008/03/story.html", "http://www.example.com/2008/03/story.html"),
        ("www.example.com/index.html", "http://www.example.com/"),
        ("www.example.com+8080/a.html", "http://www.example.com:8080/a.html"),
        ("www.example.com:8080/a.html", "http://www.example.com:8080/a.html"),
        ("www.example.com/page.html?page=2", "http://www.example.com/page.html?page=2"),
        ("www.example.com/story.asp%3Fid=3.html", "http://www.example.com/story.asp?id=3"),
        ("www.example.com/my story.html", "http://www.example.com/my%20story.html"),
        ("www.example.com/caf%C3%A9.html", "http://www.example.com/caf%C3%A9.html"),
        ("story.html", "/story.html"),
        ("news/story.html", "/news/story.html"),
        ("10.0.0.1/a.htm", "http://10.0.0.1/a.htm"),
    ],
)
def test_url_from_path(locator, expected):
    assert url_from_path(locator, None, None) == expected


@pytest.mark.skipif(not ZYTE_HTML.is_dir(), reason="shared zyte data not present")
def test_real_gzipped_pages_read_as_a_mirror():
    assert detect_format(ZYTE_HTML) == "mirror"
    source = open_source(ZYTE_HTML)
    items = collect(source)
    names = sorted(name for name in os.listdir(ZYTE_HTML) if name.endswith(".html.gz"))
    assert [item.locator for item in items] == names
    assert source.estimate() == len(names)
    first = items[0]
    assert isinstance(first, RawPage)
    assert first.content == gzip.decompress((ZYTE_HTML / names[0]).read_bytes())
    # these pages carry canonical links to the news sites they came from
    assert sum(page.legacy_url.startswith("http") for page in pages_of(items)) > len(names) * 0.8


# ---------------------------------------------------------------- text dumps


def test_textdump_folder_round_trips_and_reads_url_lines(tmp_path):
    root = tmp_path / "dump"
    seed = SEED.read_bytes() if SEED.exists() else b"Headline\n\nBody text.\n"
    with_url = b"Headline\n\nBody.\n\nURL: http://www.nysun.com/foreign/russia/72171/\n"
    write(root / "000_seed.txt", seed)
    write(root / "2008/001.TXT", with_url)
    write(root / "2008/002.txt", b"")
    write(root / "2008/003.txt", b"  \n\n")
    write(root / "notes.md", b"not an article")
    items = assert_stable(open_source(root))
    assert [item.locator for item in items] == [
        "000_seed.txt", "2008/001.TXT", "2008/002.txt", "2008/003.txt", "notes.md"]
    first, second, empty, blank, notes = items
    assert isinstance(notes, Skipped) and notes.kind == "other file"
    assert isinstance(first, RawPage) and first.content == seed
    assert (first.content_type, first.legacy_url, first.format, first.captured_at) == (
        "text/plain", None, "textdump", MTIME,
    )  # fmt: skip
    assert second.content == with_url and second.legacy_url == "http://www.nysun.com/foreign/russia/72171/"
    assert isinstance(empty, SourceProblem) and empty.reason == "empty file"
    assert isinstance(blank, SourceProblem) and blank.reason.startswith("empty file")
    assert open_source(root).estimate() == 5  # every file: four dumps and the note


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_the_seed_is_a_textdump():
    assert detect_format(SEED) == "textdump"
    (page,) = collect(open_source(SEED))
    assert isinstance(page, RawPage)
    assert page.content == SEED.read_bytes()
    assert (page.source, page.locator) == (str(SEED), SEED.name)


# ---------------------------------------------------------------- detection and the front door


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("page.html", html("x"), "mirror"),
        ("page.bin", b"\xef\xbb\xbf  <html><body>x</body></html>", "mirror"),
        ("page.html.gz", gzip.compress(html("x")), "mirror"),
        ("export.txt", b'{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ("export.dat", b"title,author,body\nA,B,C\nD,E,F\n", "csv"),
        ("story.csv", b"Bush, Putin Meet\n\nThe two leaders met, talked, and left.\n", "textdump"),
        ("story", "Plain story, in some words.\n\nAnother paragraph.\n".encode("cp1252"), "textdump"),
        ("note.txt", b"[Editor's note: this story ran on A1.]\n\nBody text.\n", "textdump"),
        ("w.dat", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("a.dat", b"filedesc://x.arc 0.0.0.0 20080307120000 text/plain 10\n", "arc"),
    ],
)
def test_detect_format_by_content(tmp_path, name, data, expected):
    assert detect_format(write(tmp_path / name, data)) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b'[{"title": "a"}]', "jq"),
        (b'<?xml version="1.0"?><feed><entry/></feed>', "not a WordPress export"),
        (gzip.compress(b"plain text inside"), "gunzip"),
    ],
)
def test_detect_format_refuses_what_it_cannot_tell(tmp_path, data, message):
    path = write(tmp_path / "thing", data)
    with pytest.raises(UnknownFormat) as raised:
        detect_format(path)
    text = str(raised.value)
    assert text.startswith(f"cannot tell what {path} is") and message in text
    assert isinstance(raised.value, ValueError)


def test_detect_format_of_folders(tmp_path):
    text = tmp_path / "texts"
    write(text / "a.txt", b"Headline\n\nBody")
    write(text / "b.txt", b"Headline\n\nBody")
    write(text / "c.html", html("odd one out"))
    assert detect_format(text) == "textdump"
    mixed = tmp_path / "mixed"
    build_warc(mixed / "x.warc.gz", gzipped=True)
    write(mixed / "y.html", html("page"))
    write(mixed / "z.txt", b"Headline\n\nBody")
    # a mixed folder is normal in a migration: each file is read by its own format
    source = open_source(mixed)
    assert source.formats == {"warc", "mirror", "textdump"}
    read = [(item.locator, item.format) for item in pages_of(collect(source))]
    assert read[-2:] == [("y.html", "mirror"), ("z.txt", "textdump")]
    assert {fmt for locator, fmt in read[:-2]} == {"warc"} and len(read) == 7
    nothing = tmp_path / "nothing"
    write(nothing / "a.png", b"\x89PNG")
    with pytest.raises(UnknownFormat, match="--format mirror"):
        detect_format(nothing)


def test_open_source_front_door(tmp_path):
    path = write(tmp_path / "e.jsonl", b'{"title": "a"}\n')
    source = open_source(path, "jsonl")
    assert isinstance(source, Source)
    assert (source.path, source.format) == (str(path), "jsonl")
    relative = os.path.relpath(path)
    assert open_source(relative).path == str(path)
    with pytest.raises(UnknownFormat, match="unknown format 'pdf'"):
        open_source(path, "pdf")
    with pytest.raises(ValueError, match="is a folder"):
        open_source(tmp_path, "csv")
    with pytest.raises(FileNotFoundError):
        open_source(tmp_path / "missing.warc")
    with pytest.raises(FileNotFoundError):
        detect_format(tmp_path / "missing.warc")


def test_pages_is_a_lazy_stream(tmp_path):
    path = write(tmp_path / "big.jsonl", b"".join(b'{"id": %d}\n' % n for n in range(5000)))
    stream = open_source(path).pages()
    first = next(stream)
    assert isinstance(first, RawPage) and first.locator == "big.jsonl#1"
    stream.close()
