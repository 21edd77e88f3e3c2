"""Undoing HTTP transfer and content encodings on a captured payload, loudly.

warcio's ``content_stream()`` does this too, but on damage it falls back quietly (a
broken gzip body ends early, a bad chunk is passed through as is), and a page that
lost its second half must be reported, not archived as if whole. So the payload is
decoded here, and damage comes back as a message beside the bytes that were readable.
"""

from __future__ import annotations

import zlib

from .files import GZIP_MAGIC, gunzip

# a chunk-size line is hex digits plus optional extensions; anything longer is not one
_MAX_CHUNK_LINE = 1024


def dechunk(raw: bytes) -> tuple[bytes, str | None]:
    """The body of an HTTP chunked payload, and what went wrong, if anything.

    A payload that does not open with a chunk-size line was stored already de-chunked
    (some crawlers do that but keep the header); it is returned as it is.
    """
    out: list[bytes] = []
    pos = 0
    while True:
        end = raw.find(b"\r\n", pos, pos + _MAX_CHUNK_LINE)
        size_text = raw[pos:end].split(b";", 1)[0].strip() if end >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            if pos == 0:
                return raw, None
            return b"".join(out), f"bad chunked encoding: no chunk size at byte {pos}"
        start = end + 2
        if size == 0:
            return b"".join(out), None  # trailers after the last chunk are not body
        chunk = raw[start : start + size]
        out.append(chunk)
        if len(chunk) < size:
            return b"".join(out), f"bad chunked encoding: payload ends inside a chunk at byte {start}"
        pos = start + size
        if raw[pos : pos + 2] != b"\r\n":
            return b"".join(out), f"bad chunked encoding: chunk at byte {start} is not followed by CRLF"
        pos += 2


def _inflate(body: bytes) -> tuple[bytes, str | None]:
    """HTTP "deflate": zlib-wrapped by the standard, raw deflate from many servers."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits=wbits)
        try:
            out = inflater.decompress(body) + inflater.flush()
        except zlib.error:
            continue
        if inflater.eof:
            return out, None
        return out, "truncated deflate data"
    return body, "corrupt deflate data"


def decode_payload(raw: bytes, transfer_encoding: str | None, content_encoding: str | None) -> tuple[bytes, str | None]:
    """The payload as the browser would have had it, and a message if it was damaged."""
    body, error = raw, None
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        body, error = dechunk(body)
        if error:
            return body, error
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        # servers that say gzip but send plain bytes are common; browsers show those
        if body.startswith(GZIP_MAGIC):
            return gunzip(body)
    elif encoding == "deflate":
        return _inflate(body)
    elif encoding not in ("", "identity", "none"):
        return body, f"content encoding {encoding!r} is not supported; kept as sent"
    return body, None
