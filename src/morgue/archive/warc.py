"""Every original capture as a WARC file (warcio), for backups and other archives' tools.

Each capture in the archive, in id order, becomes:

- a ``response`` record (when the capture came with an HTTP status) or a ``resource``
  record holding the stored bytes exactly, at ``WARC-Target-URI`` = its legacy URL,
  ``WARC-Date`` = when it was captured, ``WARC-Payload-Digest`` = ``sha256:`` + the
  bytes' SHA-256 in base 32; the HTTP headers are those recorded, without the transfer
  and content encodings ingest undid (the bytes are stored decoded);
- or, for an exact copy, a ``revisit`` record (identical payload digest) that refers to
  the first capture's record;
- followed by a ``metadata`` record (``application/json``, ``WARC-Concurrent-To`` the
  record above) with the capture's row: source, locator, format, headers as received…

Problems recorded at ingest follow as ``metadata`` records of their own, with a
``resource`` record for bytes they kept that no capture holds. Record ids and dates
come from the archive, so the same archive always writes the same file.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.store import CaptureStore

from .models import Capture, Problem

__all__ = ["REVISIT_PROFILE", "capture_row", "payload_digest", "problem_row", "record_id",
           "write_captures"]

REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
#: HTTP headers about how the bytes travelled, not what they are: ingest stored the bytes
#: with these encodings undone, so a response record leaves them out (the metadata
#: record keeps every header as received).
ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
#: Used for a capture with no time of its own, so the file stays the same on every run.
UNKNOWN_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CHUNK_SIZE = 1000


def record_id(kind: str, pk: int) -> str:
    """A stable WARC-Record-ID for a capture's or problem's record."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'morgue:{kind}:{pk}')}>"


def payload_digest(sha256: str) -> str:
    return "sha256:" + base64.b32encode(bytes.fromhex(sha256)).decode("ascii")


def _date(moment: dt.datetime | None) -> str:
    return (moment or UNKNOWN_DATE).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _target(url: str, kind: str, pk: int) -> str:
    return url or f"urn:morgue:{kind}:{pk}"


def capture_row(c: Capture) -> dict[str, Any]:
    return {"capture": {
        "id": c.pk, "sha256": c.sha256, "size": c.size, "source": c.source,
        "locator": c.locator, "format": c.format, "legacy_url": c.legacy_url,
        "captured_at": c.captured_at.isoformat() if c.captured_at else None,
        "content_type": c.content_type, "declared_charset": c.declared_charset,
        "http_status": c.http_status, "http_headers": c.http_headers, "fields": c.fields,
        "duplicate_of": c.duplicate_of_id, "created": c.created.isoformat()}}


def problem_row(p: Problem) -> dict[str, Any]:
    return {"problem": {
        "id": p.pk, "source": p.source, "locator": p.locator, "stage": p.stage,
        "severity": p.severity, "reason": p.reason, "sha256": p.sha256,
        "resolved": p.resolved, "created": p.created.isoformat()}}


def write_captures(path: str) -> int:
    """Write every capture (and every problem) to the WARC file at ``path``; returns how
    many captures."""
    store = CaptureStore(settings.MORGUE_STORE)
    count = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.endswith(".gz"), warc_version="WARC/1.1")
        captures = Capture.objects.select_related("duplicate_of").order_by("pk")
        for capture in captures.iterator(chunk_size=CHUNK_SIZE):
            for record in _capture_records(writer, store, capture):
                writer.write_record(record)
            count += 1
        held = set(Capture.objects.values_list("sha256", flat=True).distinct())
        for problem in Problem.objects.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
            for record in _problem_records(writer, store, problem, held):
                writer.write_record(record)
    return count


def _capture_records(writer: WARCWriter, store: CaptureStore, c: Capture) -> Iterator:
    uri = _target(c.legacy_url, "capture", c.pk)
    main_id = record_id("capture", c.pk)
    headers = {"WARC-Record-ID": main_id, "WARC-Date": _date(c.captured_at),
               "WARC-Payload-Digest": payload_digest(c.sha256)}
    first = c.duplicate_of
    if first is not None:
        headers |= {"WARC-Profile": REVISIT_PROFILE,
                    "WARC-Refers-To": record_id("capture", first.pk),
                    "WARC-Refers-To-Target-URI": _target(first.legacy_url, "capture", first.pk),
                    "WARC-Refers-To-Date": _date(first.captured_at)}
        yield writer.create_warc_record(uri, "revisit", warc_headers_dict=headers,
                                        http_headers=_http(c, 0) if c.http_status else None)
    else:
        content = store.get(c.sha256)
        if c.http_status:
            yield writer.create_warc_record(uri, "response", payload=io.BytesIO(content),
                                            length=len(content), warc_headers_dict=headers,
                                            http_headers=_http(c, len(content)))
        else:
            yield writer.create_warc_record(
                uri, "resource", payload=io.BytesIO(content), length=len(content),
                warc_content_type=c.content_type or "application/octet-stream",
                warc_headers_dict=headers)
    yield _metadata(writer, uri, record_id("capture-meta", c.pk), main_id, c.captured_at,
                    capture_row(c))


def _http(c: Capture, length: int) -> StatusAndHeaders:
    kept = [(str(k), str(v)) for k, v in c.http_headers if str(k).lower() not in ENCODING_HEADERS]
    return StatusAndHeaders(f"{c.http_status} -", kept + [("Content-Length", str(length))],
                            protocol="HTTP/1.1")


def _metadata(writer: WARCWriter, uri: str, own_id: str, concurrent: str | None,
              moment: dt.datetime | None, row: dict[str, Any]):
    body = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"WARC-Record-ID": own_id, "WARC-Date": _date(moment)}
    if concurrent:
        headers["WARC-Concurrent-To"] = concurrent
    return writer.create_warc_record(uri, "metadata", payload=io.BytesIO(body),
                                     length=len(body), warc_content_type="application/json",
                                     warc_headers_dict=headers)


def _problem_records(writer: WARCWriter, store: CaptureStore, p: Problem,
                     held: set[str]) -> Iterator:
    uri = f"urn:morgue:problem:{p.pk}"
    kept = None
    if p.sha256 and p.sha256 not in held and store.exists(p.sha256):
        content = store.get(p.sha256)
        kept = record_id("problem", p.pk)
        held.add(p.sha256)
        yield writer.create_warc_record(
            uri, "resource", payload=io.BytesIO(content), length=len(content),
            warc_content_type="application/octet-stream",
            warc_headers_dict={"WARC-Record-ID": kept, "WARC-Date": _date(p.created),
                               "WARC-Payload-Digest": payload_digest(p.sha256)})
    yield _metadata(writer, uri, record_id("problem-meta", p.pk), kept, p.created,
                    problem_row(p))
