"""decode(): BOM, declared charset, meta charset, UTF-8, detection, recorded replacements."""

from __future__ import annotations

import codecs

from morgue.pipeline.decode import decode, normalize_charset

CURLY = "It\u2019s a \u201cna\u00efve\u201d caf\u00e9"


def test_plain_utf8() -> None:
    result = decode(CURLY.encode("utf-8"))
    assert (result.text, result.charset, result.how, result.problems) == (CURLY, "utf-8", "utf-8", [])


def test_bom_wins_over_declaration() -> None:
    result = decode(codecs.BOM_UTF8 + CURLY.encode("utf-8"), "windows-1252")
    assert (result.text, result.charset, result.how) == (CURLY, "utf-8", "bom")
    utf16 = decode(codecs.BOM_UTF16_LE + CURLY.encode("utf-16-le"))
    assert (utf16.text, utf16.charset, utf16.how) == (CURLY, "utf-16le", "bom")


def test_declared_latin1_is_read_as_windows_1252_like_browsers() -> None:
    result = decode(CURLY.encode("cp1252"), "ISO-8859-1")
    assert result.text == CURLY  # 0x92 is ’, not the control character U+0092
    assert (result.charset, result.how, result.problems) == ("windows-1252", "http header", [])
    assert decode(CURLY.encode("cp1252"), "latin-1", html=False).how == "declared"


def test_meta_charset_in_html_only() -> None:
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' + (
        b"</head><body>caf\xe9 \x93quoted\x94</body></html>"
    )
    result = decode(page)
    assert (result.charset, result.how) == ("windows-1252", "meta charset")
    assert "café “quoted”" in result.text
    assert decode(b'<meta charset="utf-8"><p>x</p>').how == "meta charset"
    assert decode(b'<meta charset="utf-8"><p>x</p>', html=False).how == "utf-8"


def test_declared_utf8_but_latin1_bytes_is_recorded() -> None:
    result = decode("<p>Caf\u00e9 na\u00efve r\u00e9sum\u00e9</p>".encode("latin-1"), "utf-8")
    assert result.text == "<p>Café naïve résumé</p>"
    assert result.charset == "windows-1252"
    assert len(result.problems) == 1
    assert "declares utf-8 but bytes are not valid utf-8" in result.problems[0]
    assert "first bad byte at offset 6" in result.problems[0]
    assert result.problems[0].endswith("decoded as windows-1252")


def test_mostly_utf8_with_a_stray_byte_stays_utf8_and_records_the_byte() -> None:
    good = ("Caf\u00e9 \u2014 it\u2019s fine. " * 4).encode("utf-8")
    result = decode(good + b"na\xefve")
    assert result.charset == "utf-8"
    assert result.how == "utf-8 with stray bytes"
    assert result.text.endswith("na\ufffdve")
    assert result.problems == [f"1 undecodable byte at offset {len(good) + 2} under utf-8; shown as U+FFFD"]


def test_undecodable_bytes_are_never_replaced_silently() -> None:
    content = b"Council vote \x93delayed\x94 \x81 again \x8d\x8f\x90 today."
    result = decode(content, html=False)
    assert result.charset == "windows-1252"
    assert result.how == "windows-1252 with replacement"
    assert result.text.count("\ufffd") == 4
    assert "“delayed”" in result.text
    assert result.problems == ["4 undecodable bytes at offsets 23, 31-33 under windows-1252; shown as U+FFFD"]


def test_cyrillic_single_byte_is_detected() -> None:
    text = "Москва сегодня объявила о новых санкциях против двух регионов."
    result = decode(text.encode("cp1251"), html=False)
    assert result.text == text
    assert result.how == "detected (charset-normalizer)"


def test_windows_1252_preferred_over_a_latin_guess_for_short_text() -> None:
    # charset-normalizer alone calls this cp1250 (naïve → naďve) or big5 ("It’s fine")
    assert decode("It\u2019s fine".encode("cp1252"), html=False).text == "It\u2019s fine"
    assert decode(CURLY.encode("cp1252")).text == CURLY


def test_unknown_declared_charset_is_noted_and_ignored() -> None:
    result = decode(b"plain", "x-made-up")
    assert result.text == "plain"
    assert result.problems == ["http header declares unknown charset 'x-made-up'; ignored"]


def test_normalize_charset_labels() -> None:
    assert normalize_charset("US-ASCII") == ("windows-1252", "cp1252")
    assert normalize_charset("utf8") == ("utf-8", "utf-8")
    assert normalize_charset("koi8-r") == ("koi8-r", "koi8-r")
    assert normalize_charset("nonsense") is None
