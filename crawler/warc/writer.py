"""Writes every response a crawl fetches, with its request, as WARC records (ISO 28500) under
``POLWIRE_WARC_DIR`` ([crawl] warc_dir, `polwire crawl --warc DIR`), in gzipped files rotated
at ``POLWIRE_WARC_MAX_BYTES``: a crawl that can be archived, shared and imported elsewhere."""

from __future__ import annotations

import io
import logging
import os
from datetime import UTC, datetime
from http.client import responses as reason_phrases
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

if TYPE_CHECKING:
    from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

# Headers that describe the bytes on the wire as Scrapy no longer has them: its HTTP client
# has already undone the chunking, so a record saying "chunked" would not read back.
_DROPPED_HEADERS = {b"transfer-encoding"}


class RotatingWarcWriter:
    """``<dir>/<prefix>-<UTC time>-<pid>-<n>.warc.gz``, a new file once one reaches
    ``max_bytes``; each file opens with a warcinfo record."""

    def __init__(self, directory: Path, prefix: str, max_bytes: int) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.serial = 0
        self.files: list[Path] = []
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    def write(self, request: Request, response: Response) -> None:
        # warcio is imported here: most crawls write no WARC and never need it.
        from warcio.statusandheaders import StatusAndHeaders

        writer = self._current()
        when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        request_headers = StatusAndHeaders(
            f"{request.method} {_path_of(request.url)} HTTP/1.1",
            _header_pairs(request.headers),
            protocol="HTTP/1.1",
            is_http_request=True,
        )
        request_record = writer.create_warc_record(
            request.url,
            "request",
            payload=io.BytesIO(request.body or b""),
            http_headers=request_headers,
            warc_headers_dict={"WARC-Date": when},
        )
        status = f"{response.status} {reason_phrases.get(response.status, 'Unknown')}"
        response_headers = StatusAndHeaders(
            status, _header_pairs(response.headers), protocol="HTTP/1.1"
        )
        response_record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-Date": when},
        )
        writer.write_request_response_pair(request_record, response_record)

    def _current(self) -> WARCWriter:
        if self._fh is not None and self._fh.tell() >= self.max_bytes:
            self.close()
        if self._writer is None:
            self.serial += 1
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
            path = self.directory / name
            self.directory.mkdir(parents=True, exist_ok=True)
            from warcio.warcwriter import WARCWriter

            self._fh = path.open("wb")
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(
                name, {"software": "polwire", "format": "WARC File Format 1.0"}
            )
            self._writer.write_record(info)
            self.files.append(path)
            logger.info("writing WARC records to %s", path)
        return self._writer

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        if name.lower() in _DROPPED_HEADERS:
            continue
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


class WarcMiddleware:
    """A downloader middleware placed before HttpCompression (so the body is written as it
    came, content encoding and all) and before the retries (every response fetched)."""

    def __init__(self, writer: RotatingWarcWriter) -> None:
        self.writer = writer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        directory = crawler.settings.get("POLWIRE_WARC_DIR")
        if not directory:
            raise NotConfigured  # no message: Scrapy would warn on every crawl without WARC
        assert crawler.spidercls is not None
        middleware = cls(
            RotatingWarcWriter(
                Path(directory).expanduser(),
                f"polwire-{crawler.spidercls.name}",
                crawler.settings.getint("POLWIRE_WARC_MAX_BYTES"),
            )
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        try:
            self.writer.write(request, response)
        except OSError as exc:  # a full disk must not stop the crawl itself
            logger.error("WARC record of %s not written: %s", response.url, exc)
        return response

    def spider_closed(self, spider: Spider) -> None:
        self.writer.close()
