"""Bytes to text, saying how the charset was chosen and what could not be decoded.

The order follows what a browser does (WHATWG "encoding sniffing"), then falls back to
guessing: byte-order mark, the charset the transport declared, a ``<meta>`` charset in
the first few KB (HTML only), strict UTF-8, UTF-8 with a few stray bytes, a detector,
and finally windows-1252 with every undecodable byte recorded. Nothing is replaced
silently: each step that was tried and failed, and every byte shown as U+FFFD, ends up
in :attr:`Decoded.problems`.
"""

from __future__ import annotations

import codecs
import contextvars
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

__all__ = ["Decoded", "decode", "normalize_charset"]

#: How far into an HTML document to look for ``<meta charset>``. WHATWG's prescan
#: reads 1024 bytes; legacy pages often put long comments or scripts first, so we look
#: further. Raising it only costs a regex over more bytes.
META_SCAN_BYTES = 4096

#: The single-byte charset used when nothing declares one and the bytes are not UTF-8.
#: WHATWG's fallback for English and most Western locales; legacy newspaper CMSs
#: overwhelmingly wrote it (curly quotes as 0x91-0x94).
FALLBACK_CHARSET = "windows-1252"

#: "Mostly UTF-8": bytes that fail strict UTF-8 are still read as UTF-8 (stray bytes
#: shown as U+FFFD and recorded) when there are at least this many valid multi-byte
#: UTF-8 sequences per invalid byte. Windows-1252 text almost never forms valid
#: multi-byte sequences by chance (it takes pairs like "Ã©"), while a UTF-8 page with a
#: pasted-in Latin-1 fragment has many valid sequences and a few bad bytes. Reading
#: such a page as windows-1252 would garble every valid sequence without a trace.
MOSTLY_UTF8_SEQUENCES_PER_BAD_BYTE = 2

#: How much messier (charset-normalizer's ``mess_ratio``) the windows-1252 reading may
#: be than the detector's best guess and still be preferred. The detector cannot tell
#: Latin single-byte code pages apart on short text (it picks cp1250 for English with
#: curly quotes, turning "naïve" into "naďve", or big5 for "It’s fine"), while a wrong
#: windows-1252 reading of Cyrillic or CJK bytes scores above 1.0. Measured on small
#: samples in English, Czech, Russian (cp1251, koi8-r), Japanese and Chinese.
FALLBACK_MESS_TOLERANCE = 0.1

#: Labels browsers map to another charset (WHATWG Encoding Standard, "labels"). Only
#: the ones legacy news sites commonly declare; anything else goes through
#: :func:`codecs.lookup`. Values are (reported name, Python codec).
_WHATWG_LABELS: dict[str, tuple[str, str]] = {
    **{
        label: ("windows-1252", "cp1252")
        for label in (
            "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1",
            "iso88591", "latin1", "latin-1", "l1", "cp819", "ibm819", "csisolatin1",
            "iso-ir-100", "us-ascii", "ascii", "ansi_x3.4-1968",
        )
    },
    **{label: ("utf-8", "utf-8") for label in ("utf-8", "utf8", "unicode-1-1-utf-8")},
    **{label: ("windows-1254", "cp1254") for label in ("iso-8859-9", "iso8859-9", "latin5", "l5")},
    **{label: ("windows-874", "cp874") for label in ("tis-620", "iso-8859-11", "windows-874")},
    **{label: ("gbk", "gbk") for label in ("gb2312", "gb_2312-80", "x-gbk", "gbk", "chinese")},
    **{
        label: ("shift_jis", "cp932")
        for label in ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j")
    },
    **{label: ("euc-kr", "cp949") for label in ("euc-kr", "ks_c_5601-1987", "windows-949")},
    **{label: ("big5", "big5hkscs") for label in ("big5", "big5-hkscs", "x-x-big5")},
}

#: A ``<meta>`` that declares UTF-16 is read as UTF-8: if the declaration could be read
#: as ASCII, the document is not UTF-16 (WHATWG "get an encoding from a meta element").
_META_UTF16_LABELS = {"utf-16", "utf-16le", "utf-16be"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
#: One well-formed multi-byte UTF-8 sequence (RFC 3629, table 3-7 of Unicode).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xC2-\xDF][\x80-\xBF]"
    rb"|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]"
    rb"|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}"
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


@dataclass(slots=True)
class Decoded:
    """Text decoded from bytes, the charset used, how it was chosen, and what went wrong."""

    text: str
    charset: str
    #: "bom", "http header" / "declared", "meta charset", "xml declaration", "utf-8",
    #: "utf-8 with stray bytes", "detected (charset-normalizer)", "windows-1252 fallback",
    #: "windows-1252 with replacement"
    how: str
    #: plain messages, e.g. "declared utf-8 (http header) but bytes are not valid utf-8…"
    problems: list[str] = field(default_factory=list)


def normalize_charset(label: str) -> tuple[str, str] | None:
    """(reported name, Python codec) for a charset label, or None if unknown.

    >>> normalize_charset("ISO-8859-1")
    ('windows-1252', 'cp1252')
    """
    key = label.strip().strip("\"'").lower()
    if key in _WHATWG_LABELS:
        return _WHATWG_LABELS[key]
    try:
        codec = codecs.lookup(key).name
    except LookupError:
        return None
    return key, codec


def decode(content: bytes, declared: str | None = None, *, html: bool = True) -> Decoded:
    """Decode ``content``, trying BOM, declared charset, meta charset, UTF-8, detection.

    ``declared`` is the charset the transport gave (HTTP ``Content-Type``, an export's
    encoding). ``html`` enables looking for ``<meta charset>`` / an XML declaration.
    Never raises for bad bytes.
    """
    problems: list[str] = []
    failed: list[str] = []  # "declared utf-8 (http header) … (first bad byte at offset 12)"

    for bom, codec in _BOMS:
        if content.startswith(bom):
            name = "utf-8" if codec == "utf-8" else codec.replace("-le", "le").replace("-be", "be")
            text, bad = _decode_recording(content[len(bom):], codec)
            if bad:
                problems.append(_replacement_message([b + len(bom) for b in bad], name))
            return Decoded(text, name, "bom", problems)

    declared_how = "http header" if html else "declared"
    candidates: list[tuple[str, str]] = []  # (label, how)
    if declared:
        candidates.append((declared, declared_how))
    if html:
        candidates.extend(_sniff_html(content[:META_SCAN_BYTES]))

    for label, how in candidates:
        norm = normalize_charset(label)
        if norm is None:
            problems.append(f"{how} declares unknown charset {label!r}; ignored")
            continue
        name, codec = norm
        try:
            return _finish(content.decode(codec), name, how, problems, failed)
        except UnicodeDecodeError as exc:
            failed.append(f"{how} declares {name} but bytes are not valid {name} "
                          f"(first bad byte at offset {exc.start})")

    try:
        return _finish(content.decode("utf-8"), "utf-8", "utf-8", problems, failed)
    except UnicodeDecodeError:
        pass

    text, bad = _decode_recording(content, "utf-8")
    if bad and _valid_multibyte_sequences(content) >= MOSTLY_UTF8_SEQUENCES_PER_BAD_BYTE * len(bad):
        problems.append(_replacement_message(bad, "utf-8"))
        return _finish(text, "utf-8", "utf-8 with stray bytes", problems, failed)

    return _guess(content, problems, failed)


def _sniff_html(head: bytes) -> list[tuple[str, str]]:
    """Charset labels declared inside the document: XML declaration, then <meta>."""
    found: list[tuple[str, str]] = []
    xml = _XML_ENCODING.match(head)
    if xml:
        found.append((xml.group(1).decode("ascii"), "xml declaration"))
    meta = _META_CHARSET.search(head)
    if meta:
        label = meta.group(1).decode("ascii")
        if label.lower() in _META_UTF16_LABELS:
            label = "utf-8"
        found.append((label, "meta charset"))
    return found


def _guess(content: bytes, problems: list[str], failed: list[str]) -> Decoded:
    """No declaration worked and it is not UTF-8: windows-1252 unless a detector is surer.

    The windows-1252 reading keeps U+FFFD (recorded) for the five bytes it leaves
    undefined, so one stray 0x81 does not hand a Western page to a Cyrillic guess.
    """
    fallback_text, bad = _decode_recording(content, "cp1252")
    best = from_bytes(content).best()
    if best is not None and best.encoding != "cp1252":
        fallback_mess = mess_ratio(fallback_text.replace("\ufffd", ""), 1.0)
        if fallback_mess > best.chaos + FALLBACK_MESS_TOLERANCE:
            try:
                text = content.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                name = best.encoding.replace("_", "-")
                return _finish(text, name, "detected (charset-normalizer)", problems, failed)
    if not bad:
        return _finish(fallback_text, FALLBACK_CHARSET, "windows-1252 fallback", problems, failed)
    problems.append(_replacement_message(bad, FALLBACK_CHARSET))
    return _finish(fallback_text, FALLBACK_CHARSET, "windows-1252 with replacement", problems, failed)


def _finish(text: str, charset: str, how: str, problems: list[str], failed: list[str]) -> Decoded:
    """Build the result; each failed declaration says what was used instead."""
    notes = [f"{f}; decoded as {charset}" for f in failed]
    return Decoded(text, charset, how, notes + problems)


# --- decoding that remembers which bytes it replaced -------------------------------

_ERROR_HANDLER = "morgue-record-replacements"
_replaced: contextvars.ContextVar[list[int]] = contextvars.ContextVar("_replaced")


def _record_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _replaced.get().extend(range(exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error(_ERROR_HANDLER, _record_and_replace)


def _decode_recording(data: bytes, codec: str) -> tuple[str, list[int]]:
    """Decode with U+FFFD for bad bytes; return the text and the offsets replaced."""
    bad: list[int] = []
    token = _replaced.set(bad)
    try:
        text = data.decode(codec, errors=_ERROR_HANDLER)
    finally:
        _replaced.reset(token)
    return text, bad


def _valid_multibyte_sequences(data: bytes) -> int:
    """How many well-formed multi-byte UTF-8 sequences ``data`` contains."""
    return len(_UTF8_MULTIBYTE.findall(data))


def _replacement_message(offsets: list[int], charset: str) -> str:
    """"3 undecodable bytes at offsets 120, 121, 900 under windows-1252; shown as U+FFFD"."""
    noun = "byte" if len(offsets) == 1 else "bytes"
    where = "offset" if len(offsets) == 1 else "offsets"
    return (f"{len(offsets)} undecodable {noun} at {where} {_format_offsets(offsets)} "
            f"under {charset}; shown as U+FFFD")


def _format_offsets(offsets: list[int]) -> str:
    """Every offset, with runs of three or more written as ranges ("7-9")."""
    parts: list[str] = []
    start = prev = offsets[0]
    for off in [*offsets[1:], None]:
        if off is not None and off == prev + 1:
            prev = off
            continue
        if prev - start >= 2:
            parts.append(f"{start}-{prev}")
        else:
            parts.extend(str(o) for o in range(start, prev + 1))
        if off is not None:
            start = prev = off
    return ", ".join(parts)
