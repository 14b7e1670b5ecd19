"""A local HTTP server on 127.0.0.1 (ephemeral port) that serves saved sites to real Scrapy crawls.

A site is a mapping from a URL path (with its query string, if any) to a
:class:`Page`. Several hosts can be served by one server: ``Page`` keys may be
prefixed with ``/<host>`` and the crawl maps each host to that prefix with the
``POLWIRE_HOST_MAP`` setting. The server records every request it gets so tests
can assert on what was (not) fetched and when. A page that carries an ``ETag`` or
``Last-Modified`` header answers a matching conditional request with 304, as web servers do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass(slots=True)
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)


@dataclass(slots=True, frozen=True)
class RequestRecord:
    path: str  # path plus "?query" when there is one
    at: float  # time.monotonic()
    user_agent: str


Handler = Callable[[str], Page | None]


class SiteServer:
    """Serve ``pages`` (path -> Page) and, for paths not found, ``fallback(path)``."""

    def __init__(
        self, pages: Mapping[str, Page] | None = None, fallback: Handler | None = None
    ) -> None:
        self.pages: dict[str, Page] = dict(pages or {})
        self.fallback = fallback
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requested_paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def count(self, path: str) -> int:
        return self.requested_paths().count(path)

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def _lookup(self, path: str) -> Page | None:
        page = self.pages.get(path)
        if page is None and "?" not in path and not path.endswith("/"):
            page = self.pages.get(path + "/")
        if page is None and self.fallback is not None:
            page = self.fallback(path)
        return page

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                with server._lock:
                    server.requests.append(
                        RequestRecord(path, time.monotonic(), self.headers.get("User-Agent", ""))
                    )
                page = server._lookup(path)
                if page is None:
                    page = Page(b"<html><body>Not found</body></html>", status=404)
                if page.delay:
                    time.sleep(page.delay)
                if page.status == 200 and _not_modified(page, self.headers):
                    self.send_response(304)
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean; requests are recorded above

        return _Handler


def _not_modified(page: Page, request_headers: Mapping[str, str]) -> bool:
    """A conditional GET whose validators match the page's (RFC 9110 13.1): If-None-Match
    wins over If-Modified-Since, as servers do."""
    etag = page.headers.get("ETag")
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        return etag is not None and etag in [t.strip() for t in if_none_match.split(",")]
    last_modified = page.headers.get("Last-Modified")
    since = request_headers.get("If-Modified-Since")
    if since is None or last_modified is None:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
