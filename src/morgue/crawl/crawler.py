"""A polite crawler of one legacy site, writing every exchange to a WARC file.

Built on httpx (the HTTP client) and protego (robots.txt, as Scrapy reads it) rather than
Scrapy itself: Scrapy writes no WARC without third-party plugins, and its Twisted reactor
runs once per process, which a command-line tool that is also a library cannot promise.

- robots.txt is read first and honoured (its Crawl-delay too); its Sitemap lines, the
  site's /sitemap.xml and the feeds pages link to are read for seeds;
- only the site's own host is crawled, with include/exclude patterns on top;
- requests start at most ``rate`` a second, ``concurrency`` at a time;
- a failed request (connection error, timeout, 429, 5xx) is retried with exponential
  backoff, honouring Retry-After;
- each exchange is a WARC request record and its response record, bytes as sent
  (Content-Encoding kept), written by one thread, one gzip member per record;
- the WARC is the crawl's state: run again, what is in it is not fetched again, its pages'
  links seed the rest, and a record cut short by a kill is cut off first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import lxml.etree
import lxml.html
from protego import Protego
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from morgue.counts import plural

__all__ = ["CrawlOptions", "CrawlResult", "crawl_site", "user_agent"]

#: Answers worth trying again, after a pause.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Longest pause a Retry-After header may impose, in seconds.
MAX_RETRY_AFTER = 60.0
#: Pages bigger than this are stored but not read for links.
MAX_PARSE_BYTES = 5_000_000
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(slots=True)
class CrawlOptions:
    rate: float = 1.0  # requests started per second
    concurrency: int = 2  # requests in flight at once
    include: list[str] = field(default_factory=list)  # a URL must match one (if any)
    exclude: list[str] = field(default_factory=list)  # a URL matching one is skipped
    contact: str = ""  # in the User-Agent, for the site's admins
    max_pages: int = 0  # 0: no limit
    retries: int = 3  # tries after the first
    backoff: float = 1.0  # first pause before a retry, doubled each time
    timeout: float = 30.0


@dataclass(slots=True)
class CrawlResult:
    warc: Path
    fetched: int = 0  # exchanges written this run
    already: int = 0  # URLs found in the WARC from an earlier run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    disallowed: int = 0  # URLs robots.txt keeps us from
    out_of_scope: int = 0

    def summary(self) -> str:
        text = (f"{plural(self.fetched, 'URL')} fetched into {self.warc}"
                f" ({self.already:,} already there)")
        if self.disallowed:
            text += f", {plural(self.disallowed, 'URL')} disallowed by robots.txt"
        if self.failed:
            text += f", {plural(len(self.failed), 'URL')} failed"
        return text


class Progress(Protocol):
    """What the crawler reports: a URL done (its status), and how many it has to do."""

    def fetched(self, url: str, status: int | str) -> None: ...
    def known(self, total: int) -> None: ...


class _Silent:
    def fetched(self, url: str, status: int | str) -> None:
        pass

    def known(self, total: int) -> None:
        pass


def user_agent(contact: str = "") -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        mine = version("morgue")
    except PackageNotFoundError:
        mine = "dev"
    who = f"; {contact}" if contact else ""
    return f"morgue/{mine} (archive migration crawler{who})"


def crawl_site(start: str, warc: Path, options: CrawlOptions | None = None,
               progress: Progress | None = None) -> CrawlResult:
    """Crawl the site ``start`` is on into ``warc`` (appended to; resumable)."""
    return _Crawl(start, Path(warc), options or CrawlOptions(), progress or _Silent()).run()


@dataclass(slots=True)
class _Fetched:
    url: str
    request: StatusAndHeaders
    response: StatusAndHeaders | None
    raw: bytes  # the body as sent
    body: bytes  # decoded (Content-Encoding undone), for reading links
    error: str = ""


class _Crawl:
    def __init__(self, start: str, warc: Path, options: CrawlOptions,
                 progress: Progress) -> None:
        if "://" not in start:
            start = "http://" + start
        parts = urlsplit(start)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{start!r} is not a web address (http://host/...)")
        self.start = start
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = parts.netloc.lower()
        self.options = options
        self.progress = progress
        self.result = CrawlResult(warc)
        self.include = [re.compile(p) for p in options.include]
        self.exclude = [re.compile(p) for p in options.exclude]
        self.agent = user_agent(options.contact)
        self.seen: set[str] = set()  # queued or done
        self.queue: deque[str] = deque()
        self.robots = Protego.parse("")
        self.interval = 1.0 / options.rate
        self.next_start = 0.0
        self.clock = threading.Lock()

    # -- the run --------------------------------------------------------------------------

    def run(self) -> CrawlResult:
        warc = self.result.warc
        warc.parent.mkdir(parents=True, exist_ok=True)
        done = _resume(warc)
        self.result.already = len(done)
        headers = {"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"}
        with httpx.Client(headers=headers, timeout=self.options.timeout,
                          follow_redirects=False) as client, \
                open(warc, "ab") as out:
            writer = WARCWriter(out, gzip=True)
            if out.tell() == 0:
                writer.write_record(writer.create_warcinfo_record(
                    warc.name, {"software": self.agent, "format": "WARC File Format 1.1"}))
            self.client = client
            robots_url = self.origin + "/robots.txt"
            robots = done.get(robots_url) or self._record(writer, self._fetch(robots_url))
            if robots is not None and robots.response is not None \
                    and robots.response.get_statuscode() == "200":
                self.robots = Protego.parse(robots.body.decode("utf-8", "replace"))
            delay = self.robots.crawl_delay(self.agent)
            if delay:
                self.interval = max(self.interval, float(delay))
            self.seen.add(robots_url)
            for url in [self.start, *self.robots.sitemaps, self.origin + "/sitemap.xml"]:
                self._enqueue(url, seed=True)
            for url, fetched in done.items():  # an earlier run: its links seed this one
                self.seen.add(url)
                for link in self._links(fetched):
                    self._enqueue(link)
            self._loop(writer, done)
        return self.result

    def _loop(self, writer: WARCWriter, done: dict[str, _Fetched]) -> None:
        limit = self.options.max_pages
        with ThreadPoolExecutor(self.options.concurrency, "morgue-crawl") as pool:
            running: set[Future[_Fetched]] = set()
            while self.queue or running:
                while self.queue and len(running) < self.options.concurrency and (
                        not limit or self.result.fetched + len(running) < limit):
                    url = self.queue.popleft()
                    if url in done:
                        continue
                    running.add(pool.submit(self._fetch, url))
                if not running:
                    break
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    fetched = self._record(writer, future.result())
                    if fetched is not None:
                        for link in self._links(fetched):
                            self._enqueue(link)
                self.progress.known(self.result.fetched + len(self.result.failed)
                                    + len(self.queue) + len(running))

    # -- scope ----------------------------------------------------------------------------

    def _enqueue(self, url: str, seed: bool = False) -> None:
        url = urldefrag(url)[0]
        if url in self.seen:
            return
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != self.host:
            self.result.out_of_scope += 1
            return
        self.seen.add(url)
        if not seed and ((self.include and not any(p.search(url) for p in self.include))
                         or any(p.search(url) for p in self.exclude)):
            self.result.out_of_scope += 1
            return
        if not self.robots.can_fetch(url, self.agent):
            self.result.disallowed += 1
            return
        self.queue.append(url)

    def _links(self, fetched: _Fetched) -> Iterator[str]:
        response = fetched.response
        if response is None or not fetched.body or len(fetched.body) > MAX_PARSE_BYTES:
            return
        status = response.get_statuscode()
        if status in ("301", "302", "303", "307", "308"):
            if location := response.get_header("Location"):
                yield urljoin(fetched.url, location)
            return
        if status != "200":
            return
        kind = (response.get_header("Content-Type") or "").split(";")[0].strip().lower()
        if kind in _FEED_TYPES or fetched.url.endswith(".xml"):
            yield from _feed_links(fetched.body, fetched.url)
        elif kind in ("text/html", "application/xhtml+xml", ""):
            yield from _page_links(fetched.body, fetched.url)

    # -- fetching -------------------------------------------------------------------------

    def _wait_turn(self) -> None:
        """Start requests no faster than the rate (across every thread)."""
        with self.clock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            time.sleep(start - now)

    def _fetch(self, url: str) -> _Fetched:
        pause = self.options.backoff
        for attempt in range(self.options.retries + 1):
            self._wait_turn()
            fetched = self._exchange(url)
            status = fetched.response.get_statuscode() if fetched.response else ""
            retry = fetched.error or (status.isdigit() and int(status) in RETRY_STATUSES)
            if not retry or attempt == self.options.retries:
                return fetched
            wait_for = pause
            if fetched.response is not None and (after := fetched.response.get_header(
                    "Retry-After")) and after.strip().isdigit():
                wait_for = min(MAX_RETRY_AFTER, max(pause, float(after)))
            time.sleep(wait_for)
            pause *= 2
        return fetched  # pragma: no cover (the loop always returns)

    def _exchange(self, url: str) -> _Fetched:
        request = self.client.build_request("GET", url)
        target = request.url.raw_path.decode("ascii")
        req_headers = StatusAndHeaders(f"GET {target} HTTP/1.1",
                                       [(k.decode("latin-1"), v.decode("latin-1"))
                                        for k, v in request.headers.raw],
                                       is_http_request=True)
        try:
            response = self.client.send(request, stream=True)
            try:
                raw = b"".join(response.iter_raw())
            finally:
                response.close()
        except httpx.HTTPError as exc:
            return _Fetched(url, req_headers, None, b"", b"", f"{type(exc).__name__}: {exc}")
        reason = response.reason_phrase or ""
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
        status_line = f"{response.status_code} {reason}".strip()
        resp_headers = StatusAndHeaders(status_line, headers, protocol=response.http_version)
        return _Fetched(url, req_headers, resp_headers, raw,
                        _decoded(raw, response.headers.get("Content-Encoding", "")))

    def _record(self, writer: WARCWriter, fetched: _Fetched) -> _Fetched | None:
        """Write the exchange (the request, and the response if there was one)."""
        if fetched.response is None:
            self.result.failed.append((fetched.url, fetched.error))
            self.progress.fetched(fetched.url, "failed")
            return None
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = writer.create_warc_record(
            fetched.url, "response", payload=io.BytesIO(fetched.raw),
            http_headers=fetched.response, warc_headers_dict={"WARC-Date": when})
        request = writer.create_warc_record(
            fetched.url, "request", payload=io.BytesIO(b""), http_headers=fetched.request,
            warc_headers_dict={"WARC-Date": when,
                               "WARC-Concurrent-To": response.rec_headers.get_header(
                                   "WARC-Record-ID")})
        writer.write_record(request)
        writer.write_record(response)
        writer.out.flush()
        self.result.fetched += 1
        self.progress.fetched(fetched.url, fetched.response.get_statuscode())
        return fetched


def _decoded(raw: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(raw, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            return zlib.decompress(raw)
    except zlib.error:
        return b""
    return raw


def _page_links(body: bytes, base: str) -> Iterator[str]:
    try:
        doc = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return
    for href in doc.xpath("//base/@href"):
        base = urljoin(base, href.strip())
        break
    for element in doc.xpath("//a[@href] | //area[@href] | //link[@rel='alternate'][@href]"
                             " | //link[@rel='next'][@href] | //frame[@src] | //iframe[@src]"):
        value = element.get("href") or element.get("src") or ""
        if value.strip() and not value.strip().lower().startswith(("javascript:", "mailto:")):
            yield urljoin(base, value.strip())


def _feed_links(body: bytes, base: str) -> Iterator[str]:
    """Addresses in a sitemap (or sitemap index), an RSS or an Atom feed."""
    try:
        root = lxml.etree.fromstring(body, lxml.etree.XMLParser(resolve_entities=False,
                                                               no_network=True, recover=True))
    except lxml.etree.XMLSyntaxError:
        return
    if root is None:
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("loc", "link") and element.text and element.text.strip():
            yield urljoin(base, element.text.strip())
        elif name == "link" and element.get("href"):
            yield urljoin(base, element.get("href", "").strip())


def _resume(warc: Path) -> dict[str, _Fetched]:
    """What an earlier run wrote (URL -> its exchange); a record cut short is cut off."""
    if not warc.exists() or warc.stat().st_size == 0:
        return {}
    done: dict[str, _Fetched] = {}
    good_end = 0
    with open(warc, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    raw = record.raw_stream.read()
                    http = record.http_headers
                    encoding = http.get_header("Content-Encoding") or "" if http else ""
                    done[url] = _Fetched(url, http, http, raw, _decoded(raw, encoding))
                else:
                    record.raw_stream.read()
                records.read_to_end(record)
                good_end = records.get_record_offset() + records.get_record_length()
        except Exception:  # noqa: BLE001 (a torn last record, whatever warcio makes of it)
            pass
    if good_end < warc.stat().st_size:
        with open(warc, "r+b") as fh:
            fh.truncate(good_end)
    # A response without its request (or the reverse) is fine to keep: both are
    # records of what the site answered.
    return done
