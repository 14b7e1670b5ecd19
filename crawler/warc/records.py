"""Reads the HTTP responses of a WARC or ARC file (gzipped or not) record by record, with each
record's byte offset, and steps over broken records instead of stopping at the first one."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from storage.stat_keys import SkipReason

logger = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_ARC_START = b"filedesc://"
_SCAN_CHUNK = 1 << 20
# What a damaged member or header raises inside warcio (zlib for a cut or garbled gzip member,
# ValueError for a Content-Length that is not a number, EOFError for a file cut in a header).
_BROKEN = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    IndexError,
    KeyError,
    UnicodeDecodeError,
)


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """One HTTP response as the archive kept it."""

    offset: int  # where its record starts in the file
    url: str
    fetched_at: datetime  # WARC-Date: when the archive fetched it
    status: int
    content_type: str
    body: bytes  # transfer and content encodings undone


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    offset: int
    reason: SkipReason
    url: str | None = None


@dataclass(frozen=True, slots=True)
class OtherRecord:
    """A record that is no HTTP response (request, metadata, warcinfo...): nothing to read."""

    offset: int


ArchiveEntry = ArchivedResponse | SkippedRecord | OtherRecord


def read_archive(
    path: str, *, start: int = 0, max_record_bytes: int = 10 * 1024 * 1024
) -> Iterator[ArchiveEntry]:
    """Every record of the file from byte ``start`` (the offset of a record), in order.

    A record that cannot be read is given as a :class:`SkippedRecord` with its reason, and
    reading goes on at the next record start found after it (the next gzip member, or the
    next ``WARC/1.`` header line in an uncompressed file)."""
    with open(path, "rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        marker = _GZIP_MAGIC if gzipped else (_WARC_START, _ARC_START)
        position: int | None = start
        while position is not None:
            fh.seek(position)
            iterator = ArchiveIterator(fh, arc2warc=True)
            last: int | None = None  # offset of the last record read from ``position``
            try:
                while True:
                    try:
                        record = next(iterator)
                    except StopIteration:
                        return
                    # Moved to the record's start once the one before was read to its end.
                    last = iterator.offset
                    yield _entry(record, last, max_record_bytes)
            except _BROKEN as exc:
                if last is not None:
                    # The failure is somewhere past the last good start: read again from the
                    # next start after it, where the broken record (if it starts there)
                    # fails first thing and is counted below.
                    position = _next_start(fh, last + 1, marker)
                    continue
                following = _next_start(fh, position + 1, marker)
                reason = _reason(exc)
                if gzipped and _member_is_cut(fh, position, following):
                    reason = SkipReason.TRUNCATED_RECORD
                logger.warning("%s: %s at byte %d (%.120s): skipped", path, reason, position, exc)
                yield SkippedRecord(offset=position, reason=reason)
                position = following
            finally:
                iterator.close()


def _member_is_cut(fh: IO[bytes], start: int, end: int | None) -> bool:
    """Whether the gzip member from ``start`` (to ``end``) is cut short or garbled."""
    fh.seek(start)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    left = None if end is None else end - start
    try:
        while left is None or left > 0:
            chunk = fh.read(_SCAN_CHUNK if left is None else min(_SCAN_CHUNK, left))
            if not chunk:
                break
            if left is not None:
                left -= len(chunk)
            inflater.decompress(chunk, 0)
            if inflater.eof:
                return False
    except zlib.error:
        return True
    return not inflater.eof


def _entry(record: Any, offset: int, max_record_bytes: int) -> ArchiveEntry:
    if record.rec_type != "response":
        return OtherRecord(offset)
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if not url.startswith(("http://", "https://")):
        return SkippedRecord(offset, SkipReason.NO_TARGET_URI)
    if record.length is not None and int(record.length) > max_record_bytes:
        return SkippedRecord(offset, SkipReason.RECORD_TOO_LARGE, url)
    headers = record.http_headers
    if headers is None:
        return SkippedRecord(offset, SkipReason.BAD_HTTP_HEADER, url)
    try:
        status = int(headers.get_statuscode())
    except (TypeError, ValueError):
        return SkippedRecord(offset, SkipReason.BAD_HTTP_HEADER, url)
    body = record.content_stream().read(max_record_bytes + 1)
    if record.raw_stream.limit > 0:
        return SkippedRecord(offset, SkipReason.TRUNCATED_RECORD, url)
    if len(body) > max_record_bytes:
        return SkippedRecord(offset, SkipReason.RECORD_TOO_LARGE, url)
    if status != 200:
        return SkippedRecord(offset, SkipReason.HTTP_NOT_OK, url)
    if b"\x00" in body[:4096]:
        return SkippedRecord(offset, SkipReason.BINARY_PAYLOAD, url)
    return ArchivedResponse(
        offset=offset,
        url=url,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        status=status,
        content_type=headers.get_header("Content-Type") or "",
        body=body,
    )


def _reason(exc: BaseException) -> SkipReason:
    if isinstance(exc, zlib.error | EOFError):  # the data ends inside the record
        return SkipReason.TRUNCATED_RECORD
    if isinstance(exc, StatusAndHeadersParserException) and "HTTP" in str(exc):
        return SkipReason.BAD_HTTP_HEADER
    return SkipReason.BAD_RECORD_HEADER


def _next_start(fh: IO[bytes], after: int, marker: bytes | tuple[bytes, ...]) -> int | None:
    """The offset of the first record start at or after ``after``, or None at the end."""
    markers = marker if isinstance(marker, tuple) else (marker,)
    position = after
    keep = max(len(m) for m in markers) - 1
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        found = [i for i in (chunk.find(m) for m in markers) if i >= 0]
        if found:
            return position + min(found)
        if len(chunk) < _SCAN_CHUNK:
            return None
        position += len(chunk) - keep


def _warc_date(value: str | None) -> datetime:
    if value:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        except ValueError:
            pass
        try:  # ARC dates: 20250101120000
            return datetime.strptime(value.strip()[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)
