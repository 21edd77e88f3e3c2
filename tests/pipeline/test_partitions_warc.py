"""A big WARC is cut into ranges of records that together read it exactly once.

Every conformance WARC/ARC of warcio (damaged ones too) and a generated WARC of many
records are planned with a split threshold of 0 bytes, so each is cut; the ranges'
items, in order, must be the whole file's items.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.pipeline import partitions
from morgue.pipeline.sources import open_source
from morgue.pipeline.sources.base import SourceOptions

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "data" / "warc-conformance"


def write_warc(path: Path, records: int) -> Path:
    """A gzipped WARC of ``records`` HTML responses, each with a request record before it."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(records):
            url = f"http://www.eveningledger.com/2009/story-{n}.html"
            body = (f"<html><head><title>Story {n}</title></head><body><h1>Story {n}</h1>"
                    + "".join(f"<p>Paragraph {i} of story {n}, long enough to be text.</p>" for i in range(5))
                    + "</body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def _plain(items) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.locator) for i in items]


def _split(path: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> list[partitions.Partition]:
    monkeypatch.setattr(partitions, "SPLIT_BYTES", 0)
    source = open_source(str(path))
    return list(partitions.plan(source, SourceOptions(), None, size))


def test_a_big_warc_is_read_once_across_its_ranges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", 25)
    whole = _plain(open_source(str(path)).pages())
    assert len(whole) == 50  # a request (skipped) and a response (a page) per story
    parts = _split(path, 7, monkeypatch)
    assert len(parts) == 8 and parts[0].key.endswith("records 0-7") and parts[-1].key.endswith("records 49-")
    assert [item for part in parts for item in _plain(part.items())] == whole
    # under the threshold the file stays whole
    monkeypatch.setattr(partitions, "SPLIT_BYTES", path.stat().st_size + 1)
    assert len(list(partitions.plan(open_source(str(path)), SourceOptions(), None, 7))) == 1


def test_a_folder_s_warcs_are_cut_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_warc(folder / "a.warc.gz", 6)
    write_warc(folder / "b.warc.gz", 3)
    whole = _plain(open_source(str(folder)).pages())
    parts = _split(folder, 5, monkeypatch)
    assert [p.key.rsplit(" records ", 1)[-1] for p in parts] == ["0-5", "5-10", "10-", "0-5", "5-"]
    assert {p.entries[0].locator for p in parts} == {"a.warc.gz", "b.warc.gz"}
    assert [item for part in parts for item in _plain(part.items())] == whole


@pytest.mark.parametrize("name", sorted(p.name for p in CONFORMANCE.glob("*")) if CONFORMANCE.is_dir() else [])
def test_every_conformance_file_reads_the_same_cut_in_ranges(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """warcio's conformance files, damaged ones too: no record lost or read twice."""
    path = CONFORMANCE / name
    whole = _plain(open_source(str(path)).pages())
    parts = _split(path, 1, monkeypatch)
    assert [item for part in parts for item in _plain(part.items())] == whole
