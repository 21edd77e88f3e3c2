"""The sample archive and the page generator: deterministic, readable, and broken exactly
where the manifest says."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from warcio.archiveiterator import ArchiveIterator

from morgue.sample import SampleManifest, build_sample_archive, generate_site
from morgue.sample.paper import NEW_SITE_FOOTER, long_date
from morgue.sample.briefs import BRIEFS, SPORTS_STORIES
from morgue.sample.stories import BY_SLUG, STORIES

WP = {"wp": "http://wordpress.org/export/1.2/"}
META_CHARSET = re.compile(rb'<meta http-equiv="Content-Type" content="text/html; charset=([\w-]+)"')


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleManifest:
    return build_sample_archive(tmp_path_factory.mktemp("sample"))


def _decoded(data: bytes) -> str:
    """A page's text as a reader would see it: declared charset, entities resolved."""
    m = META_CHARSET.search(data)
    return html.unescape(data.decode(m.group(1).decode() if m else "utf-8"))


def _warc_record(path: Path, locator: str) -> tuple[int | None, bytes]:
    offset = int(locator.rsplit("@", 1)[1])
    with path.open("rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        assert record.rec_type == "response"
        return int(record.http_headers.get_statuscode()), record.content_stream().read()


def _jsonl_row(path: Path, locator: str) -> dict[str, Any]:
    line = int(locator.rsplit("#", 1)[1])
    return json.loads(path.read_text(encoding="utf-8").splitlines()[line - 1])


# --- the archive ------------------------------------------------------------------------


def test_build_is_byte_for_byte_repeatable(sample: SampleManifest, tmp_path: Path) -> None:
    again = build_sample_archive(tmp_path / "again")
    assert _digests(sample.root) == _digests(again.root)
    assert again.planted == sample.planted and again.files == sample.files


def test_manifest_lists_every_file_and_matches_manifest_json(sample: SampleManifest) -> None:
    on_disk = set(_digests(sample.root))
    assert on_disk == set(sample.files)
    for expected in ("ledger-2009.warc.gz", "export.jsonl", "wordpress.xml", "MANIFEST.json"):
        assert expected in on_disk
    assert sum(f.startswith("dumps/") for f in on_disk) == 5
    doc = json.loads((sample.root / "MANIFEST.json").read_text(encoding="utf-8"))
    assert doc["files"] == sample.files
    assert doc["planted"] == sample.planted
    assert doc["articles"] == sample.articles
    assert str(sample.root) not in (sample.root / "MANIFEST.json").read_text(encoding="utf-8")


def test_stories_are_reused_across_formats(sample: SampleManifest) -> None:
    stories = [a for a in sample.articles if not a.get("brief")]
    assert 30 <= len(stories) <= 45
    assert 14 <= len(STORIES) <= 18
    formats_by_story: dict[str, set[str]] = {}
    for art in stories:
        formats_by_story.setdefault(art["story"], set()).add(art["format"])
    assert set(formats_by_story) == set(BY_SLUG)
    assert max(len(f) for f in formats_by_story.values()) >= 3
    for story in STORIES:
        assert 3 <= len(story.paragraphs) <= 7


def test_warc_reads_back(sample: SampleManifest) -> None:
    records = []
    with (sample.root / "ledger-2009.warc.gz").open("rb") as f:
        for rec in ArchiveIterator(f):
            status = rec.http_headers.get_statuscode() if rec.rec_type == "response" else None
            ctype = rec.http_headers.get_header("Content-Type") if rec.rec_type == "response" else None
            records.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), status, ctype))
    kinds = [r[0] for r in records]
    assert kinds[0] == "warcinfo"
    assert kinds.count("request") == kinds.count("response") == 8
    assert len(records) == 17
    statuses = [r[2] for r in records if r[0] == "response"]
    assert statuses.count("404") == 1 and statuses.count("200") == 7
    assert all(r[3] == "text/html; charset=UTF-8" for r in records if r[0] == "response")
    # every locator in the manifest points at a response for the URL it claims
    for entry in [*sample.articles, *sample.planted]:
        if entry["file"] == "ledger-2009.warc.gz":
            offset = int(entry["locator"].rsplit("@", 1)[1])
            with (sample.root / entry["file"]).open("rb") as f:
                f.seek(offset)
                rec = next(iter(ArchiveIterator(f)))
            assert rec.rec_headers.get_header("WARC-Target-URI") == entry["url"]


def test_2003_pages_declare_and_use_a_single_byte_charset(sample: SampleManifest) -> None:
    pages = [a for a in sample.articles if a.get("layout") == "2003"]
    assert len(pages) >= 8
    seen = set()
    for art in pages:
        data = (sample.root / art["file"]).read_bytes()
        charset = META_CHARSET.search(data).group(1).decode()
        assert charset in ("windows-1252", "iso-8859-1")
        seen.add(charset)
        text = data.decode(charset)  # strict: must be valid in its own declaration
        assert "og:" not in text and "<table" in text and "<font" in text
        if charset == "iso-8859-1":
            assert not re.search(rb"[\x80-\x9f]", data)  # no windows-1252-only bytes
        else:
            assert b"\x92" in data or b"\x93" in data  # curly quotes as single bytes
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        story = BY_SLUG[art["story"]]
        if art.get("page_no", 1) == 1 and art["story"] != "cannery-closing":
            assert long_date(story.published.date()) in text
            assert html.unescape(text).count(story.paragraphs[1]) == 1
    assert seen == {"windows-1252", "iso-8859-1"}


def test_2009_pages_carry_cms_metadata(sample: SampleManifest) -> None:
    art = next(a for a in sample.articles if a["story"] == "council-waterfront-zoning"
               and a["format"] == "mirror")
    text = (sample.root / art["file"]).read_text(encoding="utf-8")
    for needle in ('<meta property="og:title"', 'article:published_time" content="2009-06-12T06:15:00-04:00"',
                   f'<link rel="canonical" href="{art["url"]}"', "Home</a> &gt; <a",
                   "Related articles", 'id="comments"', "share-facebook"):
        assert needle in text
    library = next(a for a in sample.articles if a["story"] == "library-extends-hours"
                   and a["format"] == "mirror")
    assert "Crumb &amp; Kettle" in (sample.root / library["file"]).read_text(encoding="utf-8")


def test_multi_page_story_links_its_pages(sample: SampleManifest) -> None:
    parts = sorted((a for a in sample.articles if a.get("page_count") == 2), key=lambda a: a["page_no"])
    assert [p["page_no"] for p in parts] == [1, 2]
    first = _decoded((sample.root / parts[0]["file"]).read_bytes())
    second = _decoded((sample.root / parts[1]["file"]).read_bytes())
    assert parts[1]["file"].endswith("_2.html")
    assert "Page 1 of 2 | Next page" in re.sub(r"<[^>]+>", "", first)
    assert "Previous page | Page 2 of 2" in re.sub(r"<[^>]+>", "", second)


def test_dumps_look_like_the_founding_example(sample: SampleManifest) -> None:
    footer = "\n\n".join(NEW_SITE_FOOTER)
    dumps = sorted((sample.root / "dumps").glob("*.txt"))
    for path in dumps:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n\n")
        assert lines[1].startswith("This story is from The Evening Ledger")
        assert lines[2] == "The Evening Ledger"
        assert text.endswith("\n\n\n" + footer)
        story = next(s for s in STORIES if s.headline == lines[0])
        assert lines[3].startswith(f"{story.dateline} \u2014 ")
        assert story.bylines[0] not in text  # bylines and dates did not survive the move


def test_cms_export_and_wxr_parse(sample: SampleManifest) -> None:
    rows = [json.loads(line) for line in (sample.root / "export.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 + len(BRIEFS)
    briefs = [a for a in sample.articles if a.get("brief")]
    assert [a["locator"] for a in briefs] == [f"export.jsonl#{n}" for n in range(6, 6 + len(BRIEFS))]
    assert len({r["id"] for r in rows}) == len({r["url"] for r in rows}) == len(rows)
    for row in rows:
        assert {"title", "subtitle", "author", "pub_date", "category", "tags", "body", "url"} <= set(row)
        assert row["body"].startswith("<p>")
    doc = etree.parse(str(sample.root / "wordpress.xml"))
    assert doc.findtext("channel/wp:wxr_version", namespaces=WP) == "1.2"
    items = doc.findall("channel/item")
    types = [i.findtext("wp:post_type", namespaces=WP) for i in items]
    assert types.count("post") == 3 and types.count("attachment") == 1
    assert len(doc.findall("channel/wp:author", namespaces=WP)) == 2
    assert doc.findall("channel/wp:category", namespaces=WP) and doc.findall("channel/wp:tag", namespaces=WP)
    content = items[0].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content.startswith("PORT ALDEN \u2014 The Port Alden City Council")


def test_the_export_has_enough_sports_and_business_stories_to_learn_from(sample: SampleManifest) -> None:
    """`category` learns a section from at least 20 of its stories (MIN_SECTION_STORIES)."""
    from morgue.pipeline.checks.category import MIN_SECTION_STORIES, MIN_WORDS

    by_section: dict[str, int] = {}
    for story in BRIEFS:
        assert len(" ".join(story.paragraphs).split()) >= max(MIN_WORDS, 50)
        by_section[story.section] = by_section.get(story.section, 0) + 1
    assert min(by_section["Sports"], by_section["Business"]) >= MIN_SECTION_STORIES
    assert set(SPORTS_STORIES) <= set(BRIEFS)
    assert not {s.slug for s in BRIEFS} & set(BY_SLUG)


# --- planted problems: each kind has its own proof ----------------------------------------


def _check_exact_duplicate(root: Path, p: dict[str, Any]) -> None:
    assert (root / p["file"]).read_bytes() == (root / p["duplicate_of"]).read_bytes()
    assert p["file"] != p["duplicate_of"]


def _check_duplicate_paragraph(root: Path, p: dict[str, Any]) -> None:
    assert _decoded((root / p["file"]).read_bytes()).count(p["evidence"]) == 2


def _check_no_article(root: Path, p: dict[str, Any]) -> None:
    text = _decoded((root / p["file"]).read_bytes())
    assert "article-body" not in text and "Times New Roman\" size=\"3\">PORT" not in text
    assert not any(s.paragraphs[1] in text for s in STORIES)


def _check_wrong_section(root: Path, p: dict[str, Any]) -> None:
    text = (root / p["file"]).read_text(encoding="utf-8")
    assert p["evidence"] in text and "/news/business/" in p["url"]
    art_story = BY_SLUG[p["url"].rsplit("/", 1)[1]]
    assert art_story.section == p["true_section"] == "Sports"


def _check_date_missing(root: Path, p: dict[str, Any]) -> None:
    text = (root / p["file"]).read_text(encoding="utf-8")
    story = BY_SLUG[p["url"].rsplit("/", 1)[1]]
    assert story.paragraphs[0] in html.unescape(text)
    assert "published_time" not in text and 'class="pubdate"' not in text
    assert long_date(story.published.date()) not in text
    assert not re.search(r"/(19|20)\d\d/", p["url"])


def _check_mojibake(root: Path, p: dict[str, Any]) -> None:
    text = (root / p["file"]).read_text(encoding="utf-8")
    assert p["evidence"] in text and "caf\u00c3\u00a9" in text
    assert "don\u2019t" not in text


def _check_truncated_gzip(root: Path, p: dict[str, Any]) -> None:
    assert p["file"].endswith(".html.gz")
    with pytest.raises(EOFError):
        gzip.decompress((root / p["file"]).read_bytes())


def _check_empty_file(root: Path, p: dict[str, Any]) -> None:
    assert (root / p["file"]).stat().st_size == 0


def _check_binary_junk(root: Path, p: dict[str, Any]) -> None:
    data = (root / p["file"]).read_bytes()
    assert len(data) > 1000 and b"\x00" in data and b"<html" not in data.lower()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def _check_chrome_in_body(root: Path, p: dict[str, Any]) -> None:
    status, body = _warc_record(root / p["file"], p["locator"])
    text = body.decode("utf-8")
    start = text.index('<div class="article-body">')
    article_body = text[start:text.index("</div>", start)]
    assert status == 200 and p["evidence"] in article_body
    assert "<p>Sign in to comment</p>" in article_body


def _check_http_404(root: Path, p: dict[str, Any]) -> None:
    status, body = _warc_record(root / p["file"], p["locator"])
    assert status == 404 and p["evidence"].encode() in body


def _check_soft_404(root: Path, p: dict[str, Any]) -> None:
    status, body = _warc_record(root / p["file"], p["locator"])
    assert status == 200 and p["evidence"].encode() in body


def _check_truncated(root: Path, p: dict[str, Any]) -> None:
    text = (root / p["file"]).read_text(encoding="utf-8")
    assert p["evidence"] in text
    assert "librarians. \u201cA school without a library" not in text


def _check_double_escaped_entity(root: Path, p: dict[str, Any]) -> None:
    row = _jsonl_row(root / p["file"], p["locator"])
    assert row["id"] == p["record_id"] and p["evidence"] in row["body"]


def _check_placeholder_date(root: Path, p: dict[str, Any]) -> None:
    row = _jsonl_row(root / p["file"], p["locator"])
    assert row["pub_date"] == p["evidence"] and p["true_published"] == "2009-08-02"


def _check_capture_date_as_published(root: Path, p: dict[str, Any]) -> None:
    doc = etree.parse(str(root / p["file"]))
    post_id = p["locator"].rsplit("#", 1)[1]
    item = next(i for i in doc.iter("item") if i.findtext("wp:post_id", namespaces=WP) == post_id)
    assert item.findtext("wp:post_date", namespaces=WP) == p["evidence"]
    assert item.findtext("pubDate") == doc.findtext("channel/pubDate")  # the export's own date


CHECKS: dict[str, Callable[[Path, dict[str, Any]], None]] = {
    name.removeprefix("_check_"): fn for name, fn in globals().items() if name.startswith("_check_")
}


def test_every_planted_problem_is_in_its_file(sample: SampleManifest) -> None:
    kinds = {p["kind"] for p in sample.planted}
    assert kinds <= set(CHECKS), f"no check for {kinds - set(CHECKS)}"
    assert kinds == set(CHECKS)  # and every kind we know how to check is planted
    for planted in sample.planted:
        assert planted["description"]
        assert (sample.root / planted["file"]).is_file()
        if planted["file"].startswith("mirror/"):
            assert planted["locator"] == planted["file"].removeprefix("mirror/")
        CHECKS[planted["kind"]](sample.root, planted)


# --- the generator ------------------------------------------------------------------------


def test_generate_site_writes_n_pages_deterministically(tmp_path: Path) -> None:
    assert generate_site(tmp_path / "a", 200) == 200
    assert generate_site(tmp_path / "b", 200) == 200
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a == b and len(a) == 200
    assert all(name.startswith("www.eveningledger.com/") and name.endswith(".html") for name in a)
    assert generate_site(tmp_path / "c", 200, seed=1) == 200
    assert _digests(tmp_path / "c") != a

    names = list(a)
    old = [n for n in names if not n.startswith("www.eveningledger.com/news/")]
    new = [n for n in names if n.startswith("www.eveningledger.com/news/")]
    assert abs(len(old) - len(new)) <= 20  # layouts alternate
    years = {int(re.search(r"/((?:19|20)\d\d)/", n).group(1)) for n in names}
    assert min(years) <= 2000 and max(years) >= 2011
    sample_2003 = (tmp_path / "a" / old[0]).read_bytes()
    assert META_CHARSET.search(sample_2003).group(1) in (b"windows-1252", b"iso-8859-1")
    assert b"og:title" in (tmp_path / "a" / new[0]).read_bytes()


def test_generate_site_layout_choice_and_bad_arguments(tmp_path: Path) -> None:
    assert generate_site(tmp_path / "new", 30, layouts=("2009",)) == 30
    assert all("/news/" in n for n in _digests(tmp_path / "new"))
    assert generate_site(tmp_path / "none", 0) == 0
    with pytest.raises(ValueError):
        generate_site(tmp_path / "bad", 5, layouts=("1997",))
    with pytest.raises(ValueError):
        generate_site(tmp_path / "bad", -1)


def test_generated_multi_page_stories_are_linked(tmp_path: Path) -> None:
    generate_site(tmp_path, 400, seed=3)
    seconds = sorted(tmp_path.rglob("*_2.html"))
    assert seconds, "expected some two-page stories in 400 pages"
    for second in seconds:
        first = second.with_name(second.name.replace("_2.html", ".html"))
        assert b"Page 1 of 2" in first.read_bytes() and b"Next page" in first.read_bytes()
        assert b"Page 2 of 2" in second.read_bytes()
