"""Serve a mirror (the sample's, or a generated site) as if it were the live legacy site.

A mirror keeps ``/news/local/story`` as ``news/local/story.html``: each request is
answered with the file, the file plus ``.html``, or the folder's ``index.html``, as the
old web server did. ``/sitemap.xml`` lists every page, and robots.txt names it. For
crawl tests and benchmarks: every request is logged, and chosen paths answer slowly.
"""

from __future__ import annotations

import mimetypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

__all__ = ["MirrorServer", "serving"]


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mirror: Path, host: str = "127.0.0.1", port: int = 0,
                 slow: dict[str, float] | None = None,
                 fail_first: dict[str, int] | None = None) -> None:
        self.root = _site_folder(Path(mirror))
        self.slow = slow or {}
        #: path -> how many times it answers 503 before it answers
        self.fail_first = dict(fail_first or {})
        self.requests: list[str] = []  # paths asked for, in order
        self.log_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/"

    def file_for(self, path: str) -> Path | None:
        relative = unquote(path).lstrip("/")
        target = (self.root / relative).resolve()
        if self.root.resolve() not in (target, *target.parents):
            return None  # outside the mirror
        for candidate in (target, target.with_name(target.name + ".html"), target / "index.html"):
            if candidate.is_file():
                return candidate
        return None

    def sitemap(self) -> bytes:
        urls = []
        for folder, _, files in sorted(os.walk(self.root)):
            for name in sorted(files):
                if name.endswith((".html", ".htm")):
                    rel = (Path(folder) / name).relative_to(self.root).as_posix()
                    urls.append(f"<url><loc>{escape(self.url + rel)}</loc></url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                '"http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(urls) + "\n</urlset>\n").encode()


def _site_folder(mirror: Path) -> Path:
    """The mirror's host folder (``www.example.com/``) when it has exactly one."""
    entries = [p for p in mirror.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and "." in entries[0].name:
        return entries[0]
    return mirror


class _Handler(BaseHTTPRequestHandler):
    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = urlsplit(self.path).path
        with self.server.log_lock:
            self.server.requests.append(path)
        if delay := self.server.slow.get(path):
            time.sleep(delay)
        with self.server.log_lock:
            failing = self.server.fail_first.get(path, 0)
            if failing:
                self.server.fail_first[path] = failing - 1
        if failing:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/robots.txt":
            robots = self.server.root / "robots.txt"
            text = robots.read_bytes() if robots.is_file() else b"User-agent: *\nDisallow:\n"
            self._answer(200, "text/plain", text.rstrip(b"\n")
                         + f"\nSitemap: {self.server.url}sitemap.xml\n".encode())
        elif path == "/sitemap.xml":
            self._answer(200, "application/xml", self.server.sitemap())
        elif (found := self.server.file_for(path)) is not None:
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            self._answer(200, kind, found.read_bytes())
        else:
            self._answer(404, "text/html", b"<html><body><h1>Not Found</h1></body></html>")

    def _answer(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the request log is self.server.requests


@contextmanager
def serving(mirror: Path, slow: dict[str, float] | None = None, port: int = 0,
            fail_first: dict[str, int] | None = None) -> Iterator[MirrorServer]:
    """A :class:`MirrorServer` answering in a thread, shut down after."""
    server = MirrorServer(mirror, port=port, slow=slow, fail_first=fail_first)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
