"""Write a small WARC the way ``wget --warc-file`` would have in 2009, byte-for-byte repeatable.

warcio fills in a random WARC-Record-ID and the current time unless told otherwise, so
both are given explicitly: ids are UUID5s of the URL and record type, dates come from
the capture plan. Its gzip members carry no timestamp, so the file is stable.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .paper import BASE_URL, HOST

_REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 500: "Internal Server Error"}
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE_URL)
# documentation address range (RFC 5737): never a real host
_SERVER_IP = "192.0.2.41"


@dataclass(slots=True)
class Capture:
    url: str
    body: bytes
    captured: dt.datetime  # aware, UTC
    status: int = 200
    content_type: str = "text/html; charset=UTF-8"


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_ID_NAMESPACE, ' '.join(parts))}>"


def _warc_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(out: BinaryIO, filename: str, captures: Iterable[Capture],
               started: dt.datetime) -> dict[str, int]:
    """Write warcinfo, then a request and a response record per capture.

    Returns each capture URL's response-record offset (where its gzip member starts),
    which is how a WARC reader locates a record.
    """
    writer = WARCWriter(out, gzip=True)
    info = (
        "software: Wget/1.12 (linux-gnu)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
        f"robots: classic\r\nwget-arguments: \"--mirror\" \"--warc-file=ledger-2009\" \"http://{HOST}/\"\r\n"
    ).encode()
    writer.write_record(writer.create_warc_record(
        "", "warcinfo", payload=BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Record-ID": _record_id(filename, "warcinfo"),
            "WARC-Date": _warc_date(started),
            "WARC-Filename": filename,
        },
    ))
    offsets: dict[str, int] = {}
    for cap in captures:
        path = cap.url[len(BASE_URL):] or "/"
        date = _warc_date(cap.captured)
        response_id = _record_id(cap.url, "response")
        request = StatusAndHeaders(f"GET {path} HTTP/1.1", [
            ("User-Agent", "Wget/1.12 (linux-gnu)"),
            ("Accept", "*/*"),
            ("Host", HOST),
            ("Connection", "Keep-Alive"),
        ], is_http_request=True)
        writer.write_record(writer.create_warc_record(
            cap.url, "request", http_headers=request,
            warc_headers_dict={
                "WARC-Record-ID": _record_id(cap.url, "request"),
                "WARC-Date": date,
                "WARC-Concurrent-To": response_id,
                "WARC-IP-Address": _SERVER_IP,
            },
        ))
        headers = StatusAndHeaders(f"{cap.status} {_REASONS[cap.status]}", [
            ("Date", format_datetime(cap.captured.astimezone(dt.UTC), usegmt=True)),
            ("Server", "Apache/2.2.3 (CentOS)"),
            ("X-Powered-By", "PHP/5.2.6"),
            ("Content-Type", cap.content_type),
            ("Content-Length", str(len(cap.body))),
            ("Connection", "close"),
        ], protocol="HTTP/1.1")
        offsets[cap.url] = out.tell()
        writer.write_record(writer.create_warc_record(
            cap.url, "response", payload=BytesIO(cap.body), length=len(cap.body),
            http_headers=headers,
            warc_headers_dict={
                "WARC-Record-ID": response_id,
                "WARC-Date": date,
                "WARC-IP-Address": _SERVER_IP,
            },
        ))
    return offsets


def write_warc_file(path: Path, captures: Iterable[Capture], started: dt.datetime) -> dict[str, int]:
    with path.open("wb") as out:
        return write_warc(out, path.name, captures, started)
