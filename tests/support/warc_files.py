"""WARC files the tests write themselves with warcio, from pages they serve or hold, and the
ways such a file gets damaged (a cut gzip member, a garbled header, a binary payload)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"


def write_warc(path: Path, pages: Iterable[ArchivedPage], *, gzip: bool = True) -> Path:
    """A WARC of one response record per page (a request record before each, as a crawler
    writes them)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for page in pages:
            request = StatusAndHeaders(
                f"GET {page.url} HTTP/1.1",
                [("Host", "x")],
                protocol="HTTP/1.1",
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(page.url, "request", http_headers=request)
            )
            headers = StatusAndHeaders(
                page.status,
                [("Content-Type", page.content_type), ("Content-Length", str(len(page.body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    page.url, "response", payload=io.BytesIO(page.body), http_headers=headers
                )
            )
    return path


def record_offsets(path: Path) -> dict[str, int]:
    """Target URI -> offset of its response record."""
    offsets: dict[str, int] = {}
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if record.rec_type == "response":
                offsets[record.rec_headers.get_header("WARC-Target-URI")] = iterator.offset
    return offsets


def member_bounds(path: Path, url: str) -> tuple[int, int]:
    """Start and end of the gzip member of ``url``'s response record."""
    with path.open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if (
                record.rec_type == "response"
                and record.rec_headers.get_header("WARC-Target-URI") == url
            ):
                start = iterator.offset
                iterator.read_to_end()
                return start, start + iterator.get_record_length()
    raise KeyError(url)
