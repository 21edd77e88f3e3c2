"""The original page made inert: no script runs and nothing is fetched from anywhere."""

from __future__ import annotations

import json

import pytest

from morgue.archive.models import Capture
from morgue.site.original import FRAME_POLICY, clean_css, clean_html, render_original


def capture(fmt: str = "mirror", content_type: str = "text/html", charset: str = "") -> Capture:
    return Capture(sha256="0" * 64, size=0, source="/s", locator="l", format=fmt,
                   content_type=content_type, declared_charset=charset)


@pytest.mark.parametrize("html,gone", [
    ("<script>alert(1)</script>", "alert"),
    ('<img src="http://old.example/a.jpg" onerror="alert(1)" alt="A">', "old.example"),
    ('<img srcset="http://old.example/a.jpg 2x">', "old.example"),
    ('<a href="http://old.example/">x</a>', "old.example"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<iframe src="http://old.example/"></iframe>', "iframe"),
    ('<object data="http://old.example/x.swf"></object>', "old.example"),
    ('<embed src="http://old.example/x.swf">', "old.example"),
    ('<form action="http://old.example/login"><input name=u></form>', "old.example"),
    ('<link rel=stylesheet href="http://old.example/s.css">', "old.example"),
    ('<meta http-equiv="refresh" content="0; url=http://old.example/">', "old.example"),
    ('<base href="http://old.example/">', "old.example"),
    ('<svg><image href="http://old.example/x.png"/></svg>', "old.example"),
    ('<div style="background: url(http://old.example/bg.gif)">x</div>', "old.example"),
    ('<video src="http://old.example/v.mp4" poster="http://old.example/p.jpg"></video>', "old.example"),
    ('<table background="http://old.example/bg.gif"><tr><td>x</td></tr></table>', "old.example"),
    ('<body onload="alert(1)">x</body>', "onload"),
])
def test_clean_html_leaves_nothing_active(html, gone):
    assert gone not in clean_html(html)


def test_clean_html_keeps_the_text_and_its_shape():
    cleaned = clean_html('<table class="story" width="600"><tr><td align="right">'
                         '<font face="Verdana" size="2">Hello <b>world</b></font></td></tr></table>'
                         '<img src="x.jpg" alt="The mayor" width="200">')
    assert '<table class="story" width="600">' in cleaned
    assert '<font face="Verdana" size="2">Hello <b>world</b></font>' in cleaned
    assert '<img alt="The mayor" width="200">' in cleaned


def test_clean_css():
    css = clean_css('@import url("http://old/x.css"); body { background: url(a.gif) #fff; '
                    "width: expression(alert(1)); } </style><script>")
    assert "@import" not in css and "url(" not in css and "expression(" not in css
    assert "</style" not in css and "background: none #fff" in css


def test_html_capture_document():
    shown = render_original(capture(), b'<html lang="fr"><head><title>T</title><style>p{color:red}'
                                       b"</style></head><body><p>Bonjour</p></body></html>")
    assert shown.kind == "html"
    assert shown.document.startswith('<!DOCTYPE html><html lang="fr">')
    assert "<p>Bonjour</p>" in shown.document and "p{color:red}" in shown.document
    assert "<title>T</title>" not in shown.document.split("</head>")[1]


def test_legacy_charset_is_decoded():
    shown = render_original(capture(charset="windows-1252"),
                            "<p>caf\u00e9 \u201cquoted\u201d</p>".encode("cp1252"))
    assert "café “quoted”" in shown.document


def test_text_and_export_captures_are_shown_as_text():
    text = render_original(capture("textdump", "text/plain"), b"Headline\n\n<b>not bold</b>")
    assert "<pre>Headline\n\n&lt;b&gt;not bold&lt;/b&gt;</pre>" in text.document
    record = render_original(capture("jsonl", "application/json"),
                             json.dumps({"headline": "<i>x</i>", "body": "y"}).encode())
    assert '"headline": "&lt;i&gt;x&lt;/i&gt;"' in record.document
    binary = render_original(capture("mirror", "image/gif"), b"GIF89a\x00\x01")
    assert binary.kind == "other" and "cannot be shown" in binary.document


def test_frame_policy_forbids_everything_but_inline_style():
    assert FRAME_POLICY.startswith("sandbox;")
    assert "default-src 'none'" in FRAME_POLICY and "script-src" not in FRAME_POLICY
    assert "img-src data:" in FRAME_POLICY and "style-src 'unsafe-inline'" in FRAME_POLICY
